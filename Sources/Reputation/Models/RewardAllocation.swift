/// One miner's line in a ``RewardAllocation``.
public struct RewardAllocationEntry: Sendable, Hashable, Codable {
    public var minerHotkey: String
    /// The miner's UID on the subnet, when the validator sends it.
    public var uid: Int?
    /// The online quality reward before reputation weighting.
    public var baseReward: Double
    public var repScore: Double
    public var repTier: ReputationTier
    /// `totalReward − baseReward`, for logging.
    public var reputationBonus: Double
    /// The reputation-weighted reward used for the chain weights.
    public var totalReward: Double

    public init(minerHotkey: String, uid: Int? = nil, baseReward: Double, repScore: Double, repTier: ReputationTier,
                reputationBonus: Double, totalReward: Double) {
        self.minerHotkey = minerHotkey
        self.uid = uid
        self.baseReward = baseReward
        self.repScore = repScore
        self.repTier = repTier
        self.reputationBonus = reputationBonus
        self.totalReward = totalReward
    }

    enum CodingKeys: String, CodingKey {
        case minerHotkey = "miner_hotkey"
        case uid
        case baseReward = "base_reward"
        case repScore = "rep_score"
        case repTier = "rep_tier"
        case reputationBonus = "reputation_bonus"
        case totalReward = "total_reward"
    }
}

/// `POST /reward_allocation` body: the rewards a validator set for one cycle, after reputation weighting.
///
/// `idempotencyKey` (or the `Idempotency-Key` header) makes a retry safe: a repeat with the same key by
/// the same validator returns the first 200 response and stores nothing new.
public struct RewardAllocation: Sendable, Hashable, Codable {
    public var validatorHotkey: String
    public var repSnapshotVersion: String?
    /// The cycle the allocation belongs to; a safe path component (see ``Identifiers/isSafeCycleID(_:)``).
    public var cycleId: String?
    public var stepId: String?
    /// When the validator computed the allocation (ISO 8601), as the validator reports it.
    public var timestamp: String?
    public var miners: [RewardAllocationEntry]
    /// The signed-message document (`… reward_allocation validator=… timestamp=…`).
    public var signature: String
    public var idempotencyKey: String?

    public init(validatorHotkey: String, repSnapshotVersion: String?, cycleId: String?, stepId: String? = nil,
                timestamp: String? = nil, miners: [RewardAllocationEntry], signature: String, idempotencyKey: String? = nil) {
        self.validatorHotkey = validatorHotkey
        self.repSnapshotVersion = repSnapshotVersion
        self.cycleId = cycleId
        self.stepId = stepId
        self.timestamp = timestamp
        self.miners = miners
        self.signature = signature
        self.idempotencyKey = idempotencyKey
    }

    enum CodingKeys: String, CodingKey {
        case validatorHotkey = "validator_hotkey"
        case repSnapshotVersion = "rep_snapshot_version"
        case cycleId = "cycle_id"
        case stepId = "step_id"
        case timestamp
        case miners
        case signature
        case idempotencyKey = "idempotency_key"
    }

    /// Problems with the entries: non-finite or negative numbers, malformed or duplicate hotkeys,
    /// negative UIDs. Returns the first, as (field path, sentence), or nil when all entries are sound.
    ///
    /// Runs for every entry of every allocation, so a sound entry costs one pass over its hotkey's
    /// bytes (the alphabet check and the hash that finds repeats share it) and no allocation: the
    /// field paths and sentences are built only for the problem found.
    public func entryProblem() -> (field: String, message: String)? {
        var seen = RepeatedHotkeyFinder(count: miners.count)
        for (i, e) in miners.enumerated() {
            func at(_ field: String) -> String { "miners[\(i)].\(field)" }
            guard let hash = Identifiers.plausibleSS58Hash(e.minerHotkey) else {
                return (at("miner_hotkey"), "'\(at("miner_hotkey"))' is not an SS58 address")
            }
            if !seen.insert(hash: hash, index: i, sameText: { miners[$0].minerHotkey == e.minerHotkey }) {
                return (at("miner_hotkey"), "'\(at("miner_hotkey"))' repeats miner \(e.minerHotkey)")
            }
            if let uid = e.uid, uid < 0 { return (at("uid"), "'\(at("uid"))' must be non-negative") }
            if let name = Self.negativeOrNonFinite(e) {
                return (at(name), "'\(at(name))' must be a finite non-negative number")
            }
            if !e.reputationBonus.isFinite {
                return (at("reputation_bonus"), "'\(at("reputation_bonus"))' must be a finite number")
            }
        }
        return nil
    }

    /// The first of base_reward, rep_score, total_reward that is not a finite non-negative number.
    private static func negativeOrNonFinite(_ e: RewardAllocationEntry) -> String? {
        if !e.baseReward.isFinite || e.baseReward < 0 { return "base_reward" }
        if !e.repScore.isFinite || e.repScore < 0 { return "rep_score" }
        if !e.totalReward.isFinite || e.totalReward < 0 { return "total_reward" }
        return nil
    }
}

/// `POST /reward_allocation` 200 body.
public struct RewardAllocationResponse: Sendable, Hashable, Codable {
    /// Always "ok".
    public var status: String
    /// The stored file's name, `reward_<yyyy-MM-dd_HH-mm-ss>.<8 hex>.json`.
    public var filename: String
    /// True when this is the stored answer to an earlier request with the same idempotency key.
    public var duplicate: Bool?

    public init(status: String = "ok", filename: String, duplicate: Bool? = nil) {
        self.status = status
        self.filename = filename
        self.duplicate = duplicate
    }
}
