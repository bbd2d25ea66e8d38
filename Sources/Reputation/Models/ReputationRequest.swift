/// `POST /reputation_request` body: a validator asks for the reputation of some miners.
public struct ReputationRequest: Sendable, Hashable, Codable {
    /// The requesting validator's SS58 hotkey (must be allow-listed and must have signed `signature`).
    public var validatorHotkey: String
    /// Miner hotkeys to look up. Unknown miners come back Neutral.
    public var miners: [String]
    /// The signed-message document (`<Bytes>On … reputation_request validator=… timestamp=…</Bytes>…`).
    public var signature: String

    public init(validatorHotkey: String, miners: [String], signature: String) {
        self.validatorHotkey = validatorHotkey
        self.miners = miners
        self.signature = signature
    }

    enum CodingKeys: String, CodingKey {
        case validatorHotkey = "validator_hotkey"
        case miners
        case signature
    }
}

/// One miner in a ``ReputationResponse``.
public struct MinerReputationEntry: Sendable, Hashable, Codable {
    public var minerHotkey: String
    public var repScore: Double
    public var repTier: ReputationTier

    public init(minerHotkey: String, repScore: Double, repTier: ReputationTier) {
        self.minerHotkey = minerHotkey
        self.repScore = repScore
        self.repTier = repTier
    }

    public init(minerHotkey: String, _ reputation: SnapshotReputation) {
        self.init(minerHotkey: minerHotkey, repScore: reputation.repScore, repTier: reputation.repTier)
    }

    /// The entry's reputation without the hotkey.
    public var reputation: SnapshotReputation { SnapshotReputation(repScore: repScore, repTier: repTier) }

    enum CodingKeys: String, CodingKey {
        case minerHotkey = "miner_hotkey"
        case repScore = "rep_score"
        case repTier = "rep_tier"
    }
}

/// `POST /reputation_request` 200 body. `repSnapshotVersion` and `generatedAt` are null when the service
/// has no snapshot loaded (every miner is then Neutral).
public struct ReputationResponse: Sendable, Hashable, Codable {
    public var repSnapshotVersion: String?
    public var generatedAt: String?
    /// One entry per requested miner, in request order.
    public var miners: [MinerReputationEntry]

    public init(repSnapshotVersion: String?, generatedAt: String?, miners: [MinerReputationEntry]) {
        self.repSnapshotVersion = repSnapshotVersion
        self.generatedAt = generatedAt
        self.miners = miners
    }

    enum CodingKeys: String, CodingKey {
        case repSnapshotVersion = "rep_snapshot_version"
        case generatedAt = "generated_at"
        case miners
    }

    // Encode nulls explicitly (the seed's clients read `rep_snapshot_version` even when it is null).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(repSnapshotVersion, forKey: .repSnapshotVersion)
        try c.encode(generatedAt, forKey: .generatedAt)
        try c.encode(miners, forKey: .miners)
    }
}

/// The JSON body of every non-2xx response from the service.
public struct ServiceErrorBody: Sendable, Hashable, Codable {
    /// A sentence saying what went wrong.
    public var error: String
    /// The request field at fault, when there is one (`miners[3].base_reward`).
    public var field: String?
    /// A stable machine-readable reason (`bad_signature`, `stale_signature`, `replayed_signature`, …).
    public var reason: String?
    /// The request id the service logged this under.
    public var requestID: String?

    public init(error: String, field: String? = nil, reason: String? = nil, requestID: String? = nil) {
        self.error = error
        self.field = field
        self.reason = reason
        self.requestID = requestID
    }

    enum CodingKeys: String, CodingKey {
        case error, field, reason
        case requestID = "request_id"
    }
}
