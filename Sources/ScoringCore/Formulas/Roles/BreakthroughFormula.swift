/// Eq. 6 role: rewards solving a previously unsolved task well.
///
/// Guarantees: the score is never lowered; it is unchanged when the task was already solved.
/// Playground input `{cms, previously_unsolved}`; output `{score, breakthrough}`.
public protocol BreakthroughFormula: ScoringFormula {
    func apply(cms: Double, previouslyUnsolved: Bool) -> BreakthroughResult
    /// The batch form of ``apply(cms:previouslyUnsolved:)`` over the submissions of one task (they
    /// share `previouslyUnsolved`): writes each submission's score and whether it was a
    /// breakthrough. `scores` and `isBreakthrough` have one slot per element of `cms`.
    func apply(cms: Span<Double>, previouslyUnsolved: Bool, scores: inout MutableSpan<Double>,
               isBreakthrough: inout MutableSpan<Bool>)
}

extension BreakthroughFormula {
    public static var role: FormulaRole { .breakthrough }

    /// The batch built from the scalar method, one submission at a time.
    public func apply(cms: Span<Double>, previouslyUnsolved: Bool, scores: inout MutableSpan<Double>,
                      isBreakthrough: inout MutableSpan<Bool>) {
        for i in 0..<cms.count {
            let result = apply(cms: cms[i], previouslyUnsolved: previouslyUnsolved)
            scores[i] = result.score
            isBreakthrough[i] = result.isBreakthrough
        }
    }

    public func evaluate(_ input: ConfigNode) throws -> ConfigNode {
        let r = try ConfigReader(input, path: "input")
        let cms = try r.double("cms", range: 0...Double.greatestFiniteMagnitude)
        let unsolved = try r.bool("previously_unsolved")
        try r.finish()
        let result = apply(cms: cms, previouslyUnsolved: unsolved)
        return .map(["score": .double(result.score), "breakthrough": .bool(result.isBreakthrough)])
    }
}
