public import ScoringCore

/// A reputation tier table: the reward multiplier of each named tier.
///
/// Tiers are kept in the order they were written (best first by convention). Names match exactly,
/// as the seed's `TIER_MULTIPLIERS.get(rep_tier)` does. A tier the table lacks is weighted as the
/// table's neutral tier (``neutralTier``, `Neutral` unless configured); policies flag such miners
/// with ``WeightedReward/unknownTier``.
public struct TierTable: Sendable, Hashable {
    /// One tier and its multiplier.
    public struct Tier: Sendable, Hashable, Codable {
        public var name: String
        public var multiplier: Double
        public init(name: String, multiplier: Double) {
            self.name = name
            self.multiplier = multiplier
        }
    }

    /// The tiers, in written order.
    public let tiers: [Tier]
    /// The tier an unknown tier is treated as.
    public let neutralTier: String
    private let lookup: [String: Double]

    /// - Throws: ``TierTableError`` for an empty table, a duplicate name, or a multiplier that is not
    ///   finite and positive.
    public init(tiers: [Tier], neutralTier: String = "Neutral") throws(TierTableError) {
        guard !tiers.isEmpty else { throw TierTableError("a tier table needs at least one tier") }
        var lookup: [String: Double] = [:]
        for tier in tiers {
            guard !tier.name.isEmpty else { throw TierTableError("tier names must not be empty") }
            guard tier.multiplier.isFinite, tier.multiplier > 0 else {
                throw TierTableError("tier '\(tier.name)' has multiplier \(tier.multiplier); multipliers must be finite and > 0")
            }
            guard lookup[tier.name] == nil else { throw TierTableError("tier '\(tier.name)' is listed twice") }
            lookup[tier.name] = tier.multiplier
        }
        self.tiers = tiers
        self.neutralTier = neutralTier
        self.lookup = lookup
    }

    /// The multiplier of `tier`, or `nil` when the table does not list it.
    public func multiplier(for tier: String) -> Double? { lookup[tier] }

    /// The multiplier used for an unknown tier: the neutral tier's, or 1.0 when the table lacks it.
    public var neutralMultiplier: Double { lookup[neutralTier] ?? 1.0 }

    /// The tier names, in written order.
    public var names: [String] { tiers.map(\.name) }

    /// The MIID phase 3 table (seed §3): Diamond 1.15, Gold 1.10, Silver 1.05, Bronze 1.02,
    /// Neutral 1.00, Watch 0.90.
    public static let miidPhase3: TierTable = try! TierTable(tiers: [
        Tier(name: "Diamond", multiplier: 1.15),
        Tier(name: "Gold", multiplier: 1.10),
        Tier(name: "Silver", multiplier: 1.05),
        Tier(name: "Bronze", multiplier: 1.02),
        Tier(name: "Neutral", multiplier: 1.00),
        Tier(name: "Watch", multiplier: 0.90),
    ])
}

/// Why a tier table or tier assignment was refused.
public struct TierTableError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
