public import ScoringCore
import Foundation

/// Eq. 10: stake slashed quadratically in how far recent accuracy falls below a threshold.
///
/// `VAS_w` = mean of the last `window` VAS values (1.0 when none); the slash is
/// `(γ · stake) · (θ − VAS_w)²` when `VAS_w < θ`, else 0, and never more than `stake`.
/// The square uses `pow(x, 2)` as the reference does.
///
/// Parameters: `gamma` (number in [0, 1], default 0.05), `threshold` (number in [0, 1], default 0.60),
/// `window` (integer in [1, 100000], default 7).
public struct QuadraticSlashing: SlashingFormula {
    public static let descriptor = ComponentDescriptor(
        key: "slashing-quadratic", kind: .formula,
        summary: "Slashes stake quadratically in the shortfall of recent validator accuracy",
        equation: "slash = γ·stake·(θ_slash − VAS_7d)² if VAS_7d < θ_slash, else 0",
        reference: "ReasonForge Eq. 10",
        parameters: [
            .number("gamma", default: 0.05, range: 0...1, "γ, the slash scale"),
            .number("threshold", default: 0.60, range: 0...1, "θ_slash, the recent accuracy below which stake is slashed"),
            .integer("window", default: 7, range: 1...100_000, "how many recent VAS values are averaged"),
        ])

    public let gamma: Double
    public let threshold: Double
    public let window: Int

    public init(gamma: Double = 0.05, threshold: Double = 0.60, window: Int = 7) {
        self.gamma = gamma
        self.threshold = threshold
        self.window = window
    }

    public init(parameters: ParameterValues) throws {
        self.init(gamma: try parameters.double("gamma"), threshold: try parameters.double("threshold"),
                  window: try parameters.int("window"))
    }

    public func slash(stake: Double, history: [Double]) -> Double {
        Batch.evaluateOne(0.0) { out in
            Batch.withOne(stake) { stakes in slashes(stakes: stakes, histories: history.span, into: &out) }
        }
    }

    /// The formula's body: each validator's recent accuracy (``SlashingFormula/window`` epochs),
    /// then its slash.
    public func slashes(stakes: Span<Double>, histories: Span<Double>, into slashes: inout MutableSpan<Double>) {
        Batch.trailingMeans(histories: histories, window: window, into: &slashes)
        for v in 0..<slashes.count {
            let recent = slashes[v], stake = stakes[v]
            slashes[v] = recent >= threshold ? 0.0 : min(stake, (gamma * stake) * pow(threshold - recent, 2))
        }
    }
}
