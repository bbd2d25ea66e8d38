public import ScoringCore

/// The validator reputation multiplier used by Eq. 8: a bonus above a threshold of recent accuracy.
///
/// `a` = mean of the last `window` VAS values (summed left to right; 1.0 when none);
/// the multiplier is 1.0 when `a ≤ threshold`, else `min(cap, 1 + (slope·(a − threshold))/slope_span)`.
/// With the defaults an empty history gives `a = 1.0` and so the full 1.50, as in the reference.
///
/// Parameters: `window` (integer in [1, 100000], default 30), `threshold` (number in [0, 1], default 0.80),
/// `slope` (number in [0, 100], default 0.5), `slope_span` (number in [0.000001, 1], default 0.20),
/// `cap` (number in [1, 100], default 1.50).
public struct ThresholdReputationMultiplier: ReputationMultiplierFormula {
    public static let descriptor = ComponentDescriptor(
        key: "reputation-multiplier", kind: .formula,
        summary: "Validator reputation multiplier: a capped linear bonus for a 30-epoch mean VAS above 0.80",
        equation: "a = mean(last 30 VAS); rep = 1 if a ≤ 0.80 else min(1.50, 1 + 0.5·(a − 0.80)/0.20)",
        reference: "ReasonForge validator reputation multiplier",
        parameters: [
            .integer("window", default: 30, range: 1...100_000, "how many recent VAS values are averaged"),
            .number("threshold", default: 0.80, range: 0...1, "mean VAS above which the bonus starts"),
            .number("slope", default: 0.5, range: 0...100, "bonus gained over one slope_span of VAS"),
            .number("slope_span", default: 0.20, range: 0.000001...1, "VAS distance over which slope is gained"),
            .number("cap", default: 1.50, range: 1...100, "largest multiplier"),
        ])

    public let window: Int
    public let threshold: Double
    public let slope: Double
    public let slopeSpan: Double
    public let cap: Double

    public init(window: Int = 30, threshold: Double = 0.80, slope: Double = 0.5, slopeSpan: Double = 0.20, cap: Double = 1.50) {
        self.window = window
        self.threshold = threshold
        self.slope = slope
        self.slopeSpan = slopeSpan
        self.cap = cap
    }

    public init(parameters: ParameterValues) throws {
        self.init(window: try parameters.int("window"), threshold: try parameters.double("threshold"),
                  slope: try parameters.double("slope"), slopeSpan: try parameters.double("slope_span"),
                  cap: try parameters.double("cap"))
    }

    public func multiplier(history: [Double]) -> Double {
        Batch.evaluateOne(1.0) { out in multipliers(histories: history.span, into: &out) }
    }

    /// The formula's body: each validator's mean VAS over the last `window` epochs, then its multiplier.
    public func multipliers(histories: Span<Double>, into reputations: inout MutableSpan<Double>) {
        Batch.trailingMeans(histories: histories, window: window, into: &reputations)
        for v in 0..<reputations.count {
            let average = reputations[v]
            reputations[v] = average <= threshold ? 1.0 : min(cap, 1.0 + slope * (average - threshold) / slopeSpan)
        }
    }
}
