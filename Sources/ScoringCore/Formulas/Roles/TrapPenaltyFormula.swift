/// Eq. 9 role: a miner's penalty factor from its scores on trap tasks (tasks with known answers).
///
/// Guarantees: in [0, 1]; 1 when no traps were seen; non-decreasing in each trap score.
/// `groundTruths` has one known score per trap (a variant may ignore it).
/// Playground input `{trap_scores: [..], ground_truths: [..]}`; output `{penalty}`.
public protocol TrapPenaltyFormula: ScoringFormula {
    func penalty(trapScores: [Double], groundTruths: [Double]) -> Double
    /// The batch form of ``penalty(trapScores:groundTruths:)`` over one epoch's miners: trap `t`'s
    /// scores of the `m = penalties.count` miners are `trapScores[t·m ..< t·m + m]`, its known
    /// score `groundTruths[t]`; one penalty per miner.
    func penalties(trapScores: Span<Double>, groundTruths: Span<Double>, into penalties: inout MutableSpan<Double>)
}

extension TrapPenaltyFormula {
    public static var role: FormulaRole { .trapPenalty }

    /// The batch built from the scalar method, one miner at a time.
    public func penalties(trapScores: Span<Double>, groundTruths: Span<Double>, into penalties: inout MutableSpan<Double>) {
        let miners = penalties.count
        let truths = Batch.array(groundTruths, 0..<groundTruths.count)
        for j in 0..<miners {
            penalties[j] = penalty(trapScores: Batch.column(trapScores, j, of: miners), groundTruths: truths)
        }
    }

    public func evaluate(_ input: ConfigNode) throws -> ConfigNode {
        let r = try ConfigReader(input, path: "input")
        let scores = try r.doubles("trap_scores")
        let truths = try r.doubles("ground_truths", default: Array(repeating: 1, count: scores.count))
        try r.finish()
        guard truths.count == scores.count else {
            throw ConfigError(.invalidValue, at: r.location(of: "ground_truths"), path: "input.ground_truths",
                              "'ground_truths' must have one entry per trap score (\(scores.count)), found \(truths.count)")
        }
        return .map(["penalty": .double(penalty(trapScores: scores, groundTruths: truths))])
    }
}
