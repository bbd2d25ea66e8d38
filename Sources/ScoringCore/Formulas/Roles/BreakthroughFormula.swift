/// Eq. 6 role: rewards solving a previously unsolved task well.
///
/// Guarantees: the score is never lowered; it is unchanged when the task was already solved.
/// Playground input `{cms, previously_unsolved}`; output `{score, breakthrough}`.
public protocol BreakthroughFormula: ScoringFormula {
    func apply(cms: Double, previouslyUnsolved: Bool) -> BreakthroughResult
}

extension BreakthroughFormula {
    public static var role: FormulaRole { .breakthrough }
    public func evaluate(_ input: ConfigNode) throws -> ConfigNode {
        let r = try ConfigReader(input, path: "input")
        let cms = try r.double("cms", range: 0...Double.greatestFiniteMagnitude)
        let unsolved = try r.bool("previously_unsolved")
        try r.finish()
        let result = apply(cms: cms, previouslyUnsolved: unsolved)
        return .map(["score": .double(result.score), "breakthrough": .bool(result.isBreakthrough)])
    }
}
