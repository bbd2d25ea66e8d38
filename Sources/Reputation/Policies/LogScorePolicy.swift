public import ScoringCore
import Foundation

/// Tier multiplier × a logarithmic score factor: `clamp(1 + log10(rep_score), score_min, score_max)`.
///
/// A neutral score (1.0) gives factor 1; the factor grows slowly above it and falls faster below it,
/// and the clamp bounds both sides (a score of 0 gives `score_min`). Tiers are weighted as in
/// ``TierClampPolicy``.
///
/// Options: `table` (default `miid-phase3`), `score_min` (default 0.8), `score_max` (default 1.2).
public struct LogScorePolicy: WeightingPolicy {
    public static let key: ComponentKey = "log-score"

    public static let descriptor = ComponentDescriptor(
        key: key, kind: .policy,
        summary: "Tier multiplier × clamp(1 + log10(rep_score), score_min, score_max)",
        equation: "final = base · T(tier) · clamp(1 + log10(rep_score), score_min, score_max)",
        reference: "MIID phase 3 §3 (the log10 alternative the seed set aside)",
        parameters: TierClampPolicy.descriptor.parameters)

    public let table: TierTable
    public let scoreRange: ClosedRange<Double>

    public init(table: TierTable = .miidPhase3, scoreRange: ClosedRange<Double> = 0.8...1.2) {
        self.table = table
        self.scoreRange = scoreRange
    }

    public init(parameters: ParameterValues) throws {
        self.init(table: try TierTable.resolve("table", in: parameters), scoreRange: try ScoreRange.read(parameters))
    }

    /// The unclamped-then-clamped score factor of `score`.
    public func scoreFactor(_ score: Double) -> Double {
        let raw = score > 0 ? 1 + log10(score) : -Double.infinity
        return min(max(raw, scoreRange.lowerBound), scoreRange.upperBound)
    }

    public func weigh(_ inputs: [WeightingInput]) throws -> WeightingResult {
        try validate(inputs)
        return WeightingResult(entries: inputs.map {
            TierFactor.weigh($0, table: table, scoreFactor: scoreFactor($0.reputation.score))
        })
    }
}
