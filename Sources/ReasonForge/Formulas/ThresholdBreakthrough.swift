public import ScoringCore

/// Eq. 6: a previously unsolved task solved with CMS above a threshold earns a multiplied score.
///
/// Parameters: `multiplier` (number in [1, 100], default 2.0), `threshold` (number in [0, 1], default 0.8;
/// the CMS must be strictly above it).
public struct ThresholdBreakthrough: BreakthroughFormula {
    public static let descriptor = ComponentDescriptor(
        key: "breakthrough", kind: .formula,
        summary: "Multiplies the CMS of a previously unsolved task solved above a threshold",
        equation: "CMS' = CMS·2.0 if previously_unsolved and CMS > 0.8, else CMS",
        reference: "ReasonForge Eq. 6",
        parameters: [
            .number("multiplier", default: 2.0, range: 1...100, "factor applied to a breakthrough's CMS"),
            .number("threshold", default: 0.8, range: 0...1, "CMS must exceed this to count"),
        ])

    public let multiplier: Double
    public let threshold: Double

    public init(multiplier: Double = 2.0, threshold: Double = 0.8) {
        self.multiplier = multiplier
        self.threshold = threshold
    }

    public init(parameters: ParameterValues) throws {
        self.init(multiplier: try parameters.double("multiplier"), threshold: try parameters.double("threshold"))
    }

    public func apply(cms: Double, previouslyUnsolved: Bool) -> BreakthroughResult {
        if previouslyUnsolved && cms > threshold {
            return BreakthroughResult(score: cms * multiplier, isBreakthrough: true)
        }
        return BreakthroughResult(score: cms, isBreakthrough: false)
    }
}
