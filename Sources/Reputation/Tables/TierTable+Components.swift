public import ScoringCore

extension TierTable {
    /// Key of the built-in MIID phase 3 table.
    public static let miidPhase3Key: ComponentKey = "miid-phase3"
    /// Key of the table written inline in a config (`{type: inline, options: {tiers: {...}}}`).
    public static let inlineKey: ComponentKey = "inline"

    static let miidPhase3Descriptor = ComponentDescriptor(
        key: miidPhase3Key, kind: .tierTable,
        summary: "MIID phase 3 tier multipliers: Diamond 1.15, Gold 1.10, Silver 1.05, Bronze 1.02, Neutral 1.00, Watch 0.90",
        reference: "MIID phase 3 §3 step 1")

    static let inlineDescriptor = ComponentDescriptor(
        key: inlineKey, kind: .tierTable,
        summary: "A tier table written in the config: tier name → multiplier",
        parameters: [
            .structured("tiers", default: nil, shape: "mapping of tier name to multiplier (> 0)",
                        "The tiers, best first, e.g. {Gold: 1.1, Neutral: 1.0, Watch: 0.9}"),
            .string("neutral", default: "Neutral", "The tier an unknown tier is weighted as"),
        ])

    /// Reads a `tier → multiplier` mapping with located errors.
    /// - Throws: ``ConfigError`` for a value that is not a number, or a table ``TierTable/init(tiers:neutralTier:)`` refuses.
    public static func parse(_ node: ConfigNode, path: String, neutralTier: String = "Neutral") throws(ConfigError) -> TierTable {
        guard let entries = node.entries else {
            throw ConfigError(.wrongType, at: node.location, path: path,
                              "'\(path)' must be a mapping of tier name to multiplier, found \(node.value.typeName)")
        }
        var tiers: [Tier] = []
        for entry in entries {
            guard let m = entry.value.doubleValue else {
                throw ConfigError(.wrongType, at: entry.value.location, path: "\(path).\(entry.key)",
                                  "the multiplier of tier '\(entry.key)' must be a number, found \(entry.value.value.typeName)")
            }
            tiers.append(Tier(name: entry.key, multiplier: m))
        }
        do {
            return try TierTable(tiers: tiers, neutralTier: neutralTier)
        } catch {
            throw ConfigError(.invalidValue, at: node.location, path: path, error.message)
        }
    }

    /// Resolves a policy's `table` parameter.
    ///
    /// Accepted shapes: a registered table key (`miid-phase3`), a selection (`{type: inline, options: {tiers: …}}`),
    /// or, as a shorthand, the tier mapping itself (`{Gold: 1.1, Neutral: 1.0}`). The built-in keys resolve even
    /// when `parameters.registry` does not have the Reputation module installed.
    public static func resolve(_ name: String, in parameters: ParameterValues) throws(ConfigError) -> TierTable {
        let node = try parameters.node(name)
        let base = parameters.path.isEmpty ? "" : "\(parameters.path).options"
        let fullPath = base.isEmpty ? name : "\(base).\(name)"
        if let entries = node.entries, !entries.contains(where: { $0.key == "type" }) {
            return try parse(node, path: fullPath)
        }
        if let key = node.stringValue, parameters.registry.keys(.tierTable).isEmpty {
            if key == miidPhase3Key.rawValue { return .miidPhase3 }
        }
        let wrapper = ConfigNode(.map([ConfigEntry(key: name, value: node)]), location: node.location)
        let reader = try ConfigReader(wrapper, path: base)
        return try reader.component(name, kind: .tierTable, default: miidPhase3Key, in: parameters.registry, as: TierTable.self)
    }
}
