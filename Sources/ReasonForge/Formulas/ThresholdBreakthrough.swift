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
        var flag: InlineArray<1, Bool> = [false]
        var flagSpan = flag.mutableSpan
        let score = Batch.evaluateOne(cms) { scores in
            Batch.withOne(cms) { input in apply(cms: input, previouslyUnsolved: previouslyUnsolved, scores: &scores, isBreakthrough: &flagSpan) }
        }
        return BreakthroughResult(score: score, isBreakthrough: flag[0])
    }

    /// The formula's body.
    public func apply(cms: Span<Double>, previouslyUnsolved: Bool, scores: inout MutableSpan<Double>,
                      isBreakthrough: inout MutableSpan<Bool>) {
        for i in 0..<cms.count {
            let value = cms[i]
            let breakthrough = previouslyUnsolved && value > threshold
            scores[i] = breakthrough ? value * multiplier : value
            isBreakthrough[i] = breakthrough
        }
    }
}
