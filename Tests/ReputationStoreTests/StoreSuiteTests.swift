import Foundation
import Reputation
@testable import ReputationStore
import Testing

/// The same store tests on every available backend (SQLite always; PostgreSQL with SCORING_TEST_POSTGRES_URL).
@Suite("Reputation store, both backends")
struct StoreSuiteTests {
    @Test("migrations apply once, in order", arguments: Backend.available)
    func migrations(_ backend: Backend) async throws {
        let t = try await TestStore.make(backend)
        defer { Task { try await t.cleanup() } }
        #expect(try await t.store.appliedMigrations() == StoreSchema.migrations.map(\.id))
        #expect(try await t.store.migrate() == [])
        #expect(try await t.store.counts() == StoreCounts())
    }

    @Test("an allocation is stored once per (validator, cycle, step)", arguments: Backend.available)
    func idempotentAllocations(_ backend: Backend) async throws {
        let t = try await TestStore.make(backend)
        defer { Task { try await t.cleanup() } }
        let a = Fixtures.record(validator: 0, cycle: "C1", step: "s1", miners: 256)
        let first = try await t.store.store([a], ledger: [IngestedFile(path: "/x/a.json", size: 10)])
        #expect(first.inserted == 1 && first.duplicates == 0 && first.entries == 256)
        let again = try await t.store.store([a, a], ledger: [IngestedFile(path: "/x/a.json", size: 10)])
        #expect(again.inserted == 0 && again.duplicates == 2)
        // Same validator and cycle, another step; another validator, same step: both new.
        let more = try await t.store.store([Fixtures.record(validator: 0, cycle: "C1", step: "s2"),
                                            Fixtures.record(validator: 1, cycle: "C1", step: "s1")], ledger: [])
        #expect(more.inserted == 2)
        let c = try await t.store.counts()
        #expect(c.allocations == 3 && c.entries == 256 + 8 + 8 && c.miners == 256 && c.ingestedFiles == 1)
        #expect(try await t.store.ingestedFiles() == ["/x/a.json": 10])
    }

