import ReasonForge
import ScoringCore

/// One run's copies of the roster and domain tables the epoch loop reads, in its engine's arena.
///
/// Nothing here points into values shared with other runs, so Monte Carlo runs on different
/// threads never touch (or reference-count) the same memory in the loop.
struct RunTables {
    let minerCount: Int
    let validatorCount: Int
    let domainCount: Int
    /// Each miner's bonus per domain, `miner · domainCount + domain`.
    let domainBonus: _UnsafeArenaBuffer<Double>
    /// Each miner's base dimensions and noise σ.
    let base: _UnsafeArenaBuffer<DimensionScores>
    let minerNoise: _UnsafeArenaBuffer<Double>
    /// Each validator's stake, bias and noise σ.
    let stakes: _UnsafeArenaBuffer<Double>
    let validatorBias: _UnsafeArenaBuffer<Double>
    let validatorNoise: _UnsafeArenaBuffer<Double>
    /// Every domain's check weights, one domain after the other: domain `d`'s are
    /// `checkWeights.slice(weightOffset[d] ..< weightOffset[d] + checkCount[d])`.
    let checkWeights: _UnsafeArenaBuffer<Double>
    let weightOffset: _UnsafeArenaBuffer<Int>
    let checkCount: _UnsafeArenaBuffer<Int>
    /// The largest check count of any domain.
    let maxChecks: Int
    /// Per miner: whether it is a copycat (copycats draw nothing; they copy when the epoch is completed).
    let isCopycat: _UnsafeArenaBuffer<Bool>
    let hasCopycats: Bool

    init(settings: SimulationSettings, domainBonus: [Double], arena: _UnsafeArena) {
        let miners = settings.roster.miners, validators = settings.roster.validators
        let domains = settings.domains.domains
        minerCount = miners.count
        validatorCount = validators.count
        domainCount = domains.count
        self.domainBonus = arena.buffer(copying: domainBonus)
        base = arena.buffer(copying: miners.map(\.profile.base))
        minerNoise = arena.buffer(copying: miners.map(\.profile.noise))
        stakes = arena.buffer(copying: validators.map(\.stake))
        validatorBias = arena.buffer(copying: validators.map(\.profile.bias))
        validatorNoise = arena.buffer(copying: validators.map(\.profile.noise))
        let weights = domains.map(\.checkWeights)
        checkWeights = arena.buffer(copying: weights.flatMap { $0 })
        var offsets: [Int] = []
        var total = 0
        for w in weights {
            offsets.append(total)
            total += w.count
        }
        weightOffset = arena.buffer(copying: offsets)
        checkCount = arena.buffer(copying: weights.map(\.count))
        maxChecks = weights.map(\.count).max() ?? 0
        isCopycat = arena.buffer(copying: miners.map(\.behaviour.isCopycat))
        hasCopycats = miners.contains { $0.behaviour.isCopycat }
    }

    /// Domain `domain`'s check weights.
    func weights(of domain: Int) -> _UnsafeArenaBuffer<Double> {
        checkWeights.slice(weightOffset[domain]..<(weightOffset[domain] + checkCount[domain]))
    }
}
