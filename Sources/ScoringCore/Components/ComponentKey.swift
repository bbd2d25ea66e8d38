/// The string key a component is registered and selected under (`consensus-trimmed-mean`, `tier-clamp`).
///
/// Keys are open: any module can add its own. They are matched exactly; by convention they are
/// lower-case kebab-case. Keys are unique inside one ``ComponentKind`` only.
public struct ComponentKey: RawRepresentable, Hashable, Comparable, Sendable, Codable,
    ExpressibleByStringLiteral, CustomStringConvertible
{
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func < (a: ComponentKey, b: ComponentKey) -> Bool { a.rawValue < b.rawValue }
}

/// An extension point: each kind has its own key namespace in the registry.
///
/// The built-in kinds are formulas, weighting policies and task domains, plus tables (miner tiers,
/// validator profiles, reputation tiers, tier assignment). A module may declare a kind of its own.
public struct ComponentKind: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (a: ComponentKind, b: ComponentKind) -> Bool { a.rawValue < b.rawValue }

    /// ``ScoringFormula`` implementations, whatever their role.
    public static let formula = ComponentKind(rawValue: "formula")
    /// ``WeightingPolicy`` implementations.
    public static let policy = ComponentKind(rawValue: "policy")
    /// ``TaskDomain`` implementations.
    public static let domain = ComponentKind(rawValue: "domain")
    /// Simulated miner tier tables (base dimension scores and noise per tier).
    public static let minerTiers = ComponentKind(rawValue: "miner-tiers")
    /// Simulated validator profile tables (noise and bias per profile).
    public static let validatorProfiles = ComponentKind(rawValue: "validator-profiles")
    /// Reputation tier tables (multiplier per tier).
    public static let tierTable = ComponentKind(rawValue: "tier-table")
    /// Tier assignment from a reputation score.
    public static let tierAssignment = ComponentKind(rawValue: "tier-assignment")
    /// Random generators (`python-compat`, the default one).
    public static let generator = ComponentKind(rawValue: "generator")
}
