import Foundation
import Reputation
@testable import ReputationService
import ReputationStore
import ScoringCore
import Testing

/// `/reward_allocation` into the reputation store (`service.allocations: store|both`), end to end
/// against a real server on 127.0.0.1: SQLite always, PostgreSQL when SCORING_TEST_POSTGRES_URL is set.
@Suite("Reward allocations into the reputation store")
struct AllocationStoreTests {
    enum Backend: String, CaseIterable, Sendable, CustomStringConvertible {
        case sqlite, postgres
        var description: String { rawValue }
        static var postgresURL: String? {
            let v = ProcessInfo.processInfo.environment["SCORING_TEST_POSTGRES_URL"]
            return (v?.isEmpty ?? true) ? nil : v
        }
        static var available: [Backend] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }
    }

    /// A fresh store and the way to drop it.
    static func makeStore(_ backend: Backend) async throws -> (any ReputationStore, @Sendable () async -> Void) {
        switch backend {
        case .sqlite:
            let dir = NSTemporaryDirectory() + "svc-store-" + UUID().uuidString
            let store = try SQLiteReputationStore(path: dir + "/reputation.sqlite")
            return (store, {
                try? await store.close()
                try? FileManager.default.removeItem(atPath: dir)
            })
        case .postgres:
            guard case .postgres(let address) = try StoreLocation(parsing: Backend.postgresURL!) else {
                throw StoreError(.invalidLocation, "SCORING_TEST_POSTGRES_URL is not a postgres URL")
            }
            let schema = "svc_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            let store = try await PostgresReputationStore.connect(address, schema: schema)
            return (store, {
                try? await store.dropSchema(schema)
                try? await store.close()
            })
        }
    }

    @Test("allocations: store writes one row per (validator, cycle, step), no file; a repeat is a duplicate",
          arguments: Backend.available)
    func storeOnly(_ backend: Backend) async throws {
        let (store, drop) = try await Self.makeStore(backend)
        let h = try await Harness.make(configure: { c in
            c.allocations = .store
            c.allocationSink = StoreAllocationSink(store: store)
        })
        let body = h.allocationBody(cycle: "C7", miners: Harness.minerKeys(5))
        let first = try await h.post("/reward_allocation", body)
        #expect(first.status == 200)
        let answer = try first.decode(RewardAllocationResponse.self)
        #expect(answer.filename == "store:C7/block_1")
        #expect(answer.duplicate == nil)
        #expect(!h.storedFiles().contains { $0.hasPrefix("rewards/") && $0.hasSuffix(".json") })
        var c = try await store.counts()
        #expect(c.allocations == 1 && c.entries == 5 && c.miners == 5)

        // The same (validator, cycle, step) again, freshly signed: answered as a duplicate, nothing written.
        let again = try await h.post("/reward_allocation", h.allocationBody(cycle: "C7", miners: Harness.minerKeys(5)))
        #expect(again.status == 200)
        #expect(try again.decode(RewardAllocationResponse.self).duplicate == true)
        // Another step is another allocation.
        var next = h.allocationBody(cycle: "C7", miners: Harness.minerKeys(5))
        next.stepId = "block_2"
        next.signature = h.sign(AuthMessage.rewardAllocation)
        #expect(try await h.post("/reward_allocation", next).status == 200)
        c = try await store.counts()
        #expect(c.allocations == 2 && c.entries == 10)
        try await h.shutdown()
        await drop()
    }

    @Test("allocations: both writes the file and the row; ingesting the file afterwards adds nothing",
          arguments: Backend.available)
    func both(_ backend: Backend) async throws {
        let (store, drop) = try await Self.makeStore(backend)
        let h = try await Harness.make(configure: { c in
            c.allocations = .both
            c.allocationSink = StoreAllocationSink(store: store)
        })
        // One with a step_id, one with neither step_id nor timestamp (its step is then the file name).
        let withStep = h.allocationBody(cycle: "C1")
        var bare = h.allocationBody(cycle: "C1")
        bare.stepId = nil
        bare.timestamp = nil
        bare.signature = h.sign(AuthMessage.rewardAllocation)
        for body in [withStep, bare] { #expect(try await h.post("/reward_allocation", body).status == 200) }
        let files = h.storedFiles().filter { $0.hasPrefix("rewards/") }
        #expect(files.count == 2)
        #expect(try await store.counts().allocations == 2)

        let report = try await AllocationIngest(store: store).run(directory: h.dir + "/data/rewards")
        #expect(report.failures.isEmpty)
        #expect(report.allocationsInserted == 0)
        #expect(report.allocationsDuplicate == 2)
        #expect(try await store.counts().allocations == 2)

        // A retry under an idempotency key: the file's duplicate, and still one row.
        let keyed = h.allocationBody(cycle: "C2", idempotencyKey: "k-1")
        #expect(try await h.post("/reward_allocation", keyed).status == 200)
        var retry = keyed
        retry.signature = h.sign(AuthMessage.rewardAllocation)
        #expect(try await h.post("/reward_allocation", retry).decode(RewardAllocationResponse.self).duplicate == true)
        #expect(try await store.counts().allocations == 3)
        try await h.shutdown()
        await drop()
    }

    @Test("the service opens the store named in its config (sqlite:PATH) and closes it when it stops")
    func opensConfiguredStore() async throws {
        let dir = NSTemporaryDirectory() + "svc-cfg-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let h = try await Harness.make(configure: { c in
            c.allocations = .store
            c.allocationStore = .sqlite(path: dir + "/reputation.sqlite")
        })
        #expect(try await h.post("/reward_allocation", h.allocationBody(cycle: "C3")).status == 200)
        try await h.shutdown()
        let store = try SQLiteReputationStore(path: dir + "/reputation.sqlite")
        #expect(try await store.counts().allocations == 1)
        try await store.close()
    }

    @Test("service.allocations is read from YAML; store without service.store is refused with its location")
    func configuration() throws {
        let dir = NSTemporaryDirectory() + "svc-yaml-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let good = dir + "/good.yaml"
        try "service:\n  allocations: both\n  store: sqlite:\(dir)/r.sqlite\n".write(toFile: good, atomically: true, encoding: .utf8)
        let c = try ServiceConfiguration.load(file: good)
        #expect(c.allocations == .both)
        #expect(c.allocationStore == .sqlite(path: "\(dir)/r.sqlite"))
        #expect(try ServiceConfiguration.load(file: good, overrides: ["service.allocations=files"]).allocations == .files)

        let missing = dir + "/missing.yaml"
        try "service:\n  port: 5000\n  allocations: store\n".write(toFile: missing, atomically: true, encoding: .utf8)
        #expect {
            _ = try ServiceConfiguration.load(file: missing)
        } throws: { error in
            let text = "\(error)"
            return text.contains("missing.yaml:3") && text.contains("service.store")
        }
        let wrong = dir + "/wrong.yaml"
        try "service:\n  allocations: database\n".write(toFile: wrong, atomically: true, encoding: .utf8)
        #expect {
            _ = try ServiceConfiguration.load(file: wrong)
        } throws: { error in "\(error)".contains("files") && "\(error)".contains("both") }
    }
}
