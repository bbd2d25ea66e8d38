import Chain
public import ScoringCore
import ValidatorClient

/// The `chain:` options of a reputation run that send every pass's weights through a chain
/// mechanism (read by ``ReputationPipelineSettings``; `nil` when `chain.mechanism` is not written).
///
/// ```yaml
/// chain:
///   mechanism: {type: yuma, options: {arithmetic: float, yuma3: true}}   # any chain-consensus key
///   stakes: [1000, 5000]        # validator stakes, spread evenly from the largest (default [1000, 5000])
///   weight_setter: miid-phase3  # optional: how a validator turns its weighing into weights
///                               # (default: the policy's weights as they are)
///   max_weight_limit: 0.1       # (existing key) the SDK's cap, also applied here
/// ```
public struct ReputationChainSettings: Sendable {
    public var mechanismKey: String
    public var mechanism: any ChainConsensus
    public var stakes: ClosedRange<Double>
    public var weightSetter: (any WeightSetter)?

    static func read(_ c: ConfigReader, registry: ScoringRegistry) throws(ConfigError) -> ReputationChainSettings? {
        guard c.contains("mechanism") else { return nil }
        let mechanism = try c.component("mechanism", kind: .chainConsensus, default: "yuma", in: registry, as: (any ChainConsensus).self)
        let key = c.resolved["mechanism"]?["type"]?.stringValue ?? "yuma"
        let stakes = try c.doubles("stakes", default: [1000, 5000])
        guard stakes.count == 2, stakes[0] >= 0, stakes[0] <= stakes[1] else {
            throw ConfigError(.invalidValue, at: c.location(of: "stakes"), path: c.path(of: "stakes"),
                              "'\(c.path(of: "stakes"))' must be [min, max] with 0 ≤ min ≤ max")
        }
        var setter: (any WeightSetter)?
        if c.contains("weight_setter") {
            setter = try c.component("weight_setter", kind: .weightSetting, default: "miid-phase3", in: registry, as: (any WeightSetter).self)
        }
        return ReputationChainSettings(mechanismKey: key, mechanism: mechanism, stakes: stakes[0]...stakes[1], weightSetter: setter)
    }

    /// Validator `k`'s stake of `count`: largest first, spread evenly (as the simulation's rosters).
    func stake(_ k: Int, of count: Int) -> Double {
        let t = count > 1 ? Double(k) / Double(count - 1) : 0
        return (stakes.upperBound - (stakes.upperBound - stakes.lowerBound) * t).rounded()
    }
}

/// Runs each pass's weights through the chain twice, with and without reputation (each with its
/// own carried bonds), and accumulates each tier's share of the incentive.
///
/// UIDs: miners `0..<miners`, then validators. Each validator's weights go through the SDK's
/// processing and the u16 conversion (``WeightEmission``) before the mechanism sees them.
struct ReputationChainPass {
    let settings: ReputationChainSettings
    let miners: Int
    let validators: Int
    let emission: WeightEmission
    private var weighted: SparseMatrix<UInt16>
    private var unweighted: SparseMatrix<UInt16>
    private var weightedState: ChainState
    private var unweightedState: ChainState
    private var permits: [Bool]
    private var unweightedPermits: [Bool]
    private let stakes: [Double]
    private(set) var passes = 0
    /// Tier → summed incentive share over passes.
    private(set) var weightedIncentive: [String: Double] = [:]
    private(set) var unweightedIncentive: [String: Double] = [:]
    /// Whether every pass's incentive summed to 1 (both runs).
    private(set) var sumsToOne = true
    private var memories: [[Double]]

    init(settings: ReputationChainSettings, miners: Int, validators: Int, maxWeightLimit: Double?) {
        self.settings = settings
        self.miners = miners
        self.validators = validators
        emission = WeightEmission(minAllowedWeights: 1, maxWeightLimit: maxWeightLimit ?? 1)
        let n = miners + validators
        weighted = SparseMatrix(count: n)
        unweighted = SparseMatrix(count: n)
        weightedState = .initial(uidCount: n)
        unweightedState = .initial(uidCount: n)
        stakes = Array(repeating: 0, count: miners) + (0..<validators).map { settings.stake($0, of: validators) }
        permits = stakes.map { $0 > 0 }
        unweightedPermits = permits
        memories = Array(repeating: [], count: validators)
    }

    /// Records validator `k`'s weighing of this pass (its rows, with and without reputation).
    mutating func set(validator k: Int, _ result: WeighingResult) throws {
        let columns = result.miners.map(\.uid)
        var withReputation = result.miners.map(\.weight)
        let without = result.miners.map(\.unweightedWeight)
        if let setter = settings.weightSetter {
            let o = WeightObservation(scores: result.miners.map(\.baseReward), multipliers: result.miners.map(\.tierFactor),
                                      reputation: result.miners.map(\.repScore))
            withReputation = setter.weights(o, memory: &memories[k])
        }
        weighted[row: miners + k] = try emission.row(withReputation, columns: columns)
        unweighted[row: miners + k] = try emission.row(without, columns: columns)
    }

    /// Runs the pass's chain epoch (both runs) and adds each tier's incentive share.
    mutating func finishPass(_ pass: Int, tierOf: (Int) -> String) throws {
        let block = UInt64(pass) * 360
        let mechanism = settings.mechanism, stakes = self.stakes, miners = self.miners
        func run(_ weights: SparseMatrix<UInt16>, _ state: ChainState, _ permits: [Bool]) throws -> ChainEpochResult {
            let input = ChainEpochInput(block: block, stakes: stakes, weights: weights, validatorPermits: permits,
                                        lastUpdate: Array(repeating: block, count: stakes.count),
                                        registeredAt: Array(repeating: 0, count: stakes.count), emission: 1e9)
            return try mechanism.epoch(input, state: state)
        }
        let withReputation = try run(weighted, weightedState, permits)
        let without = try run(unweighted, unweightedState, unweightedPermits)
        weightedState = withReputation.state
        permits = withReputation.validatorPermits
        unweightedState = without.state
        unweightedPermits = without.validatorPermits
        for result in [withReputation, without] where abs(result.incentive.reduce(0, +) - 1) > 1e-6 { sumsToOne = false }
        for m in 0..<miners {
            weightedIncentive[tierOf(m), default: 0] += withReputation.incentive[m]
            unweightedIncentive[tierOf(m), default: 0] += without.incentive[m]
        }
        passes += 1
    }

    /// Mean incentive share per tier over the passes.
    func shares(tiers: [String]) -> [ReputationMetrics.IncentiveShare] {
        let n = Double(max(passes, 1))
        let all = tiers + Set(weightedIncentive.keys).subtracting(tiers).sorted()
        return all.map {
            ReputationMetrics.IncentiveShare(tier: $0, weighted: (weightedIncentive[$0] ?? 0) / n, unweighted: (unweightedIncentive[$0] ?? 0) / n)
        }
    }
}
