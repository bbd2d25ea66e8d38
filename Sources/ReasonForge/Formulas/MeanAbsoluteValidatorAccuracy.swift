public import ScoringCore

/// Eq. 7: validator accuracy, one minus the mean absolute deviation from consensus (floored at 0).
///
/// Deviations are summed left to right in recording order; 1.0 when the validator scored nothing.
public struct MeanAbsoluteValidatorAccuracy: ValidatorAccuracyFormula {
    public static let descriptor = ComponentDescriptor(
        key: "vas-mean-abs", kind: .formula,
        summary: "Validator accuracy: 1 minus the mean absolute gap between its scores and consensus",
        equation: "VAS = max(0, 1 − (1/|T_v|)·Σ|score_v − score_consensus|); 1 when |T_v| = 0",
        reference: "ReasonForge Eq. 7",
        parameters: [])

    public init() {}
    public init(parameters: ParameterValues) throws {}

    public func accuracy(scores: [Double], consensus: [Double]) -> Double {
        guard !scores.isEmpty else { return 1.0 }
        var deviation = 0.0
        for i in 0..<min(scores.count, consensus.count) { deviation += abs(scores[i] - consensus[i]) }
        return max(0.0, 1.0 - deviation / Double(scores.count))
    }
}
