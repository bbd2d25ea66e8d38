/// Eq. 12 role: the validators' consensus on one submission from their scores and stakes.
///
/// Guarantees: within [min(scores), max(scores)] when there is a score and total stake is
/// positive; 0 for no validators or a non-positive total stake; invariant under permuting the
/// (score, stake) pairs; scaling every stake by the same positive factor does not change it.
/// Playground input `{scores: [..], stakes: [..]}`; output `{consensus}`.
public protocol ConsensusFormula: ScoringFormula {
    func consensus(scores: [Double], stakes: [Double]) -> Double
    /// The batch form of ``consensus(scores:stakes:)``: one consensus per submission of a task.
    ///
    /// Submission `i` was scored by `k = scores.count / consensus.count` validators, whose scores
    /// and stakes are `scores[i·k ..< i·k + k]` and `stakes[i·k ..< i·k + k]` (the same count).
    func consensusScores(scores: Span<Double>, stakes: Span<Double>, into consensus: inout MutableSpan<Double>)
}

extension ConsensusFormula {
    public static var role: FormulaRole { .consensus }

    /// The batch built from the scalar method, one submission at a time.
    public func consensusScores(scores: Span<Double>, stakes: Span<Double>, into consensus: inout MutableSpan<Double>) {
        let count = consensus.count
        guard count > 0 else { return }
        let k = scores.count / count
        for i in 0..<count {
            let row = (i * k)..<(i * k + k)
            consensus[i] = self.consensus(scores: Batch.array(scores, row), stakes: Batch.array(stakes, row))
        }
    }

    public func evaluate(_ input: ConfigNode) throws -> ConfigNode {
        let r = try ConfigReader(input, path: "input")
        let scores = try r.doubles("scores")
        let stakes = try r.doubles("stakes", default: Array(repeating: 1, count: scores.count))
        try r.finish()
        guard stakes.count == scores.count else {
            throw ConfigError(.invalidValue, at: r.location(of: "stakes"), path: "input.stakes",
                              "'stakes' must have one entry per score (\(scores.count)), found \(stakes.count)")
        }
        return .map(["consensus": .double(consensus(scores: scores, stakes: stakes))])
    }
}
