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

    @inlinable
    public func objectiveScore(checks: [Double], weights: [Double]) -> Double {
        var total = 0.0
        for k in weights.indices { total += weights[k] * (k < checks.count ? checks[k] : 0.0) }
        return total
    }
}
