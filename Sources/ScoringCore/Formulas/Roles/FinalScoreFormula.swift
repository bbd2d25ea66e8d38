/// Eq. 13 role: the final score of a submission from its objective and consensus scores.
///
/// Guarantees: in [0, 1] for inputs in [0, 1]; non-decreasing in both.
/// Playground input `{objective, consensus}`; output `{final}`.
public protocol FinalScoreFormula: ScoringFormula {
    func finalScore(objective: Double, consensus: Double) -> Double
}

extension FinalScoreFormula {
    public static var role: FormulaRole { .finalScore }
    public func evaluate(_ input: ConfigNode) throws -> ConfigNode {
        let r = try ConfigReader(input, path: "input")
        let o = try r.double("objective", range: 0...1)
        let c = try r.double("consensus", range: 0...1)
        try r.finish()
        return .map(["final": .double(finalScore(objective: o, consensus: c))])
    }
}
