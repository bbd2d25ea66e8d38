import Foundation
import Reputation
@testable import ReputationStore
import Testing

/// Migrations of stores written by earlier builds.
@Suite("Store migrations of existing stores")
struct StoreMigrationTests {
    /// Entries in an order that is not their key order, with exact doubles, a nil uid and a non-ASCII hotkey.
    static func records() -> [AllocationRecord] {
        (0..<6).map { a in
            var entries = Fixtures.entries(miners: 40, rewardEvery: 3, seed: a).reversed().map { $0 }
            entries[0].baseReward = 0.1 + 0.2  // 0.30000000000000004
            entries[1].uid = nil
            entries[2].totalReward = 5e-324
            entries[3].minerHotkey = "5Émîner-\(a)"
            return AllocationRecord(validatorHotkey: Hotkeys.make("validator", a % 3), cycleId: "C\(a / 3)", stepId: "s\(a)",
                                    repSnapshotVersion: a == 0 ? nil : "v1", timestamp: "2026-12-01T00:00:00Z",
                                    receivedAt: "2026-12-01T00:00:01Z", sourceFile: "/x/\(a).json", entries: entries)
        }
    }

    @Test("a v4 SQLite store migrates to v5 (entries WITHOUT ROWID) with every row, constraint and answer intact")
    func v4StoreMigrates() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("migrate-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/reputation.sqlite"

        // A store as the v4 build left it: migrations up to v4, allocations stored, one of them processed.
        let old = try SQLiteReputationStore(path: path, upTo: "v4-engine-passes")
        #expect(try await old.appliedMigrations() == StoreSchema.migrations.prefix(4).map(\.id))
        let records = Self.records()
        _ = try await old.store(records, ledger: [IngestedFile(path: "/x/0.json", size: 7)])
        try await old.execute("UPDATE reward_allocations SET rep_processed_at = 'then' WHERE id = 1")
        let before = try await old.dumpAllocations()
        let oldTable = try await old.schema(like: "reward_allocation_entries")["reward_allocation_entries"]
        #expect(try await old.schema(like: "sqlite_autoindex_reward_allocation_entries%").count == 1)
        try await old.close()
        #expect(before.count == 6 * 40)
        #expect(oldTable?.contains("WITHOUT ROWID") == false)

        // Opening it with this build applies v5 only.
        let store = try SQLiteReputationStore(path: path)
        #expect(try await store.appliedMigrations() == StoreSchema.migrations.map(\.id))
        #expect(try await store.migrate() == [])
        #expect(try await store.dumpAllocations() == before)
        let table = try await store.schema(like: "reward_allocation_entries")["reward_allocation_entries"]
        #expect(table?.contains("WITHOUT ROWID") == true)
        #expect(table?.contains("PRIMARY KEY (allocation_id, miner_hotkey)") == true)
        #expect(table?.contains("REFERENCES reward_allocations(id)") == true)
        #expect(try await store.schema(like: "%_v5%").isEmpty)

        // The same answers as a store that was v5 from the start and stored the same records.
        let fresh = try SQLiteReputationStore(path: dir + "/fresh.sqlite")
        _ = try await fresh.store(records, ledger: [IngestedFile(path: "/x/0.json", size: 7)])
        try await fresh.execute("UPDATE reward_allocations SET rep_processed_at = 'then' WHERE id = 1")
        #expect(try await fresh.dumpAllocations() == before)
        #expect(try await store.counts() == fresh.counts())
        let input = try await store.engineInput(), freshInput = try await fresh.engineInput()
        #expect(input.rewardedAllocations == freshInput.rewardedAllocations)
        #expect(input.reputations == freshInput.reputations && input.allocationWatermark == freshInput.allocationWatermark)
        #expect(!input.rewardedAllocations.isEmpty)

        // The key still refuses a miner twice in one allocation, and the foreign key an unknown allocation.
        var twice = Fixtures.record(validator: 9, cycle: "C9", step: "s9", miners: 3)
        twice.entries.append(twice.entries[0])
        await #expect(throws: (any Error).self) { _ = try await store.store([twice], ledger: []) }
        await #expect(throws: (any Error).self) {
            try await store.execute("""
                INSERT INTO reward_allocation_entries (allocation_id, miner_hotkey, uid, base_reward, rep_score, rep_tier,
                    reputation_bonus, total_reward) VALUES (999, 'x', 1, 0, 0, 'Neutral', 0, 0)
                """)
        }
        #expect(try await store.counts() == fresh.counts())
        try await store.close()
        try await fresh.close()
    }

    @Test("v5 is a SQLite-only step: PostgreSQL records it with nothing to run; earlier steps run on both")
    func dialectSteps() {
        for step in StoreSchema.migrations {
            if step.id == "v5-entries-clustered" {
                #expect(step.statements(for: .postgres).isEmpty && step.statements(for: .sqlite).count == 4)
            } else {
                #expect(step.statements(for: .postgres).count == step.statements.count)
                #expect(step.statements(for: .sqlite).count == step.statements.count)
            }
        }
    }
}
