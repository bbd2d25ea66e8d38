/// Eq. 3 role: a miner's epoch score from its per-task scores, the tasks' difficulties and its trap penalty.
///
/// Guarantees: 0 when there are no tasks; ≥ 0 for non-negative scores; non-decreasing in each score
/// and in the trap penalty. `difficultyMultiplier` maps a difficulty (1…10) to its weight D(t).
/// Playground input `{scores: [..], difficulties: [..], trap_penalty}`; output `{s_epoch}`.
public protocol EpochScoreFormula: ScoringFormula {
    func difficultyMultiplier(_ difficulty: Int) -> Double
    /// - Parameters:
    ///   - scores: the miner's per-task scores (CMS after breakthrough), in task order.
    ///   - difficulties: the matching task difficulties (same count as `scores`).
    ///   - trapPenalty: the miner's Eq. 9 penalty for the epoch.
    func epochScore(scores: [Double], difficulties: [Int], trapPenalty: Double) -> Double
    /// The batch form of ``epochScore(scores:difficulties:trapPenalty:)`` over one epoch's miners.
    ///
    /// - Parameters:
    ///   - scores: the epoch's scores task by task: task `t`'s scores of the `m = trapPenalties.count`
    ///     miners are `scores[t·m ..< t·m + m]` (so miner `j`'s scores, in task order, are every
    ///     `m`-th element from `j`).
    ///   - difficulties: each task's difficulty.
    ///   - trapPenalties: each miner's Eq. 9 penalty.
    ///   - epochScores: one slot per miner.
    func epochScores(scores: Span<Double>, difficulties: Span<Int>, trapPenalties: Span<Double>,
                     into epochScores: inout MutableSpan<Double>)
}

extension EpochScoreFormula {
    public static var role: FormulaRole { .epochScore }

    /// The batch built from the scalar method, one miner at a time.
    public func epochScores(scores: Span<Double>, difficulties: Span<Int>, trapPenalties: Span<Double>,
                            into epochScores: inout MutableSpan<Double>) {
        let miners = trapPenalties.count
        let allDifficulties = Batch.array(difficulties, 0..<difficulties.count)
        for j in 0..<miners {
            epochScores[j] = epochScore(scores: Batch.column(scores, j, of: miners), difficulties: allDifficulties,
                                        trapPenalty: trapPenalties[j])
        }
    }

    public func evaluate(_ input: ConfigNode) throws -> ConfigNode {
        let r = try ConfigReader(input, path: "input")
        let scores = try r.doubles("scores")
        let difficulties = try r.doubles("difficulties", default: Array(repeating: 5, count: scores.count)).map { Int($0) }
        let penalty = try r.double("trap_penalty", default: 1, range: 0...1)
        try r.finish()
        guard difficulties.count == scores.count else {
            throw ConfigError(.invalidValue, at: r.location(of: "difficulties"), path: "input.difficulties",
                              "'difficulties' must have one entry per score (\(scores.count)), found \(difficulties.count)")
        }
        return .map(["s_epoch": .double(epochScore(scores: scores, difficulties: difficulties, trapPenalty: penalty))])
    }
}
