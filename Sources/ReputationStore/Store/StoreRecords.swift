public import Reputation

/// One reward allocation as the store keeps it: the validator's body plus where it came from.
///
/// Its identity is (`validatorHotkey`, `cycleId`, `stepId`): storing the same identity twice stores
/// it once.
public struct AllocationRecord: Sendable, Hashable {
    public var validatorHotkey: String
    public var cycleId: String
    public var stepId: String
    public var repSnapshotVersion: String?
    public var timestamp: String?
    /// When the service received it (the file's `received_at`), if known.
    public var receivedAt: String?
    /// The file it was read from, if any.
    public var sourceFile: String?
    public var entries: [RewardAllocationEntry]

    public init(validatorHotkey: String, cycleId: String, stepId: String, repSnapshotVersion: String? = nil,
                timestamp: String? = nil, receivedAt: String? = nil, sourceFile: String? = nil,
                entries: [RewardAllocationEntry]) {
        self.validatorHotkey = validatorHotkey
        self.cycleId = cycleId
        self.stepId = stepId
        self.repSnapshotVersion = repSnapshotVersion
        self.timestamp = timestamp
        self.receivedAt = receivedAt
        self.sourceFile = sourceFile
        self.entries = entries
    }

    /// A record of an allocation body; the step is `step_id`, else the validator's `timestamp`, else `fallbackStep`.
    public init(_ allocation: RewardAllocation, cycleId: String, fallbackStep: String, receivedAt: String? = nil,
                sourceFile: String? = nil) {
        self.init(validatorHotkey: allocation.validatorHotkey, cycleId: allocation.cycleId ?? cycleId,
                  stepId: allocation.stepId ?? allocation.timestamp ?? fallbackStep,
                  repSnapshotVersion: allocation.repSnapshotVersion, timestamp: allocation.timestamp,
                  receivedAt: receivedAt, sourceFile: sourceFile, entries: allocation.miners)
    }
}

/// A human review of one miner's work (the design's reviewed UAV): a validation score in [0, 1].
public struct ReviewRecord: Sendable, Hashable {
    public var minerHotkey: String
    public var validationScore: Double
    public var reviewer: String
    public var comment: String?
    public var reviewedAt: String

    public init(minerHotkey: String, validationScore: Double, reviewer: String, comment: String? = nil, reviewedAt: String) {
        self.minerHotkey = minerHotkey
        self.validationScore = validationScore
        self.reviewer = reviewer
        self.comment = comment
        self.reviewedAt = reviewedAt
    }
}

/// A file the ingest has taken in (its ledger row), so a rerun skips it without reading it.
public struct IngestedFile: Sendable, Hashable {
    public var path: String
    public var size: Int64
    public init(path: String, size: Int64) {
        self.path = path
        self.size = size
    }
}

/// What storing a batch of allocations did.
public struct StoreBatchResult: Sendable, Hashable {
    /// Allocations stored for the first time.
    public var inserted: Int = 0
    /// Allocations whose (validator, cycle, step) was already stored: nothing written.
    public var duplicates: Int = 0
    /// Entries stored.
    public var entries: Int = 0
    public init() {}
}

/// One row of `miner_reputation_history`: a change of one miner's score and why.
public struct HistoryRow: Sendable, Hashable {
    public var minerHotkey: String
    public var passId: String
    /// The update that made the change (`review`, `got_rewarded`, `neutral_decay`, …): the design's `auto_source`.
    public var autoSource: String
    public var repScoreBefore: Double
    public var repScoreAfter: Double
    public var repTierBefore: String
    public var repTierAfter: String
    /// A sentence with the inputs (`3 reviews, mean validation_score 0.82: +0.064`).
    public var reason: String
    public var createdAt: String

    public var deltaRep: Double { repScoreAfter - repScoreBefore }

