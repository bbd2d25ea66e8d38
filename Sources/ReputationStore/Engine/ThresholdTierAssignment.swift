import Reputation
public import ScoringCore

/// A tier assignment with any tiers, written in the config:
/// `{type: thresholds, options: {tiers: {Platinum: 1.6, Diamond: 1.4, Gold: 1.2}, fallback: Watch}}`.
/// Minimums must be strictly descending in the order written.
public enum ThresholdTierAssignment {
    public static let key: ComponentKey = "thresholds"

    static let descriptor = ComponentDescriptor(
        key: key, kind: .tierAssignment,
        summary: "Tiers from descending score thresholds written in the config (any tiers, e.g. Platinum above Diamond)",
        equation: "tier = first t with rep_score ≥ min_t, else fallback",
        parameters: [
            .structured("tiers", default: nil, shape: "mapping of tier name to minimum score, strictly descending",
                        "e.g. {Platinum: 1.6, Diamond: 1.4, Gold: 1.2, Neutral: 0.9}"),
            .string("fallback", default: "Watch", "The tier below every threshold"),
        ])

    static func make(_ parameters: ParameterValues) throws -> TierAssignment {
        let node = try parameters.node("tiers")
        let path = parameters.path.isEmpty ? "tiers" : "\(parameters.path).options.tiers"
        guard let entries = node.entries, !entries.isEmpty else {
            throw ConfigError(.wrongType, at: node.location, path: path,
                              "'\(path)' must be a non-empty mapping of tier name to minimum score, found \(node.value.typeName)")
        }
        var thresholds: [TierAssignment.Threshold] = []
        for entry in entries {
            guard let m = entry.value.doubleValue else {
                throw ConfigError(.wrongType, at: entry.value.location, path: "\(path).\(entry.key)",
                                  "the minimum of tier '\(entry.key)' must be a number, found \(entry.value.value.typeName)")
            }
            thresholds.append(.init(tier: entry.key, minimum: m))
        }
        do {
            return try TierAssignment(thresholds: thresholds, fallbackTier: try parameters.string("fallback"))
        } catch let error as TierTableError {
            throw ConfigError(.invalidValue, at: node.location, path: path, error.message)
        }
    }
}
