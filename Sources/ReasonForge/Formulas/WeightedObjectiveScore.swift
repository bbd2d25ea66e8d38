public import ScoringCore

/// Eq. 11: the objective score, the domain-weighted sum of its automated check results.
///
/// Accumulated from 0.0 in check order; a missing check result counts 0.
public struct WeightedObjectiveScore: ObjectiveScoreFormula {
    public static let descriptor = ComponentDescriptor(
        key: "objective-weighted", kind: .formula,
        summary: "Objective score: the domain's check results weighted by the domain's check weights",
        equation: "O = Σ_k ω_k·check_k (a missing check counts 0)",
        reference: "ReasonForge Eq. 11",
        parameters: [])

    public init() {}
    public init(parameters: ParameterValues) throws {}

    public func objectiveScore(checks: [Double], weights: [Double]) -> Double {
        Batch.evaluateOne(0.0) { out in objectiveScores(checks: checks.span, weights: weights.span, into: &out) }
    }

    /// The formula's body: per submission, from 0.0, in check order.
    public func objectiveScores(checks: Span<Double>, weights: Span<Double>, into objective: inout MutableSpan<Double>) {
        let count = objective.count
        guard count > 0 else { return }
        let c = checks.count / count
        for i in 0..<count {
            let row = i * c
            var total = 0.0
            for k in 0..<weights.count { total += weights[k] * (k < c ? checks[row + k] : 0.0) }
            objective[i] = total
        }
    }
}