    public init(minerHotkey: String, passId: String, autoSource: String, repScoreBefore: Double, repScoreAfter: Double,
                repTierBefore: String, repTierAfter: String, reason: String, createdAt: String) {
        self.minerHotkey = minerHotkey
        self.passId = passId
        self.autoSource = autoSource
        self.repScoreBefore = repScoreBefore
        self.repScoreAfter = repScoreAfter
        self.repTierBefore = repTierBefore
        self.repTierAfter = repTierAfter
        self.reason = reason
        self.createdAt = createdAt
    }
}

/// A miner's current row in `miner_reputation`.
public struct StoredReputation: Sendable, Hashable {
    public var score: Double
    public var tier: String
    public init(score: Double, tier: String) {
        self.score = score
        self.tier = tier
    }
}

/// What one engine pass reads: every known miner's reputation and the period's unprocessed inputs.
public struct EngineInput: Sendable {
    /// Reviews per miner since the last pass: count and sum of validation scores.
    public struct ReviewSummary: Sendable, Hashable {
        public var count: Int
        public var scoreSum: Double
        public init(count: Int, scoreSum: Double) {
            self.count = count
            self.scoreSum = scoreSum
        }
        public var mean: Double { count == 0 ? 0 : scoreSum / Double(count) }
    }

    /// Every miner in `miners`, with its reputation row (nil: never scored, so neutral).
    public var reputations: [String: StoredReputation?]
    public var reviews: [String: ReviewSummary]
    /// Per miner, the unprocessed allocations in which its total reward was > 0.
    public var rewardedAllocations: [String: Int]
    /// The highest review id and allocation id read: the pass marks rows up to these as processed.
    public var reviewWatermark: Int64
    public var allocationWatermark: Int64

    public init(reputations: [String: StoredReputation?], reviews: [String: ReviewSummary],
                rewardedAllocations: [String: Int], reviewWatermark: Int64, allocationWatermark: Int64) {
        self.reputations = reputations
        self.reviews = reviews
        self.rewardedAllocations = rewardedAllocations
        self.reviewWatermark = reviewWatermark
        self.allocationWatermark = allocationWatermark
    }
}

/// What one engine pass writes, in one transaction.
public struct EnginePassRecord: Sendable {
    /// The period the pass covers (`2026-12-01T22`); a period is processed at most once.
    public var passId: String
    public var rule: String
    public var startedAt: String
    public var snapshotVersion: String
    public var history: [HistoryRow]
    /// New reputation of every miner whose score or tier changed (and of miners seen for the first time).
    public var reputations: [String: StoredReputation]
    public var reviewWatermark: Int64
    public var allocationWatermark: Int64

    public init(passId: String, rule: String, startedAt: String, snapshotVersion: String, history: [HistoryRow],
                reputations: [String: StoredReputation], reviewWatermark: Int64, allocationWatermark: Int64) {
        self.passId = passId
        self.rule = rule
        self.startedAt = startedAt
        self.snapshotVersion = snapshotVersion
        self.history = history
        self.reputations = reputations
        self.reviewWatermark = reviewWatermark
        self.allocationWatermark = allocationWatermark
    }
}

/// A committed engine pass, as `engine_passes` records it.
public struct EnginePassInfo: Sendable, Hashable {
    public var passId: String
    public var snapshotVersion: String
    /// False when the process stopped after the commit and before the snapshot file was in place.
    public var snapshotWritten: Bool
    public init(passId: String, snapshotVersion: String, snapshotWritten: Bool) {
        self.passId = passId
        self.snapshotVersion = snapshotVersion
        self.snapshotWritten = snapshotWritten
    }
}

/// Row counts of the main tables (tests, `scoring reputation status`).
public struct StoreCounts: Sendable, Hashable, Codable {
    public var miners = 0
    public var reputations = 0
    public var history = 0
    public var reviews = 0
    public var unprocessedReviews = 0
    public var allocations = 0
    public var entries = 0
    public var ingestedFiles = 0
    public var passes = 0
    public init() {}
}
