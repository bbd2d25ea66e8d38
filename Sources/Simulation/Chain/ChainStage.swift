import ScoringCore
import Chain

/// One run's chain: what each validator has seen since it last set weights, its weight setter's
/// memory, the weights stored on chain, and the mechanism's carried state (bonds).
///
/// UIDs: miners first (roster order, UID = miner index), then validators (UID = miner count +
/// validator index). Miners hold no stake; validators hold their roster stake.
///
/// Every epoch ``observe(_:tasks:)`` adds each validator's own scores (the noisy scores it gave
/// the submissions it was assigned, not the consensus) to its view. Every `tempo` epochs
/// ``settle(epoch:excellence:)`` has every validator turn its view into weights through the weight
/// setter and its behaviour, runs them through the SDK's processing and u16 conversion
/// (``WeightEmission``), runs one chain epoch and returns the TAO per UID.
final class ChainStage {
    let settings: SimulationChainSettings
    let minerCount: Int
    let validatorCount: Int
    let behaviours: [ValidatorBehaviour]
    /// Per validator: the miner indexes a colluding validator boosts (empty otherwise).
    let boosted: [[Int]]
    let stakes: [Double]
    let columns: [Int]
    private let ones: [Double]

    /// `v · minerCount + m`: the sum and count of validator v's scores of miner m since it last set
    /// weights (validator-major: each validator adds into, and later reads, its own stretch).
    private var sums: [Double]
    private var counts: [Int32]
    /// Per validator: its view (last mean score per miner), its setter memory and its own streaks.
    private var views: [[Double]]
    private var memories: [[Double]]
    private var streaks: [[Int]]
    private(set) var weights: SparseMatrix<UInt16>
    private var lastUpdate: [UInt64]
    /// Every UID registered at block 0 (the same array each epoch).
    private let registeredAt: [UInt64]
    /// Per-miner buffers of one validator's observation, reused from validator to validator.
    private var observedBuffer: [Bool]
    private var bonusBuffer: [Double]
    private var topBuffer: [Int] = []
    private var permits: [Bool]
    private var state: ChainState
    /// The last chain epoch's result (`nil` before the first).
    private(set) var last: ChainEpochResult?
    /// Chain epochs run so far.
    private(set) var steps = 0
    /// Per validator: whether it set weights at the last chain epoch.
    private(set) var setAtLastStep: [Bool]

