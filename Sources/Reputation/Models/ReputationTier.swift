/// A reputation tier name as it appears in snapshots and on the wire ("Gold", "Neutral", …).
///
/// Tiers are an open string key, so a deployment can add its own; ``standard`` lists the six tiers of
/// the reference mechanism and is what snapshot validation accepts unless told otherwise.
public struct ReputationTier: RawRepresentable, Sendable, Hashable, Codable, Comparable,
    ExpressibleByStringLiteral, CustomStringConvertible
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    public var description: String { rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    public static let diamond: Self = "Diamond"
    public static let gold: Self = "Gold"
    public static let silver: Self = "Silver"
    public static let bronze: Self = "Bronze"
    public static let neutral: Self = "Neutral"
    public static let watch: Self = "Watch"

    /// The six tiers of the reference mechanism, best first.
    public static let standard: [ReputationTier] = [.diamond, .gold, .silver, .bronze, .neutral, .watch]
}

/// One miner's reputation as a snapshot stores it.
public struct SnapshotReputation: Sendable, Hashable, Codable {
    /// The reputation score, finite and non-negative (1.0 is neutral).
    public var repScore: Double
    /// The reputation tier.
    public var repTier: ReputationTier

    public init(repScore: Double, repTier: ReputationTier) {
        self.repScore = repScore
        self.repTier = repTier
    }

    /// What a miner missing from the snapshot (or every miner, when no snapshot is loaded) receives.
    public static let neutral = SnapshotReputation(repScore: 1.0, repTier: .neutral)

    enum CodingKeys: String, CodingKey {
        case repScore = "rep_score"
        case repTier = "rep_tier"
    }
}
