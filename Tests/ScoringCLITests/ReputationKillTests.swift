import Foundation
import Reputation
import ReputationStore
import Testing

/// kill -9 of a `scoring reputation` child process, then a rerun: nothing lost, nothing duplicated.
@Suite("kill -9 during reputation ingest and engine pass", .serialized)
struct ReputationKillTests {
    func temporary(_ name: String) throws -> String {
        let p = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: p, withIntermediateDirectories: true)
        return p
    }

    /// Starts `scoring args…`, kills it with SIGKILL after `delay` seconds; returns whether it was still running.
    func startAndKill(_ args: [String], after delay: Double) throws -> Bool {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try #require(CommandLineTests.binary, "the scoring binary was not built"))
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        Thread.sleep(forTimeInterval: delay)
        let wasRunning = p.isRunning
        if wasRunning { kill(p.processIdentifier, SIGKILL) }
        p.waitUntilExit()
        return wasRunning && p.terminationReason == .uncaughtSignal
    }

    @Test("ingest killed mid-way, rerun: every allocation and entry exactly once")
    func ingestKill() async throws {
        let root = try temporary("kill-ingest")
        defer { try? FileManager.default.removeItem(atPath: root) }
        let files = 600, miners = 256
        try SyntheticRewardFiles.write(count: files, miners: miners, validators: 8, to: root + "/data")
        var midway = 0
        // Early kills too: with the scanner and raw inserts a release ingest of 600 files takes well under a second.
        for (attempt, delay) in [0.15, 0.25, 0.4, 0.8, 1.5, 3.0].enumerated() {
            let db = "\(root)/a\(attempt).sqlite"
            let killed = try startAndKill(["reputation", "ingest", root + "/data", "--store", "sqlite:" + db, "--batch", "8", "--quiet"],
                                          after: delay)
            let store = try SQLiteReputationStore(path: db)
            let partial = try await store.counts()
            if killed && partial.allocations > 0 && partial.allocations < files { midway += 1 }
            // Batches are atomic: the ledger, the allocations and their entries agree after the kill.
            #expect(partial.allocations == partial.ingestedFiles)
            #expect(partial.entries == partial.allocations * miners)
            let rerun = try await AllocationIngest(store: store, batchSize: 64).run(directory: root + "/data")
            #expect(rerun.filesSkipped == partial.ingestedFiles)
            #expect(rerun.allocationsInserted == files - partial.allocations && rerun.allocationsDuplicate == 0)
            let c = try await store.counts()
            #expect(c.allocations == files && c.entries == files * miners && c.ingestedFiles == files)
            try await store.close()
        }
        #expect(midway > 0, "no attempt was killed while the ingest was part-way (the machine may be too fast or too slow)")
    }

    @Test("engine pass killed at several points, rerun: the same state as one uninterrupted pass")
    func engineKill() async throws {
        let root = try temporary("kill-engine")
        defer { try? FileManager.default.removeItem(atPath: root) }
        // A store with 10,000 miners, 30,000 reviews and 24 allocations, copied for each attempt.
        let seedDB = root + "/seed.sqlite"
        do {
            let store = try SQLiteReputationStore(path: seedDB)
            let miners = (0..<10_000).map { SyntheticRewardFiles.hotkey("miner", $0) }
            try await store.addMiners(miners)
            try await store.addReviews((0..<30_000).map {
                ReviewRecord(minerHotkey: miners[($0 * 13) % miners.count], validationScore: Double($0 % 10) / 9,
                             reviewer: "r", reviewedAt: "2026-12-01T00:00:00Z")
            })
            try SyntheticRewardFiles.write(count: 24, miners: 256, to: root + "/data")
            _ = try await AllocationIngest(store: store).run(directory: root + "/data")
            try await store.close()
        }
        func copy(_ to: String) throws {
            for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: seedDB + suffix) {
                try FileManager.default.copyItem(atPath: seedDB + suffix, toPath: to + suffix)
            }
        }
        let engine = ReputationEngine(updates: [ReviewDeltaUpdate(), GotRewardedDecayUpdate()])
        // The reference: one uninterrupted pass.
        try copy(root + "/ref.sqlite")
        let ref = try SQLiteReputationStore(path: root + "/ref.sqlite")
        _ = try await engine.run(store: ref, passId: "P", snapshotPath: root + "/ref.json", snapshotVersion: "v")
        let expected = try await ref.reputations()
        let expectedCounts = try await ref.counts()
        try await ref.close()

        for (attempt, delay) in [0.3, 0.7, 1.2, 2.0, 3.5].enumerated() {
            let db = "\(root)/k\(attempt).sqlite"
            try copy(db)
            let snapshot = "\(root)/k\(attempt).json"
            _ = try startAndKill(["reputation", "cycle", "--store", "sqlite:" + db, "--snapshot", snapshot, "--period", "P",
                                  "--version", "v", "--quiet"], after: delay)
            let store = try SQLiteReputationStore(path: db)
            _ = try await engine.run(store: store, passId: "P", snapshotPath: snapshot, snapshotVersion: "v")
            #expect(try await store.reputations() == expected)
            let c = try await store.counts()
            #expect(c.history == expectedCounts.history && c.passes == 1 && c.unprocessedReviews == 0)
            #expect(try await store.lastPass()?.snapshotWritten == true)
            let snap = try ReputationSnapshot.decode(try Data(contentsOf: URL(fileURLWithPath: snapshot)),
                                                     knownTiers: Set(ReputationTier.standard))
            #expect(snap.miners.count == expected.count)
            try await store.close()
        }
    }
}
