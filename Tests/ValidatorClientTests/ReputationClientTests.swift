import Foundation
import Testing
import Reputation
import ReputationService
import Signatures
import ValidatorClient

private func allocation(_ key: Keypair, miners: [String], step: String) -> RewardAllocation {
    RewardAllocation(validatorHotkey: key.address.string, repSnapshotVersion: "2025-11-20T13:00:00Z", cycleId: "C1",
                     stepId: step, timestamp: "2025-11-20T14:00:00Z",
                     miners: miners.enumerated().map {
                         RewardAllocationEntry(minerHotkey: $1, uid: $0, baseReward: 0.5, repScore: 1.0, repTier: .neutral,
                                               reputationBonus: 0, totalReward: 0.5)
                     },
                     signature: "")
}

@Suite(.serialized)
struct ReputationClientTests {
    @Test func fetchesSignedAndCachesOnDisk() async throws {
        let key = SnapshotGenerator.keypair(seed: 1, role: "validator", index: 0)
        let service = try await TestService(validators: [key])
        defer { Task { await service.cleanUp() } }
        let client = try ReputationClient(configuration: service.clientConfiguration(state: "v0"), hotkey: key, logger: quietLogger())
        let fetch = await client.fetchReputation(miners: service.miners)
        #expect(fetch.source == .service)
        #expect(fetch.repSnapshotVersion == "2025-11-20T13:00:00Z")
        for m in service.miners { #expect(fetch.reputations[m] == service.snapshot.miners[m]) }
        let cache = try #require(try ReputationCache.load(directory: service.root + "/v0"))
        #expect(cache.miners.count == service.miners.count)
        #expect(cache.repSnapshotVersion == "2025-11-20T13:00:00Z")
    }

    @Test func outageUsesTheCacheAcrossARestartNeverNeutral() async throws {
        let key = SnapshotGenerator.keypair(seed: 1, role: "validator", index: 0)
        let service = try await TestService(validators: [key])
        defer { Task { await service.cleanUp() } }
        let config = service.clientConfiguration(state: "v0")
        let first = try ReputationClient(configuration: config, hotkey: key, logger: quietLogger())
        #expect(await first.fetchReputation(miners: service.miners).source == .service)

        try await service.stop()
        // A new client (a validator restart) reads the cache from disk.
        let restarted = try ReputationClient(configuration: config, hotkey: key, logger: quietLogger())
        let fetch = await restarted.fetchReputation(miners: service.miners)
        #expect(fetch.source == .cache)
        #expect(fetch.failure != nil)
        #expect(fetch.repSnapshotVersion == "2025-11-20T13:00:00Z")
        for m in service.miners { #expect(fetch.reputations[m] == service.snapshot.miners[m]) }
        #expect(await restarted.statistics.cacheHits == 1)
        #expect(await restarted.statistics.neutralFallbacks == 0)

        // The service comes back on the same port: answers come from it again.
        try await service.start()
        let again = await restarted.fetchReputation(miners: service.miners)
        #expect(again.source == .service, "after the restart: \(again.failure ?? "no failure recorded")")
    }

    @Test func serviceWithoutSnapshotDoesNotOverrideTheCache() async throws {
        let key = SnapshotGenerator.keypair(seed: 1, role: "validator", index: 0)
        let service = try await TestService(validators: [key])
        defer { Task { await service.cleanUp() } }
        let client = try ReputationClient(configuration: service.clientConfiguration(state: "v0"), hotkey: key, logger: quietLogger())
        #expect(await client.fetchReputation(miners: service.miners).source == .service)
        try await service.stop()
        try FileManager.default.removeItem(atPath: service.configuration.snapshotPath)
        try await service.start()
        let fetch = await client.fetchReputation(miners: service.miners)
        #expect(fetch.source == .cache)
        #expect(fetch.failure == "the service has no snapshot loaded")
        for m in service.miners { #expect(fetch.reputations[m] == service.snapshot.miners[m]) }
    }

    @Test func firstRunWithoutCacheIsNeutral() async throws {
        let key = SnapshotGenerator.keypair(seed: 1, role: "validator", index: 0)
        let service = try await TestService(validators: [key])
        defer { Task { await service.cleanUp() } }
        try await service.stop()
        let client = try ReputationClient(configuration: service.clientConfiguration(state: "v0"), hotkey: key, logger: quietLogger())
        let fetch = await client.fetchReputation(miners: service.miners)
        #expect(fetch.source == .neutralFirstRun)
        #expect(fetch.reputations.values.allSatisfy { $0 == .neutral })
        #expect(await client.statistics.neutralFallbacks == 1)
        #expect(await client.statistics.retries == 1)
    }

    @Test func outboxReplaysAfterRestartInOrderWithoutDuplicates() async throws {
        let key = SnapshotGenerator.keypair(seed: 1, role: "validator", index: 0)
        let service = try await TestService(validators: [key])
        defer { Task { await service.cleanUp() } }
        let config = service.clientConfiguration(state: "v0")
        try await service.stop()

        let before = try ReputationClient(configuration: config, hotkey: key, logger: quietLogger())
        let f1 = try await before.submit(allocation(key, miners: service.miners, step: "s1"))
        let f2 = try await before.submit(allocation(key, miners: service.miners, step: "s2"))
        #expect(f1.delivered.isEmpty && f2.delivered.isEmpty)
        #expect(f2.pending == 2)
        let queued = try before.outbox.pending()
        #expect(queued.map(\.allocation.stepId) == ["s1", "s2"])
        #expect(queued[0].attempts >= 1)
        #expect(queued.allSatisfy { $0.allocation.signature.isEmpty })

        try await service.start()
        let after = try ReputationClient(configuration: config, hotkey: key, logger: quietLogger())
        let flush = try await after.flushOutbox()
        #expect(flush.delivered == queued.map(\.sequence))
        #expect(flush.pending == 0)
        #expect(await after.statistics.outboxReplays == 2)
        #expect(service.storedAllocations().count == 2)

        // Nothing is left to send, and flushing again stores nothing new.
        #expect(try await after.flushOutbox().delivered.isEmpty)
        #expect(service.storedAllocations().count == 2)
    }

    @Test func sameIdempotencyKeyIsStoredOnce() async throws {
        let key = SnapshotGenerator.keypair(seed: 1, role: "validator", index: 0)
        let service = try await TestService(validators: [key])
        defer { Task { await service.cleanUp() } }
        let client = try ReputationClient(configuration: service.clientConfiguration(state: "v0"), hotkey: key, logger: quietLogger())
        let a = allocation(key, miners: service.miners, step: "s1")
        #expect(try await client.submit(a).delivered.count == 1)
        // As if the acknowledgement had been lost and the allocation queued again.
        #expect(try await client.submit(a).delivered.count == 1)
        #expect(await client.statistics.duplicatesAcknowledged == 1)
        #expect(service.storedAllocations().count == 1)
    }

    @Test func refusedAllocationsAreKeptAsideNotLost() async throws {
        let allowed = SnapshotGenerator.keypair(seed: 1, role: "validator", index: 0)
        let stranger = SnapshotGenerator.keypair(seed: 1, role: "validator", index: 1)
        let service = try await TestService(validators: [allowed])
        defer { Task { await service.cleanUp() } }
        let client = try ReputationClient(configuration: service.clientConfiguration(state: "v1"), hotkey: stranger, logger: quietLogger())
        let flush = try await client.submit(allocation(stranger, miners: service.miners, step: "s1"))
        #expect(flush.rejected.count == 1)
        #expect(flush.pending == 0)
        let rejected = try client.outbox.rejected()
        #expect(rejected.count == 1)
        #expect(rejected[0].rejection?.contains("403") == true)
        #expect(service.storedAllocations().isEmpty)
    }
}

struct OfflinePieces {
    @Test func idempotencyKeysAreStableAndSafe() {
        let key = SnapshotGenerator.keypair(seed: 1, role: "validator", index: 0)
        let a = allocation(key, miners: [], step: "s1")
        let k1 = ReputationClient.idempotencyKey(for: a)
        #expect(k1 == ReputationClient.idempotencyKey(for: a))
        #expect(k1 != ReputationClient.idempotencyKey(for: allocation(key, miners: [], step: "s2")))
        #expect(Identifiers.isSafeIdempotencyKey(k1))
    }

    @Test func generatedHotkeysAreValidAndDeterministic() throws {
        let a = SnapshotGenerator.minerHotkeys(count: 5, seed: 3)
        #expect(a == SnapshotGenerator.minerHotkeys(count: 5, seed: 3))
        #expect(a != SnapshotGenerator.minerHotkeys(count: 5, seed: 4))
        for k in a { _ = try SS58Address(k) }
        let snap = SnapshotGenerator.generate(miners: a, seed: 3, version: "v1")
        try snap.validate()
        for m in snap.miners.values {
            #expect((0.7...1.5).contains(m.repScore))
            #expect(m.repTier.rawValue == TierAssignment.miidPhase3.tier(for: m.repScore))
        }
    }

    @Test func rewardsFilesInBothFormats() throws {
        let dir = NSTemporaryDirectory() + "rewards-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "miner_hotkey,base_reward,uid\nA,0.5,3\nB,0.25,7\n".write(toFile: dir + "/r.csv", atomically: true, encoding: .utf8)
        try #"{"B": 0.2, "A": 0.1}"#.write(toFile: dir + "/r.json", atomically: true, encoding: .utf8)
        try #"[{"miner_hotkey": "A", "base_reward": -1}]"#.write(toFile: dir + "/bad.json", atomically: true, encoding: .utf8)
        #expect(try BaseRewardsFile.load(path: dir + "/r.csv") == [BaseReward(uid: 3, hotkey: "A", reward: 0.5),
                                                                 BaseReward(uid: 7, hotkey: "B", reward: 0.25)])
        #expect(try BaseRewardsFile.load(path: dir + "/r.json") == [BaseReward(uid: 0, hotkey: "B", reward: 0.2),
                                                                  BaseReward(uid: 1, hotkey: "A", reward: 0.1)])
        #expect(throws: BaseRewardsError.self) { try BaseRewardsFile.load(path: dir + "/bad.json") }
    }

    @Test func hotkeyFilesAreChecked() throws {
        let dir = NSTemporaryDirectory() + "hotkeys-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let keys = SnapshotGenerator.minerHotkeys(count: 2, seed: 9)
        try "# miners\n\(keys[0])\n\n\(keys[1])\n".write(toFile: dir + "/ok.txt", atomically: true, encoding: .utf8)
        #expect(try SnapshotGenerator.readHotkeys(path: dir + "/ok.txt") == keys)
        try "\(keys[0])\nnot-an-address\n".write(toFile: dir + "/bad.txt", atomically: true, encoding: .utf8)
        let e = try #require(throws: SnapshotGenerationError.self) { try SnapshotGenerator.readHotkeys(path: dir + "/bad.txt") }
        #expect(e.message.contains("bad.txt:2"))
    }
}
