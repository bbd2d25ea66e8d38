public import Reputation
import ScoringCore

/// One reputation engine pass: reads the store's unprocessed reviews and allocations, runs the
/// configured ``ReputationUpdate`` steps in order over every known miner, assigns tiers, and commits
/// history rows, new reputations and the inputs marked processed in one transaction. Then it writes
/// the snapshot the service hot-reloads (atomically) and records that it did.
///
/// Crash safety: a pass killed before its commit leaves nothing, and the rerun does the whole pass; a
/// pass killed after its commit but before the snapshot is in place is finished by the next run
/// (snapshot only, no second pass). A period (`passId`) is committed at most once.
public struct ReputationEngine: Sendable {
    public var updates: [any ReputationUpdate]
    public var assignment: TierAssignment
    /// The score of a miner the engine has never scored.
    public var initialScore: Double
    /// The tier a never-scored miner is served with (the service's default for unlisted miners).
    public var unscoredTier: String

    public init(updates: [any ReputationUpdate], assignment: TierAssignment = .miidPhase3, initialScore: Double = 1.0,
                unscoredTier: String = "Neutral") {
        self.updates = updates
        self.assignment = assignment
        self.initialScore = initialScore
        self.unscoredTier = unscoredTier
    }

    /// The rule as one line, for `engine_passes.rule`.
    public var rule: String { updates.map { type(of: $0).descriptor.key.rawValue }.joined(separator: " → ") }

    /// Computes a pass from its input (pure; no store access).
    public func plan(_ input: EngineInput, passId: String, snapshotVersion: String, now: String) -> EnginePassRecord {
        var history: [HistoryRow] = []
        var reputations: [String: StoredReputation] = [:]
        for miner in input.reputations.keys.sorted() {
            let stored = input.reputations[miner] ?? nil
            var score = stored?.score ?? initialScore
            var tier = stored?.tier ?? unscoredTier
            let startTier = tier
            let startScore = score
            if stored == nil {
                let t = assignment.tier(for: score)
                history.append(HistoryRow(minerHotkey: miner, passId: passId, autoSource: "initial", repScoreBefore: score,
                                          repScoreAfter: score, repTierBefore: tier, repTierAfter: t,
                                          reason: "first pass to see this miner: starts at \(ReasonFormat.number(score))",
                                          createdAt: now))
                tier = t
            }
            for update in updates {
                guard let change = update.update(miner: miner, score: score, input: input) else { continue }
                let next = change.score.isFinite ? max(0, change.score) : score
                let nextTier = assignment.tier(for: next)
                history.append(HistoryRow(minerHotkey: miner, passId: passId, autoSource: update.source, repScoreBefore: score,
                                          repScoreAfter: next, repTierBefore: tier, repTierAfter: nextTier,
                                          reason: change.reason, createdAt: now))
                score = next
                tier = nextTier
            }
            if stored == nil || score != startScore || tier != startTier {
                reputations[miner] = StoredReputation(score: score, tier: tier)
            }
        }
        return EnginePassRecord(passId: passId, rule: rule, startedAt: now, snapshotVersion: snapshotVersion,
                                history: history, reputations: reputations,
                                reviewWatermark: input.reviewWatermark, allocationWatermark: input.allocationWatermark)
    }

    /// What ``run(store:passId:snapshotPath:snapshotVersion:)`` did.
    public enum Outcome: Sendable, Hashable {
        /// A pass was committed and its snapshot written.
        case committed(passId: String, historyRows: Int, changedMiners: Int)
        /// The previous run had committed this pass but died before the snapshot: only the snapshot was written.
        case finishedSnapshot(passId: String)
        /// The period was already committed (and its snapshot written): nothing to do.
        case alreadyDone(passId: String)
    }

    /// Runs one pass for the period `passId` and writes the snapshot to `snapshotPath` (when given).
    public func run(store: any ReputationStore, passId: String, snapshotPath: String?, snapshotVersion: String,
                    knownTiers: [String]? = nil) async throws -> Outcome {
        if let last = try await store.lastPass(), !last.snapshotWritten {
            try await publish(store: store, passId: last.passId, version: last.snapshotVersion, to: snapshotPath,
                              knownTiers: knownTiers)
            return .finishedSnapshot(passId: last.passId)
        }
        let input = try await store.engineInput()
        let record = plan(input, passId: passId, snapshotVersion: snapshotVersion, now: StoreClock.now())
        guard try await store.commit(record) else { return .alreadyDone(passId: passId) }
        try await publish(store: store, passId: passId, version: snapshotVersion, to: snapshotPath, knownTiers: knownTiers)
        return .committed(passId: passId, historyRows: record.history.count, changedMiners: record.reputations.count)
    }

    private func publish(store: any ReputationStore, passId: String, version: String, to path: String?,
                         knownTiers: [String]?) async throws {
        if let path {
            let reputations = try await store.reputations()
            try SnapshotPublisher.write(reputations, version: version, to: path,
                                        knownTiers: knownTiers ?? assignment.tiers)
        }
        try await store.markSnapshotWritten(passId: passId)
    }
}
