public import Foundation
import DurableFiles
public import Reputation

/// Writes a reputation snapshot from the store's `miner_reputation` rows where the service watches it:
/// validated first, then written through ``DurableWriter`` (temporary file, fsync, rename, directory
/// fsync) — a reader sees the old file or the new one, never half of one.
public enum SnapshotPublisher {
    public static func snapshot(_ reputations: [String: StoredReputation], version: String) -> ReputationSnapshot {
        var miners: [String: SnapshotReputation] = [:]
        miners.reserveCapacity(reputations.count)
        for (k, r) in reputations {
            miners[k] = SnapshotReputation(repScore: r.score, repTier: ReputationTier(rawValue: r.tier))
        }
        return ReputationSnapshot(version: version, generatedAt: StoreClock.now(), miners: miners)
    }

    public static func write(_ reputations: [String: StoredReputation], version: String, to path: String,
                             knownTiers: [String]) throws {
        let s = snapshot(reputations, version: version)
        try s.validate(knownTiers: Set(knownTiers.map { ReputationTier(rawValue: $0) }))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        try DurableWriter().write(Array(try encoder.encode(s)), to: path)
    }
}
