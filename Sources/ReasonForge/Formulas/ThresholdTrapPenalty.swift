public import ScoringCore

/// Eq. 9: no penalty when the mean trap score reaches a threshold, a linear one below it.
///
/// `a` = mean trap score (summed left to right); the penalty is 1 when `a ≥ θ`, else `max(0, a/θ)`;
/// 1 when no traps were seen. Ground truths are not used (the reference ignores them).
///
/// Parameters: `threshold` (number in [0.000001, 1], default 0.30).
public struct ThresholdTrapPenalty: TrapPenaltyFormula {
    public static let descriptor = ComponentDescriptor(
        key: "trap-penalty-threshold", kind: .formula,
        summary: "Trap penalty: 1 at or above a mean trap score threshold, proportional below it",
        equation: "a = mean trap score; penalty = 1 if a ≥ θ_trap else max(0, a/θ_trap); 1 with no traps",
        reference: "ReasonForge Eq. 9",
        parameters: [.number("threshold", default: 0.30, range: 0.000001...1, "θ_trap, the mean trap score that avoids any penalty")])

    public let threshold: Double

    public init(threshold: Double = 0.30) { self.threshold = threshold }

    public init(parameters: ParameterValues) throws {
        self.init(threshold: try parameters.double("threshold"))
    }

    public func penalty(trapScores: [Double], groundTruths: [Double]) -> Double {
        Batch.evaluateOne(1.0) { out in penalties(trapScores: trapScores.span, groundTruths: groundTruths.span, into: &out) }
    }

    /// The formula's body: each miner's mean trap score (summed trap by trap from 0), compared
    /// with the threshold.
    public func penalties(trapScores: Span<Double>, groundTruths: Span<Double>, into penalties: inout MutableSpan<Double>) {
        let hasTraps = !trapScores.isEmpty
        Batch.trailingMeans(histories: trapScores, window: .max, into: &penalties)
        for j in 0..<penalties.count {
            let average = penalties[j]
            penalties[j] = !hasTraps || average >= threshold ? 1.0 : max(0.0, average / threshold)
        }
    }
}
