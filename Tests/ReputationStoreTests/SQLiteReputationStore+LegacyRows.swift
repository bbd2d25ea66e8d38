import GRDB
import Reputation
@testable import ReputationStore

extension SQLiteReputationStore {
    /// Stores allocations as the builds before migration v6 did — one `reward_allocation_entries` row
    /// per entry — so tests can make a store as those builds left it (open it with `upTo:` an earlier
    /// migration first). Test support only: the store itself never writes rows.
    func storeAsEntryRows(_ allocations: [AllocationRecord], ledger: [IngestedFile]) async throws {
        try await pool.write { db in
            let now = StoreClock.now()
            for a in allocations {
                try db.execute(sql: """
                    INSERT INTO reward_allocations (validator_hotkey, cycle_id, step_id, rep_snapshot_version, timestamp,
                        received_at, source_file, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [a.validatorHotkey, a.cycleId, a.stepId, a.repSnapshotVersion, a.timestamp, a.receivedAt,
                                     a.sourceFile, now])
                let id = db.lastInsertedRowID
                for e in a.entries {
                    try db.execute(sql: "INSERT INTO miners (hotkey, uid, first_seen_at) VALUES (?, ?, ?) ON CONFLICT (hotkey) DO NOTHING",
                                   arguments: [e.minerHotkey, e.uid, now])
                    try db.execute(sql: """
                        INSERT INTO reward_allocation_entries (allocation_id, miner_hotkey, uid, base_reward, rep_score, rep_tier,
                            reputation_bonus, total_reward) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """, arguments: [id, e.minerHotkey, e.uid, e.baseReward, e.repScore, e.repTier.rawValue,
                                         e.reputationBonus, e.totalReward])
                }
            }
            for f in ledger {
                try db.execute(sql: "INSERT INTO ingested_files (path, size, ingested_at) VALUES (?, ?, ?)",
                               arguments: [f.path, f.size, now])
            }
        }
    }
}