    @Test("a batch is one transaction: a failing allocation stores nothing of the batch", arguments: Backend.available)
    func batchIsAtomic(_ backend: Backend) async throws {
        let t = try await TestStore.make(backend)
        defer { Task { try await t.cleanup() } }
        var bad = Fixtures.record(validator: 2, cycle: "C1", step: "s1", miners: 4)
        bad.entries.append(bad.entries[0])  // the same miner twice: refused (PostgreSQL's entry key, SQLite's packing)
        await #expect(throws: (any Error).self) {
            _ = try await t.store.store([Fixtures.record(validator: 1, cycle: "C1", step: "s1"), bad],
                                        ledger: [IngestedFile(path: "/x/b.json", size: 1)])
        }
        let c = try await t.store.counts()
        #expect(c.allocations == 0 && c.entries == 0 && c.ingestedFiles == 0 && c.miners == 0)
    }

    @Test("an engine pass commits once, marks its inputs processed, and history explains every change",
          arguments: Backend.available)
    func enginePass(_ backend: Backend) async throws {
        let t = try await TestStore.make(backend)
        defer { Task { try await t.cleanup() } }
        let m0 = Hotkeys.make("miner", 0), m1 = Hotkeys.make("miner", 1)
        // Two allocations rewarding miner 0 and miner 1; miner 2 gets 0 in both (rewardEvery: 2 → odd miners get 0).
        _ = try await t.store.store([Fixtures.record(validator: 0, cycle: "C1", step: "a", miners: 3, rewardEvery: 2),
                                     Fixtures.record(validator: 1, cycle: "C1", step: "a", miners: 3, rewardEvery: 2)], ledger: [])
        try await t.store.addReviews([
            ReviewRecord(minerHotkey: m0, validationScore: 0.9, reviewer: "r1", reviewedAt: "2026-12-01T00:00:00Z"),
            ReviewRecord(minerHotkey: m0, validationScore: 0.7, reviewer: "r2", reviewedAt: "2026-12-01T00:00:00Z"),
            ReviewRecord(minerHotkey: m1, validationScore: 0.1, reviewer: "r1", comment: "bad", reviewedAt: "2026-12-01T00:00:00Z"),
        ])
        let input = try await t.store.engineInput()
        #expect(input.reputations.count == 3)
        #expect(input.reviews[m0] == .init(count: 2, scoreSum: 1.6))
        #expect(input.rewardedAllocations[m0] == 2)
        #expect(input.rewardedAllocations[m1] == nil)  // miner 1 got 0 in both

        let engine = ReputationEngine(updates: [ReviewDeltaUpdate(), GotRewardedDecayUpdate()])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("snap-\(UUID().uuidString)").path
        let snapshot = dir + "/reputation_snapshot.json"
        let outcome = try await engine.run(store: t.store, passId: "P1", snapshotPath: snapshot, snapshotVersion: "v-P1")
        // m0: 1.0 + 0.1·((0.9−0.5)+(0.7−0.5)) = 1.06, then − 0.05·2 = 0.96 → Neutral (≥ 0.9).
        // m1 (no reward): 1.0 + 0.1·(0.1−0.5) = 0.96 → Neutral. m2 (no review, rewarded twice): 1.0 − 0.1 = 0.9 → Neutral.
        let reps = try await t.store.reputations()
        #expect(abs(reps[m0]!.score - 0.96) < 1e-12 && reps[m0]!.tier == "Neutral")
        #expect(abs(reps[m1]!.score - 0.96) < 1e-12)
        #expect(abs(reps[Hotkeys.make("miner", 2)]!.score - 0.9) < 1e-12 && reps[Hotkeys.make("miner", 2)]!.tier == "Neutral")
        #expect(outcome == .committed(passId: "P1", historyRows: 3 + 2 + 2, changedMiners: 3))
        let h = try await t.store.history(of: m0)
        #expect(h.map(\.autoSource) == ["initial", "review", "got_rewarded"])
        #expect(abs(h[1].repScoreAfter - 1.06) < 1e-12 && h[1].reason.contains("2 review(s)"))
        #expect(abs(h[2].deltaRep + 0.1) < 1e-12 && h[2].reason.contains("rewarded in 2 allocation(s)"))

        // The snapshot is in place and the inputs are processed; the same period is not run twice.
        let snap = try ReputationSnapshot.decode(try Data(contentsOf: URL(fileURLWithPath: snapshot)),
                                                 knownTiers: Set(ReputationTier.standard), requireSS58Keys: true)
        #expect(snap.version == "v-P1" && snap.miners.count == 3)
        let after = try await t.store.engineInput()
        #expect(after.reviews.isEmpty && after.rewardedAllocations.isEmpty)
        #expect(try await engine.run(store: t.store, passId: "P1", snapshotPath: snapshot, snapshotVersion: "x") == .alreadyDone(passId: "P1"))
        #expect(try await t.store.lastPass() == EnginePassInfo(passId: "P1", snapshotVersion: "v-P1", snapshotWritten: true))
        #expect(try await t.store.counts().passes == 1)
        try? FileManager.default.removeItem(atPath: dir)
    }

    @Test("a pass committed without its snapshot is finished by the next run, not repeated", arguments: Backend.available)
    func finishesSnapshot(_ backend: Backend) async throws {
        let t = try await TestStore.make(backend)
        defer { Task { try await t.cleanup() } }
        try await t.store.addMiners([Hotkeys.make("miner", 0)])
        let engine = ReputationEngine(updates: [NeutralDecayUpdate(halfLife: 1)])
        // Commit as a run killed before the snapshot would have left it.
        let record = engine.plan(try await t.store.engineInput(), passId: "P1", snapshotVersion: "v1", now: "2026-12-01T00:00:00.000Z")
        #expect(try await t.store.commit(record))
        #expect(try await t.store.commit(record) == false)
        #expect(try await t.store.lastPass()?.snapshotWritten == false)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("snap-\(UUID().uuidString)").path
        let outcome = try await engine.run(store: t.store, passId: "P2", snapshotPath: dir + "/s.json", snapshotVersion: "v2")
        #expect(outcome == .finishedSnapshot(passId: "P1"))
        #expect(FileManager.default.fileExists(atPath: dir + "/s.json"))
        #expect(try await t.store.counts().passes == 1)
        try? FileManager.default.removeItem(atPath: dir)
    }

    @Test("ingest: idempotent, resumable, malformed files skipped with a located error and kept", arguments: Backend.available)
    func ingest(_ backend: Backend) async throws {
        let t = try await TestStore.make(backend)
        defer { Task { try await t.cleanup() } }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("rewards-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        func put(_ rel: String, _ data: Data) throws {
            let p = root + "/" + rel
            try FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: p))
        }
        let v0 = Hotkeys.make("validator", 0)
        for s in 0..<5 { try put("rewards/C1/\(v0)/reward_\(s).json", try Fixtures.serviceFile(validator: 0, cycle: "C1", step: "s\(s)", miners: 16)) }
        try put("rewards/C1/\(v0)/reward_bad.json", Data("{\"allocation\": {\"validator_hotkey\": 3".utf8))
        let badEntry = String(decoding: try Fixtures.serviceFile(validator: 0, cycle: "C1", step: "s9", miners: 2), as: UTF8.self)
            .replacingOccurrences(of: "\"rep_score\":1", with: "\"rep_score\":-1")
        try put("rewards/C1/\(v0)/reward_neg.json", Data(badEntry.utf8))

        let ingest = AllocationIngest(store: t.store, batchSize: 2)
        let first = try await ingest.run(directory: root)
        #expect(first.filesSeen == 7 && first.allocationsInserted == 5 && first.entries == 80)
        #expect(first.failures.count == 2)
        let neg = try #require(first.failures.first { $0.file.hasSuffix("reward_neg.json") })
        #expect(neg.member == "allocation.miners[0].rep_score")
        #expect(first.failures.contains { $0.file.hasSuffix("reward_bad.json") && $0.message.contains("JSON") })
        #expect(FileManager.default.fileExists(atPath: root + "/rewards/C1/\(v0)/reward_bad.json"))

        // Rerun: the ledger skips what is in; the malformed files are reported again.
        let second = try await ingest.run(directory: root)
        #expect(second.filesSkipped == 5 && second.allocationsInserted == 0 && second.failures.count == 2)
        // A copy of a file under another name is the same (validator, cycle, step): a duplicate, not a new allocation.
        try put("rewards/C1/\(v0)/reward_copy.json", try Fixtures.serviceFile(validator: 0, cycle: "C1", step: "s0", miners: 16))
        let third = try await ingest.run(directory: root)
        #expect(third.allocationsInserted == 0 && third.allocationsDuplicate == 1)
        let c = try await t.store.counts()
        #expect(c.allocations == 5 && c.entries == 80 && c.ingestedFiles == 6)
    }
}

