import Foundation
import Reputation
@testable import ReputationStore
import Testing

/// SQLite keeps an allocation's entries packed (v6), PostgreSQL one row each: the answers must not differ.
@Suite("SQLite and PostgreSQL give the same answers")
struct BackendEquivalenceTests {
    /// The migration tests' edge records plus an allocation of signed zeros, infinities and subnormals.
    static func records() -> [AllocationRecord] {
        // PostgreSQL's `uid` column is a 32-bit INTEGER (SQLite's takes any 64-bit value): the edge
        // records' extreme uids become the 32-bit extremes here.
        var out = StoreMigrationTests.edgeRecords().map { record in
            var r = record
            r.entries = r.entries.map { e in
                var e = e
                e.uid = e.uid.map { Int(Int32(clamping: $0)) }
                return e
            }
            return r
        }
        let values: [Double] = [-0.0, 0.0, .leastNonzeroMagnitude, -.leastNonzeroMagnitude, .infinity, -.infinity, .greatestFiniteMagnitude, 0.1 + 0.2]
        out.append(AllocationRecord(validatorHotkey: Hotkeys.make("validator", 5), cycleId: "C9", stepId: "signs",
                                    repSnapshotVersion: nil, timestamp: nil, receivedAt: nil, sourceFile: nil,
                                    entries: values.enumerated().map { k, x in
            RewardAllocationEntry(minerHotkey: Hotkeys.make("miner", 100 + k), uid: k % 2 == 0 ? nil : k, baseReward: x,
                                  repScore: -x, repTier: .bronze, reputationBonus: x, totalReward: x)
        }))
        return out
    }

    @Test("same dump (bit for bit), counts, engine input, pass and reputations", .enabled(if: Backend.postgresURL != nil))
    func sameAnswers() async throws {
        let sqlite = try await TestStore.make(.sqlite), postgres = try await TestStore.make(.postgres)
        defer { Task { try await sqlite.cleanup(); try await postgres.cleanup() } }
        let records = Self.records()
        for t in [sqlite, postgres] {
            // In two batches, the second repeating an allocation of the first (a duplicate).
            _ = try await t.store.store(Array(records.prefix(4)), ledger: [IngestedFile(path: "/x/a.json", size: 3)])
            let result = try await t.store.store(Array(records.dropFirst(3)), ledger: [])
            #expect(result.inserted == records.count - 4 && result.duplicates == 1)
            try await t.store.addReviews([ReviewRecord(minerHotkey: Hotkeys.make("miner", 3), validationScore: 0.75, reviewer: "r",
                                                       reviewedAt: "2026-12-01T00:00:00Z")])
        }
        let s = sqlite.store as! SQLiteReputationStore, p = postgres.store as! PostgresReputationStore
        let dump = try await s.dumpAllocations()
        #expect(dump == (try await p.dumpAllocations()))
        #expect(dump.count == records.reduce(0) { $0 + $1.entries.count })
        // −0.0 is kept as −0.0 (the per-row SQLite table stored it as 0.0).
        #expect(dump.contains { $0.hasSuffix("|\((-0.0).bitPattern)|\((-0.0).bitPattern)|Bronze") })
        #expect(try await s.counts() == p.counts())
        let a = try await s.engineInput(), b = try await p.engineInput()
        #expect(a.rewardedAllocations == b.rewardedAllocations && !a.rewardedAllocations.isEmpty)
        #expect(a.reputations == b.reputations && a.reviews == b.reviews)
        #expect(a.allocationWatermark == b.allocationWatermark && a.reviewWatermark == b.reviewWatermark)

        let engine = ReputationEngine(updates: [ReviewDeltaUpdate(), GotRewardedDecayUpdate(), NeutralDecayUpdate()])
        let planA = engine.plan(a, passId: "P", snapshotVersion: "v", now: "2026-12-01T00:00:00.000Z")
        let planB = engine.plan(b, passId: "P", snapshotVersion: "v", now: "2026-12-01T00:00:00.000Z")
        #expect(planA.history == planB.history && planA.reputations == planB.reputations)
        let committedA = try await s.commit(planA), committedB = try await p.commit(planB)
        #expect(committedA && committedB)
        #expect(try await s.reputations() == p.reputations())
        #expect(try await s.engineInput().rewardedAllocations.isEmpty)
        #expect(try await p.engineInput().rewardedAllocations.isEmpty)
        #expect(try await s.counts() == p.counts())
    }
}
