import ScoringCore

/// What an engine carries from one epoch to the next, in its arena: the miners' ranks, streaks,
/// breakthroughs and totals, the validators' totals and their VAS history.
///
/// The VAS history is a matrix with one row per epoch (oldest first) and one column per
/// validator — every validator gains one value per epoch — the layout the reputation and slashing
/// formulas' batch methods take. It keeps at most twice the longest window the formulas read: when
/// full, the older half is dropped.
struct RunState {
    let rank: _UnsafeArenaBuffer<Int>
    let streak: _UnsafeArenaBuffer<Int>
    let breakthroughs: _UnsafeArenaBuffer<Int>
    let minerTotal: _UnsafeArenaBuffer<Double>
    let validatorTotal: _UnsafeArenaBuffer<Double>
    private let history: _UnsafeArenaBuffer<Double>
    private let validatorCount: Int
    private let historyWindow: Int
    /// Epochs in the VAS history (rows of the matrix).
    private(set) var historyLength: Int {
        get { historyLengthSlot[0] }
        nonmutating set { historyLengthSlot[0] = newValue }
    }
    private let historyLengthSlot: _UnsafeArenaBuffer<Int>

    init(minerCount: Int, validatorCount: Int, historyWindow: Int, arena: _UnsafeArena) {
        rank = arena.buffer(minerCount, repeating: 0)
        streak = arena.buffer(minerCount, repeating: 0)
        breakthroughs = arena.buffer(minerCount, repeating: 0)
        minerTotal = arena.buffer(minerCount, repeating: 0)
        validatorTotal = arena.buffer(validatorCount, repeating: 0)
        history = arena.buffer(2 * historyWindow * validatorCount, repeating: 0)
        historyLengthSlot = arena.buffer(1, repeating: 0)
        self.validatorCount = validatorCount
        self.historyWindow = historyWindow
    }

    /// Appends one epoch's values (one per validator), dropping the older half when full.
    func appendToHistory(_ values: _UnsafeArenaBuffer<Double>) {
        let v = validatorCount
        if historyLength >= 2 * historyWindow {
            history.assign(from: history.slice((historyWindow * v)..<(2 * historyWindow * v)), count: historyWindow * v)
            historyLength = historyWindow
        }
        history.slice((historyLength * v)..<((historyLength + 1) * v)).assign(from: values, count: v)
        historyLength += 1
    }

    /// Calls `body` with the VAS history, epoch by epoch, oldest first.
    func withHistory<T>(_ body: (Span<Double>) -> T) -> T {
        history.withSpan(count: historyLength * validatorCount, body)
    }
}

/// One epoch's working values, in the engine's arena: sized once for the run (the most tasks an
/// epoch has), every slot written before it is read.
struct EpochScratch {
    /// CMS of each submission after any plagiarism penalty, `task · minerCount + miner`.
    let scoreLog: _UnsafeArenaBuffer<Double>
    let difficulties: _UnsafeArenaBuffer<Int>
    /// The trap tasks' rows of the score log (in task order) and their ground truths.
    let trapLog: _UnsafeArenaBuffer<Double>
    let trapTruths: _UnsafeArenaBuffer<Double>
    var trapCount: Int {
        get { counts[0] }
        nonmutating set { counts[0] = newValue }
    }
    private let counts: _UnsafeArenaBuffer<Int>
    /// The evaluations grouped by validator, with their submissions' consensus; validator `v`'s
    /// group ends at `groupEnds[v]` (`validatorCount + 1` slots, for the counting sort).
    let groupedScores: _UnsafeArenaBuffer<Double>
    let groupedConsensus: _UnsafeArenaBuffer<Double>
    let groupEnds: _UnsafeArenaBuffer<Int>
    /// The miner of each grouped evaluation, kept only when a chain is configured (its validators'
    /// views are built from their own groups); empty otherwise.
    let groupedMiners: _UnsafeArenaBuffer<Int32>
    /// Per miner (roster order).
    let flags: _UnsafeArenaBuffer<Int>
    let trapPenalty: _UnsafeArenaBuffer<Double>
    let sEpoch: _UnsafeArenaBuffer<Double>
    let peb: _UnsafeArenaBuffer<Double>
    let seen: _UnsafeArenaBuffer<Bool>
    /// Per rank position: the miner, its score and bonus, its reward.
    let ranked: _UnsafeArenaBuffer<Int>
    let rankedScores: _UnsafeArenaBuffer<Double>
    let rankedBonuses: _UnsafeArenaBuffer<Double>
    let minerRewards: _UnsafeArenaBuffer<Double>
    /// Per validator (roster order).
    let vas: _UnsafeArenaBuffer<Double>
    let reputation: _UnsafeArenaBuffer<Double>
    let slashed: _UnsafeArenaBuffer<Double>
    let validatorRewards: _UnsafeArenaBuffer<Double>
    /// Eq. 1's input and output (a batch of one epoch).
    let emission: _UnsafeArenaBuffer<Double>
    let minerShare: _UnsafeArenaBuffer<Double>
    let validatorShare: _UnsafeArenaBuffer<Double>

