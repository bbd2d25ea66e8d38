import Foundation
public import ScoringCore

/// Exponential decay toward Neutral: every pass moves the score a fixed fraction of the way back to
/// `neutral`, so old evidence fades with a half-life counted in passes.
///
/// `rep' = neutral + (rep − neutral) · 2^(−1 / half_life)`. A score already at neutral is unchanged.
public struct NeutralDecayUpdate: ReputationUpdate {
    public static let key: ComponentKey = "neutral-decay"
    public static let descriptor = ComponentDescriptor(
        key: key, kind: .reputationUpdate,
        summary: "Exponential decay toward the neutral score with a half-life in passes",
        equation: "rep' = neutral + (rep − neutral) · 2^(−1/half_life)",
        parameters: [
            .number("half_life", default: 24, range: 0.01...1_000_000, "Passes for the distance to neutral to halve"),
            .number("neutral", default: 1.0, range: 0...100, "The score reputation decays toward"),
        ])

    public let halfLife: Double
    public let neutral: Double
    public var source: String { "neutral_decay" }

    public init(halfLife: Double = 24, neutral: Double = 1.0) {
        self.halfLife = halfLife
        self.neutral = neutral
    }

    public init(parameters: ParameterValues) throws {
        self.init(halfLife: try parameters.double("half_life"), neutral: try parameters.double("neutral"))
    }

    public var factor: Double { pow(2, -1 / halfLife) }

    public func update(miner: String, score: Double, input: EngineInput) -> ReputationChange? {
        let distance = score - neutral
        guard abs(distance) > 1e-12 else { return nil }
        let next = max(0, neutral + distance * factor)
        return ReputationChange(score: next,
                                reason: "decay toward \(ReasonFormat.number(neutral)) with half-life \(ReasonFormat.number(halfLife)) passes: "
                                    + "× \(ReasonFormat.number(factor)) = \(ReasonFormat.signed(next - score))")
    }
}