@Suite("Allocation sink for /reward_allocation")
struct AllocationSinkTests {
    @Test("records once per (validator, cycle, step)", arguments: Backend.available)
    func sink(_ backend: Backend) async throws {
        let t = try await TestStore.make(backend)
        defer { Task { try await t.cleanup() } }
        let sink = StoreAllocationSink(store: t.store)
        let a = RewardAllocation(validatorHotkey: Hotkeys.make("validator", 0), repSnapshotVersion: "v", cycleId: "C1", stepId: "s1",
                                 miners: Fixtures.entries(miners: 4), signature: "sig")
        #expect(try await sink.record(a, cycleId: "C1", receivedAt: "2026-12-01T00:00:00Z", sourceFile: "/d/reward_1.json",
                                      fallbackStep: "reward_1.json"))
        #expect(try await sink.record(a, cycleId: "C1", receivedAt: "2026-12-01T00:00:05Z", sourceFile: "/d/reward_2.json",
                                      fallbackStep: "reward_2.json") == false)
        #expect(try await t.store.counts().entries == 4)
        // Without step_id or timestamp the fallback step is the identity.
        var bare = a
        bare.stepId = nil
        bare.timestamp = nil
        #expect(try await sink.record(bare, cycleId: "C1", receivedAt: "t", sourceFile: nil, fallbackStep: "k1"))
        #expect(try await sink.record(bare, cycleId: "C1", receivedAt: "t", sourceFile: nil, fallbackStep: "k1") == false)
        #expect(try await sink.record(bare, cycleId: "C1", receivedAt: "t", sourceFile: nil, fallbackStep: "k2"))
        #expect(try await t.store.counts().allocations == 3)
    }
}