    init(settings: SimulationChainSettings, roster: Roster) {
        self.settings = settings
        minerCount = roster.miners.count
        validatorCount = roster.validators.count
        behaviours = roster.validators.map(\.behaviour)
        let index = Dictionary(roster.miners.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        boosted = roster.validators.map { v in
            if case .colluding(let ids, _) = v.behaviour { return ids.compactMap { index[$0] } }
            return []
        }
        let n = minerCount + validatorCount
        stakes = Array(repeating: 0, count: minerCount) + roster.validators.map(\.stake)
        columns = Array(0..<minerCount)
        ones = Array(repeating: 1, count: minerCount)
        sums = Array(repeating: 0, count: validatorCount * minerCount)
        counts = Array(repeating: 0, count: validatorCount * minerCount)
        views = Array(repeating: Array(repeating: 0, count: minerCount), count: validatorCount)
        memories = Array(repeating: [], count: validatorCount)
        streaks = Array(repeating: Array(repeating: 0, count: minerCount), count: validatorCount)
        weights = SparseMatrix(count: n)
        lastUpdate = Array(repeating: 0, count: n)
        registeredAt = Array(repeating: 0, count: n)
        observedBuffer = Array(repeating: false, count: minerCount)
        bonusBuffer = Array(repeating: 0, count: minerCount)
        permits = stakes.map { $0 > 0 }
        state = .initial(uidCount: n)
        setAtLastStep = Array(repeating: false, count: validatorCount)
    }

    /// Adds every evaluation of the epoch to its validator's view, from the engine's evaluations
    /// grouped by validator: validator `v`'s group is `ends[v − 1]..<ends[v]` (from 0 for the first)
    /// of `scores` and `miners`. One validator's adds go into its own stretch
    /// of the tables, which stays in the first-level cache (adding in submission order jumped
    /// between the validators' stretches, a cache miss on most adds).
    func observe(scores: _UnsafeArenaBuffer<Double>, miners: _UnsafeArenaBuffer<Int32>, ends: _UnsafeArenaBuffer<Int>) {
        let evaluations = validatorCount > 0 ? ends[validatorCount - 1] : 0
        precondition(miners.count >= evaluations && scores.count >= evaluations, "observe: the evaluations' miners are not kept")
        let m = minerCount
        // Taken out of the class while written (no exclusivity checks on its storage per access),
        // and written through spans (no uniqueness check per element).
        var sumArray = self.sums, countArray = self.counts
        self.sums = []
        self.counts = []
        do {
            var sums = sumArray.mutableSpan, counts = countArray.mutableSpan
            var start = 0
            for v in 0..<validatorCount {
                let end = ends[v], base = v * m
                for slot in start..<end {
                    let cell = base + Int(miners[slot])
                    sums[cell] += scores[slot]
                    counts[cell] += 1
                }
                start = end
            }
        }
        self.sums = sumArray
        self.counts = countArray
    }

    /// What one chain epoch paid, in TAO per UID, and the owner's cut.
    struct Payout {
        var perUID: [Double]
        var ownerTao: Double
        var emission: Double
    }

    /// At the end of a tempo (`epoch` a multiple of `tempo`): every validator sets its weights and the
    /// chain runs one epoch; `nil` in the epochs between.
    /// - Throws: the mechanism's refusal, or a weight conversion error, as a message.
    func settle(epoch: Int, excellence: any ExcellenceBonusFormula) throws(ChainStageError) -> Payout? {
        guard epoch % settings.tempo == 0 else { return nil }
        let block = UInt64(steps + 1) * settings.blocksPerTempo
        let consensus = last.map { Array($0.consensus.prefix(minerCount)) }
        var sums = self.sums, counts = self.counts
        self.sums = []
        self.counts = []
        defer {
            self.sums = sums
            self.counts = counts
        }
        // The stored weights rebuilt row after row, straight into compressed rows: a validator's
        // new row, or its row as it was when it sets none (replacing rows in place moved every
        // later row whenever a row's length changed; appending entry by entry checked each append).
        let oldColumns = weights.columnIndices, oldValues = weights.values
        var offsets: [Int] = [0], newColumns: [Int32] = [], newValues: [UInt16] = []
        offsets.reserveCapacity(weights.rowCount + 1)
        newColumns.reserveCapacity(weights.nonZeroCount + minerCount)
        newValues.reserveCapacity(weights.nonZeroCount + minerCount)
        for uid in 0..<minerCount {
            let r = weights.entryRange(ofRow: uid)
            newColumns.append(contentsOf: oldColumns[r])
            newValues.append(contentsOf: oldValues[r])
            offsets.append(newValues.count)
        }
        for v in 0..<validatorCount {
            var observation = observation(of: v, excellence: excellence, sums: &sums, counts: &counts)
            let own = settings.weightSetter.weights(observation, memory: &memories[v])
            // The buffers back for the next validator (unique again once `observation` lets go).
            swap(&observedBuffer, &observation.observed)
            swap(&bonusBuffer, &observation.bonuses)
            setAtLastStep[v] = false
            if let set = behave(v, own: own, consensus: consensus) {
                setAtLastStep[v] = true
                do {
                    try settings.emission.append(set, columns: columns, toColumns: &newColumns, values: &newValues)
                } catch {
                    throw ChainStageError(message: "validator #\(v + 1)'s weights cannot be set: \(error)")
                }
                lastUpdate[minerCount + v] = block
            } else {
                let r = weights.entryRange(ofRow: minerCount + v)
                newColumns.append(contentsOf: oldColumns[r])
                newValues.append(contentsOf: oldValues[r])
            }
            offsets.append(newValues.count)
        }
        weights = SparseMatrix(rowOffsets: offsets, columnIndices: newColumns, values: newValues)
        let emission = settings.emissionPerTempo * (1 - settings.ownerCut)
        let input = ChainEpochInput(block: block, stakes: stakes, weights: weights, validatorPermits: permits,
                                    lastUpdate: lastUpdate, registeredAt: registeredAt,
                                    emission: emission * Self.raoPerTao)
        let result: ChainEpochResult
        do {
            result = try settings.mechanism.epoch(input, state: state)
        } catch {
            throw ChainStageError(message: "chain mechanism '\(settings.mechanismKey)' refused epoch \(epoch): \(error)")
        }
        state = result.state
        permits = result.validatorPermits
        last = result
        steps += 1
        var perUID = [Double](repeating: 0, count: stakes.count)
        for uid in 0..<stakes.count {
            perUID[uid] = (result.serverEmission[uid] + result.validatorEmission[uid]) / Self.raoPerTao
        }
        return Payout(perUID: perUID, ownerTao: settings.emissionPerTempo * settings.ownerCut, emission: settings.emissionPerTempo)
    }

    /// The chain splits emission in rao (10⁹ per TAO), so fixed arithmetic's whole-unit truncation
    /// is a truncation to whole rao.
    static let raoPerTao = 1e9

    /// Validator `v`'s observation: the mean of the scores it gave each miner since it last set
    /// weights (its previous view for miners it did not see), and its own excellence bonus from
    /// ranking that view (its own streaks). Clears the tempo's sums.
    private func observation(of v: Int, excellence: any ExcellenceBonusFormula, sums: inout [Double],
                             counts: inout [Int32]) -> WeightObservation {
        let m = minerCount, base = v * m
        // The reused buffers, taken out while they are filled (unique, so no copy on write).
        var observed = observedBuffer, bonuses = bonusBuffer, top = topBuffer
        observedBuffer = []
        bonusBuffer = []
        topBuffer = []
        top.removeAll(keepingCapacity: true)
        // Taken out of the arrays while they change (unique, so no copy on write).
        var view = views[v]
        views[v] = []
        do {
            // Through spans: no uniqueness check of each array per miner.
            var observedSpan = observed.mutableSpan, bonusSpan = bonuses.mutableSpan, viewSpan = view.mutableSpan
            var sumSpan = sums.mutableSpan, countSpan = counts.mutableSpan
            for j in 0..<m {
                bonusSpan[j] = 0
                let cell = base + j
                let count = countSpan[cell]
                observedSpan[j] = count > 0
                guard count > 0 else { continue }
                viewSpan[j] = sumSpan[cell] / Double(count)
                sumSpan[cell] = 0
                countSpan[cell] = 0
            }
        }
        views[v] = view
        // Its own ranking's top K (ties in miner order, as the engine's ranking): only they can
        // carry a streak and a bonus; every other miner's streak resets (rank > K).
        let topK = min(excellence.topK, m)
        top.reserveCapacity(topK + 1)
        // The score a miner must beat once the list is full (the last one's), kept in a local.
        var cutoff = -Double.infinity
        for j in 0..<m where topK > 0 {
            let score = view[j]
            if top.count == topK, !(score > cutoff) { continue }
            // Into the sorted list: a new last slot while it is short (else the last miner drops
            // out), then moved up past every miner it beats (strictly: ties keep miner order).
            if top.count < topK { top.append(j) }
            var position = top.count - 1
            while position > 0, score > view[top[position - 1]] {
                top[position] = top[position - 1]
                position -= 1
            }
            top[position] = j
            if top.count == topK { cutoff = view[top[topK - 1]] }
        }
        var streak = streaks[v]
        streaks[v] = []
        // Every miner outside the top K loses its streak (the top K's streaks are read first, so no
        // per-miner array of flags is made per validator).
        var carried = [Int](repeating: 0, count: top.count)
        for (position, j) in top.enumerated() { carried[position] = streak[j] }
        do {
            var streakSpan = streak.mutableSpan
            for j in 0..<m { streakSpan[j] = 0 }
        }
        for (position, j) in top.enumerated() {
            streak[j] = view[j] > 0 ? carried[position] + 1 : 0
            bonuses[j] = excellence.bonus(rank: position + 1, streak: streak[j])
        }
        streaks[v] = streak
        topBuffer = top
        // Shared arrays of ones (no allocation per validator): the simulation has no tiers or reputation.
        return WeightObservation(scores: view, observed: observed, bonuses: bonuses, multipliers: ones, reputation: ones)
    }

    /// The weights validator `v` sets given its own, or `nil` when it sets none this tempo.
    private func behave(_ v: Int, own: [Double], consensus: [Double]?) -> [Double]? {
        switch behaviours[v] {
        case .honest:
            return own
        case .weightCopier:
            return consensus
        case .colluding(_, let boost):
            var w = own
            let top = own.max() ?? 0
            for j in boosted[v] { w[j] = max(w[j], top * boost) }
            return w
        case .lazy(let every):
            return steps % every == 0 ? own : nil
        }
    }

    /// Validator `v`'s bonds: the sum of its bond row (each bond in [0, 1]).
    func bondSum(validator v: Int) -> Double {
        // Straight from the flat arrays (reading `[row:]` would build an entry array per call).
        let bonds = state.bonds.values
        var sum = 0.0
        for p in state.bonds.entryRange(ofRow: minerCount + v) { sum += bonds[p] }
        return sum
    }
}

/// Why a chain epoch of a simulation could not run.
struct ChainStageError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
