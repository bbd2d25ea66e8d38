import Foundation
import Reputation
@testable import ReputationStore
import Testing

/// Migrations of stores written by earlier builds.
@Suite("Store migrations of existing stores")
struct StoreMigrationTests {
    /// A fresh directory for one test's store (the caller removes it).
    static func scratchDirectory(_ prefix: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

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
        let dir = try Self.scratchDirectory("migrate")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/reputation.sqlite"

        // A store as the v4 build left it: migrations up to v4, allocations stored as entry rows, one processed.
        let old = try SQLiteReputationStore(path: path, upTo: "v4-engine-passes")
        #expect(try await old.appliedMigrations() == StoreSchema.migrations.prefix(4).map(\.id))
        let records = Self.records()
        try await old.storeAsEntryRows(records, ledger: [IngestedFile(path: "/x/0.json", size: 7)])
        try await old.execute("UPDATE reward_allocations SET rep_processed_at = 'then' WHERE id = 1")
        let before = try await old.dumpAllocations()
        let oldTable = try await old.schema(like: "reward_allocation_entries")["reward_allocation_entries"]
        #expect(try await old.schema(like: "sqlite_autoindex_reward_allocation_entries%").count == 1)
        try await old.close()
        #expect(before.count == 6 * 40)
        #expect(oldTable?.contains("WITHOUT ROWID") == false)

        // Opening it with the v5 build applies v5 only.
        let store = try SQLiteReputationStore(path: path, upTo: "v5-entries-clustered")
        #expect(try await store.appliedMigrations() == StoreSchema.migrations.prefix(5).map(\.id))
        #expect(try await store.dumpAllocations() == before)
        let table = try await store.schema(like: "reward_allocation_entries")["reward_allocation_entries"]
        #expect(table?.contains("WITHOUT ROWID") == true)
        #expect(table?.contains("PRIMARY KEY (allocation_id, miner_hotkey)") == true)
        #expect(table?.contains("REFERENCES reward_allocations(id)") == true)
        #expect(try await store.schema(like: "%_v5%").isEmpty)

        // The same answers as a store of this build that stored the same records.
        let fresh = try SQLiteReputationStore(path: dir + "/fresh.sqlite")
        _ = try await fresh.store(records, ledger: [IngestedFile(path: "/x/0.json", size: 7)])
        try await fresh.execute("UPDATE reward_allocations SET rep_processed_at = 'then' WHERE id = 1")
        #expect(try await fresh.dumpAllocations() == before)

        // The key still refuses a miner twice in one allocation, and the foreign key an unknown allocation.
        var twice = Fixtures.record(validator: 9, cycle: "C9", step: "s9", miners: 3)
        twice.entries.append(twice.entries[0])
        await #expect(throws: (any Error).self) { try await store.storeAsEntryRows([twice], ledger: []) }
        await #expect(throws: (any Error).self) {
            try await store.execute("""
                INSERT INTO reward_allocation_entries (allocation_id, miner_hotkey, uid, base_reward, rep_score, rep_tier,
                    reputation_bonus, total_reward) VALUES (999, 'x', 1, 0, 0, 'Neutral', 0, 0)
                """)
        }
        #expect(try await store.dumpAllocations() == before)
        // Then this build's migration (v6) on top (counts and engine input read the packed form): the same
        // lines, counts and engine input as a store of this build.
        #expect(try await store.migrate() == ["v6-entries-packed"])
        #expect(try await store.dumpAllocations() == before)
        #expect(try await store.counts() == fresh.counts())
        let input = try await store.engineInput(), freshInput = try await fresh.engineInput()
        #expect(input.rewardedAllocations == freshInput.rewardedAllocations)
        #expect(input.reputations == freshInput.reputations && input.allocationWatermark == freshInput.allocationWatermark)
        #expect(!input.rewardedAllocations.isEmpty)
        try await store.close()
        try await fresh.close()
    }

    /// Allocations with every value the packed form must carry as the per-row table held it.
    static func edgeRecords() -> [AllocationRecord] {
        var out = records()
        var tiers = Fixtures.entries(miners: 12, rewardEvery: 2, seed: 9)
        for k in tiers.indices {
            tiers[k].repTier = (ReputationTier.standard + ["", "Platinum", "Gölд", "gold", "x y", "Watch "])[k]
        }
        tiers[0].minerHotkey = String(repeating: "5LongHotkey", count: 60)
        tiers[1].uid = Int.min
        tiers[2].uid = Int.max
        tiers[3].baseReward = Double.leastNormalMagnitude.nextDown  // the largest subnormal
        tiers[4].reputationBonus = -Double.leastNonzeroMagnitude
        tiers[5].totalReward = 1e300
        out.append(AllocationRecord(validatorHotkey: Hotkeys.make("validator", 7), cycleId: "C9", stepId: "tiers",
                                    entries: tiers))
        out.append(AllocationRecord(validatorHotkey: Hotkeys.make("validator", 7), cycleId: "C9", stepId: "empty", entries: []))
        out.append(Fixtures.record(validator: 6, cycle: "C9", step: "last", miners: 3))
        return out
    }

    @Test("a v5 SQLite store migrates to v6 (entries packed per allocation) with the same dump, counts and engine input")
    func v5StoreMigratesToPacked() async throws {
        let dir = try Self.scratchDirectory("migrate6")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/reputation.sqlite"
        let records = Self.edgeRecords()

        // A store as the v5 build left it: entry rows, one allocation processed, reviews and a pass.
        let old = try SQLiteReputationStore(path: path, upTo: "v5-entries-clustered")
        try await old.storeAsEntryRows(records, ledger: [IngestedFile(path: "/x/0.json", size: 7)])
        try await old.execute("UPDATE reward_allocations SET rep_processed_at = 'then' WHERE id = 2")
        try await old.addReviews([ReviewRecord(minerHotkey: Hotkeys.make("miner", 1), validationScore: 0.25, reviewer: "r",
                                               reviewedAt: "2026-12-01T00:00:00Z")])
        let before = try await old.dumpAllocations()
        let expectedLines = 6 * 40 + 12 + 3
        #expect(before.count == expectedLines)
        try await old.close()

        // The reference: a store of this build that stored the same records from the start.
        let fresh = try SQLiteReputationStore(path: dir + "/fresh.sqlite")
        _ = try await fresh.store(records, ledger: [IngestedFile(path: "/x/0.json", size: 7)])
        try await fresh.execute("UPDATE reward_allocations SET rep_processed_at = 'then' WHERE id = 2")
        try await fresh.addReviews([ReviewRecord(minerHotkey: Hotkeys.make("miner", 1), validationScore: 0.25, reviewer: "r",
                                                 reviewedAt: "2026-12-01T00:00:00Z")])
        #expect(try await fresh.dumpAllocations() == before)
        let beforeCounts = try await fresh.counts(), beforeInput = try await fresh.engineInput()
        #expect(beforeCounts.entries == before.count && beforeCounts.allocations == 9)
        #expect(beforeInput.rewardedAllocations.count > 20 && beforeInput.allocationWatermark == 9)

        // Opening it with this build applies v6 only; every line is the same, counts and input those of the reference.
        let store = try SQLiteReputationStore(path: path)
        #expect(try await store.appliedMigrations() == StoreSchema.migrations.map(\.id))
        #expect(try await store.migrate() == [])
        #expect(try await store.dumpAllocations() == before)
        #expect(try await store.counts() == beforeCounts)
        let input = try await store.engineInput()
        #expect(input.rewardedAllocations == beforeInput.rewardedAllocations)
        #expect(input.reviews == beforeInput.reviews && input.reputations == beforeInput.reputations)
        #expect(input.allocationWatermark == beforeInput.allocationWatermark && input.reviewWatermark == beforeInput.reviewWatermark)
        // The per-row table is gone; one packed row per allocation, the empty one included.
        #expect(try await store.schema(like: "reward_allocation_entries%").isEmpty)
        let packs = try await store.schema(like: "reward_allocation_packs")["reward_allocation_packs"]
        #expect(packs?.contains("REFERENCES reward_allocations(id)") == true)

        // The migrated store goes on: a miner twice is refused, a pack of an unknown allocation too,
        // a new allocation is counted, and a pass processes everything.
        var twice = Fixtures.record(validator: 9, cycle: "C9", step: "s9", miners: 3)
        twice.entries.append(twice.entries[0])
        await #expect(throws: (any Error).self) { _ = try await store.store([twice], ledger: []) }
        await #expect(throws: (any Error).self) {
            try await store.execute("INSERT INTO reward_allocation_packs (allocation_id, entry_count, entries) VALUES (999, 0, x'0100')")
        }
        #expect(try await store.counts() == beforeCounts)
        let more = try await store.store([Fixtures.record(validator: 9, cycle: "C9", step: "s10", miners: 5)], ledger: [])
        #expect(more.inserted == 1 && more.entries == 5)
        #expect(try await store.counts().entries == beforeCounts.entries + 5)
        let engine = ReputationEngine(updates: [ReviewDeltaUpdate(), GotRewardedDecayUpdate()])
        let plan = engine.plan(try await store.engineInput(), passId: "P", snapshotVersion: "v", now: "2026-12-01T00:00:00.000Z")
        #expect(try await store.commit(plan))
        #expect(try await store.engineInput().rewardedAllocations.isEmpty)
        try await store.close()
        try await fresh.close()
    }

    @Test("a damaged packed value is refused with an error naming its allocation")
    func corruptPack() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("corrupt-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try SQLiteReputationStore(path: dir + "/reputation.sqlite")
        _ = try await store.store([Fixtures.record(validator: 0, cycle: "C1", step: "a", miners: 4),
                                   Fixtures.record(validator: 1, cycle: "C1", step: "a", miners: 4)], ledger: [])
        try await store.execute("UPDATE reward_allocation_packs SET entries = substr(entries, 1, 40) WHERE allocation_id = 2")
        do {
            _ = try await store.engineInput()
            Issue.record("a truncated value was read")
        } catch let error as StoreError {
            #expect(error.code == .corruptValue && error.message.contains("allocation 2"))
        }
        await #expect(throws: StoreError.self) { _ = try await store.dumpAllocations() }
        try await store.close()
    }

    @Test("v5 and v6 are SQLite-only steps: PostgreSQL records them with nothing to run; earlier steps run on both")
    func dialectSteps() {
        for step in StoreSchema.migrations {
            if step.id == "v5-entries-clustered" {
                #expect(step.statements(for: .postgres).isEmpty && step.statements(for: .sqlite).count == 4)
            } else if step.id == "v6-entries-packed" {
                #expect(step.statements(for: .postgres).isEmpty && step.statements(for: .sqlite).count == 1)
                #expect(step.only == .sqlite && step.sqliteData != nil)
            } else {
                #expect(step.statements(for: .postgres).count == step.statements.count)
                #expect(step.statements(for: .sqlite).count == step.statements.count)
            }
        }
    }
}
