/// Eq. 13 role: the final score of a submission from its objective and consensus scores.
///
/// Guarantees: in [0, 1] for inputs in [0, 1]; non-decreasing in both.
/// Playground input `{objective, consensus}`; output `{final}`.
public protocol FinalScoreFormula: ScoringFormula {
    func finalScore(objective: Double, consensus: Double) -> Double
    /// The batch form of ``finalScore(objective:consensus:)``: one final score per submission of a task.
    func finalScores(objective: Span<Double>, consensus: Span<Double>, into scores: inout MutableSpan<Double>)
}

extension FinalScoreFormula {
    public static var role: FormulaRole { .finalScore }

    /// The batch built from the scalar method, one submission at a time.
    public func finalScores(objective: Span<Double>, consensus: Span<Double>, into scores: inout MutableSpan<Double>) {
        for i in 0..<objective.count { scores[i] = finalScore(objective: objective[i], consensus: consensus[i]) }
    }

    public func evaluate(_ input: ConfigNode) throws -> ConfigNode {
        let r = try ConfigReader(input, path: "input")
        let o = try r.double("objective", range: 0...1)
        let c = try r.double("consensus", range: 0...1)
        try r.finish()
        return .map(["final": .double(finalScore(objective: o, consensus: c))])
    }
}
