/// Eq. 11 role: the objective score of a submission from its domain's automated checks.
///
/// Guarantees: in [0, 1] for check results in [0, 1] and weights that sum to at most 1;
/// non-decreasing in each check. `checks` and `weights` are in the domain's check order;
/// a missing check (fewer results than weights) counts 0.
/// Playground input `{checks: [..], weights: [..]}`; output `{objective}`.
public protocol ObjectiveScoreFormula: ScoringFormula {
    func objectiveScore(checks: [Double], weights: [Double]) -> Double
    /// The batch form of ``objectiveScore(checks:weights:)`` over the submissions of one task (they
    /// share the domain's `weights`): submission `i`'s check results are
    /// `checks[i·c ..< i·c + c]` with `c = checks.count / objective.count`.
    func objectiveScores(checks: Span<Double>, weights: Span<Double>, into objective: inout MutableSpan<Double>)
}

extension ObjectiveScoreFormula {
    public static var role: FormulaRole { .objectiveScore }

    /// The batch built from the scalar method, one submission at a time.
    public func objectiveScores(checks: Span<Double>, weights: Span<Double>, into objective: inout MutableSpan<Double>) {
        let count = objective.count
        guard count > 0 else { return }
        let c = checks.count / count
        let allWeights = Batch.array(weights, 0..<weights.count)
        for i in 0..<count {
            objective[i] = objectiveScore(checks: Batch.array(checks, (i * c)..<(i * c + c)), weights: allWeights)
        }
    }

    public func evaluate(_ input: ConfigNode) throws -> ConfigNode {
        let r = try ConfigReader(input, path: "input")
        let checks = try r.doubles("checks")
        let weights = try r.doubles("weights")
        try r.finish()
        return .map(["objective": .double(objectiveScore(checks: checks, weights: weights))])
    }
}
