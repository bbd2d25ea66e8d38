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
        Batch.evaluateOne(1.0) { out in
            Batch.withOne(scores.count) { ends in
                accuracies(scores: scores.span, consensus: consensus.span, groupEnds: ends, into: &out)
            }
        }
    }

    /// The formula's body, one validator's group of evaluations at a time.
    public func accuracies(scores: Span<Double>, consensus: Span<Double>, groupEnds: Span<Int>,
                           into accuracies: inout MutableSpan<Double>) {
        var start = 0
        for v in 0..<groupEnds.count {
            let end = groupEnds[v]
            if end == start {
                accuracies[v] = 1.0
                continue
            }
            var deviation = 0.0
            for i in start..<min(end, consensus.count) { deviation += abs(scores[i] - consensus[i]) }
            accuracies[v] = max(0.0, 1.0 - deviation / Double(end - start))
            start = end
        }
    }
}