    init(minerCount m: Int, validatorCount v: Int, tasks: Int, k: Int, keepsMiners: Bool, arena: _UnsafeArena) {
        scoreLog = arena.buffer(tasks * m, repeating: 0)
        difficulties = arena.buffer(tasks, repeating: 0)
        trapLog = arena.buffer(tasks * m, repeating: 0)
        trapTruths = arena.buffer(tasks, repeating: 0)
        counts = arena.buffer(1, repeating: 0)
        groupedScores = arena.buffer(tasks * m * k, repeating: 0)
        groupedConsensus = arena.buffer(tasks * m * k, repeating: 0)
        groupEnds = arena.buffer(v + 1, repeating: 0)
        groupedMiners = arena.buffer(keepsMiners ? tasks * m * k : 0, repeating: 0)
        flags = arena.buffer(m, repeating: 0)
        trapPenalty = arena.buffer(m, repeating: 1)
        sEpoch = arena.buffer(m, repeating: 0)
        peb = arena.buffer(m, repeating: 0)
        seen = arena.buffer(m, repeating: false)
        ranked = arena.buffer(m, repeating: 0)
        rankedScores = arena.buffer(m, repeating: 0)
        rankedBonuses = arena.buffer(m, repeating: 0)
        minerRewards = arena.buffer(m, repeating: 0)
        vas = arena.buffer(v, repeating: 1)
        reputation = arena.buffer(v, repeating: 1)
        slashed = arena.buffer(v, repeating: 0)
        validatorRewards = arena.buffer(v, repeating: 0)
        emission = arena.buffer(1, repeating: 0)
        minerShare = arena.buffer(1, repeating: 0)
        validatorShare = arena.buffer(1, repeating: 0)
    }
}

/// Who copies whom: the roster's copycats, their fixed targets and noise, and the order
/// submissions arrive in (honest miners first, in roster order, then copycats).
struct CopycatPlan {
    /// Per miner: its fixed target's index; `nil` for the previous epoch's leader, or for an honest miner.
    let target: [Int?]
    /// Per miner: the share of words a copycat changes (0 for honest miners).
    let noise: [Double]
    let submissionOrder: [Int]

    init(_ roster: Roster) {
        let miners = roster.miners
        target = miners.map { m in
            if case .copycat(.miner(let id), _) = m.behaviour { return miners.firstIndex { $0.id == id } }
            return nil
        }
        noise = miners.map { m in
            if case .copycat(_, let noise) = m.behaviour { return noise }
            return 0
        }
        submissionOrder = miners.indices.filter { !miners[$0].behaviour.isCopycat }
            + miners.indices.filter { miners[$0].behaviour.isCopycat }
    }
}
