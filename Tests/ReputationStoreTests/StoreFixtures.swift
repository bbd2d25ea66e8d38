import Foundation
import Reputation
@testable import ReputationStore

/// The backends the shared store suite runs against: SQLite always, PostgreSQL when
/// SCORING_TEST_POSTGRES_URL names a reachable server (`make test` starts one and sets it).
enum Backend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, postgres
    var description: String { rawValue }

    static var postgresURL: String? {
        let v = ProcessInfo.processInfo.environment["SCORING_TEST_POSTGRES_URL"]
        return (v?.isEmpty ?? true) ? nil : v
    }

    static var available: [Backend] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }
}

/// A fresh, empty store on one backend, and how to throw it away.
struct TestStore: Sendable {
    let store: any ReputationStore
    let cleanup: @Sendable () async throws -> Void

    static func make(_ backend: Backend) async throws -> TestStore {
        switch backend {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("repstore-\(UUID().uuidString)").path
            let store = try SQLiteReputationStore(path: dir + "/reputation.sqlite")
            return TestStore(store: store) {
                try? await store.close()
                try? FileManager.default.removeItem(atPath: dir)
            }
        case .postgres:
            guard case .postgres(let address) = try StoreLocation(parsing: Backend.postgresURL!) else { fatalError("not a postgres URL") }
            let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
            let store = try await PostgresReputationStore.connect(address, schema: schema)
            return TestStore(store: store) {
                try? await store.dropSchema(schema)
                try? await store.close()
            }
        }
    }
}

/// Deterministic plausible SS58 addresses (base58, 48 characters) for tests; distinct for distinct inputs.
enum Hotkeys {
    static func make(_ role: String, _ i: Int) -> String { SyntheticRewardFiles.hotkey(role, i) }
}

enum Fixtures {
    static func entries(miners: Int, rewardEvery: Int = 1, seed: Int = 0) -> [RewardAllocationEntry] {
        (0..<miners).map { m in
            let base = m % rewardEvery == 0 ? Double((m * 37 + seed) % 100) / 100 + 0.01 : 0
            return RewardAllocationEntry(minerHotkey: Hotkeys.make("miner", m), uid: m, baseReward: base, repScore: 1.0,
                                         repTier: .neutral, reputationBonus: 0, totalReward: base)
        }
    }

    static func record(validator: Int, cycle: String, step: String, miners: Int = 8, rewardEvery: Int = 1) -> AllocationRecord {
        AllocationRecord(validatorHotkey: Hotkeys.make("validator", validator), cycleId: cycle, stepId: step,
                         repSnapshotVersion: "v1", timestamp: "2026-12-01T00:00:00Z",
                         entries: entries(miners: miners, rewardEvery: rewardEvery))
    }

    /// The bytes the service writes for an allocation: the wrapped record.
    static func serviceFile(validator: Int, cycle: String, step: String, miners: Int) throws -> Data {
        let allocation = RewardAllocation(validatorHotkey: Hotkeys.make("validator", validator), repSnapshotVersion: "v1",
                                          cycleId: cycle, stepId: step, timestamp: "2026-12-01T00:00:00Z",
                                          miners: entries(miners: miners), signature: "sig")
        let body = try JSONEncoder().encode(allocation)
        return Data("{\"received_at\":\"2026-12-01T00:00:01Z\",\"request_id\":\"ab\",\"allocation\":".utf8) + body + Data("}\n".utf8)
    }
}
