public import ScoringCore

/// Assigns a reputation tier from a reputation score by descending thresholds.
///
/// The first threshold the score reaches (`score >= min`) names the tier; a score below every
/// threshold gets ``fallbackTier``. The MIID phase 3 assignment (seed task 8, `get_tier`) is
/// ≥ 1.4 Diamond, ≥ 1.2 Gold, ≥ 1.1 Silver, ≥ 1.0 Bronze, ≥ 0.9 Neutral, else Watch.
public struct TierAssignment: Sendable, Hashable {
    /// One threshold: scores at or above `minimum` get `tier`.
    public struct Threshold: Sendable, Hashable {
        public var tier: String
        public var minimum: Double
        public init(tier: String, minimum: Double) {
            self.tier = tier
            self.minimum = minimum
        }
    }

    /// Thresholds, strictly descending.
    public let thresholds: [Threshold]
    /// The tier below every threshold.
    public let fallbackTier: String

    /// - Throws: ``TierTableError`` when thresholds are not finite or not strictly descending.
    public init(thresholds: [Threshold], fallbackTier: String) throws(TierTableError) {
        for (i, t) in thresholds.enumerated() {
            guard t.minimum.isFinite else { throw TierTableError("threshold of '\(t.tier)' must be finite, found \(t.minimum)") }
            if i > 0, !(t.minimum < thresholds[i - 1].minimum) {
                throw TierTableError("thresholds must be strictly descending: '\(t.tier)' (\(t.minimum)) is not below '\(thresholds[i - 1].tier)' (\(thresholds[i - 1].minimum))")
            }
        }
        self.thresholds = thresholds
        self.fallbackTier = fallbackTier
    }

    /// The tier of `score`.
    public func tier(for score: Double) -> String {
        for t in thresholds where score >= t.minimum { return t.tier }
        return fallbackTier
    }

    /// Every tier this assignment can produce, best first.
    public var tiers: [String] { thresholds.map(\.tier) + [fallbackTier] }

    /// The MIID phase 3 assignment.
    public static let miidPhase3: TierAssignment = try! TierAssignment(
        thresholds: [
            Threshold(tier: "Diamond", minimum: 1.4),
            Threshold(tier: "Gold", minimum: 1.2),
            Threshold(tier: "Silver", minimum: 1.1),
            Threshold(tier: "Bronze", minimum: 1.0),
            Threshold(tier: "Neutral", minimum: 0.9),
        ],
        fallbackTier: "Watch")

    /// Key of the MIID phase 3 assignment component.
    public static let miidPhase3Key: ComponentKey = "miid-phase3"

    static let miidPhase3Descriptor = ComponentDescriptor(
        key: miidPhase3Key, kind: .tierAssignment,
        summary: "Tier from score: ≥1.4 Diamond, ≥1.2 Gold, ≥1.1 Silver, ≥1.0 Bronze, ≥0.9 Neutral, else Watch",
        equation: "tier = first t with rep_score ≥ min_t, else Watch",
        reference: "MIID phase 3 task 8 (get_tier)",
        parameters: [
            .number("diamond", default: 1.4, "Minimum score for Diamond"),
            .number("gold", default: 1.2, "Minimum score for Gold"),
            .number("silver", default: 1.1, "Minimum score for Silver"),
            .number("bronze", default: 1.0, "Minimum score for Bronze"),
            .number("neutral", default: 0.9, "Minimum score for Neutral (below it: Watch)"),
        ])

    /// Makes the MIID phase 3 assignment with its thresholds from `parameters`.
    public init(miidPhase3 parameters: ParameterValues) throws {
        var thresholds: [Threshold] = []
        for t in Self.miidPhase3.thresholds {
            thresholds.append(Threshold(tier: t.tier, minimum: try parameters.double(t.tier.lowercased())))
        }
        do {
            try self.init(thresholds: thresholds, fallbackTier: "Watch")
        } catch {
            throw ConfigError(.invalidValue, at: parameters.location, path: parameters.path, error.message)
        }
    }
}
