import Foundation
import Reputation
@testable import ReputationService
import Signatures
import Testing

@Suite struct RewardAllocationTests {
    @Test func storesUnderCycleAndValidator() async throws {
        let h = try await Harness.make()
        defer { Task { try? await h.shutdown() } }
        let body = h.allocationBody(cycle: "C1")
        let r = try await h.post("/reward_allocation", body)
        #expect(r.status == 200)
        let answer = try r.decode(RewardAllocationResponse.self)
        #expect(answer.status == "ok")
        #expect(answer.filename.hasPrefix("reward_") && answer.filename.hasSuffix(".json"))
        let path = "rewards/C1/\(h.validator.address.string)/\(answer.filename)"
        #expect(h.storedFiles() == [path])
        let stored = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: h.dir + "/data/" + path))) as? [String: Any]
        let allocation = stored?["allocation"] as? [String: Any]
        #expect(allocation?["cycle_id"] as? String == "C1")
        #expect((allocation?["miners"] as? [Any])?.count == 3)
        #expect(stored?["received_at"] is String)
        // No temp files left behind.
        #expect(!h.storedFiles().contains { $0.contains(".tmp-") })
    }

    @Test(arguments: ["../../escape", "..", ".", "a/b", "/abs", "C1\u{0}", "", String(repeating: "x", count: 65), ".hidden", "C 1"])
    func unsafeCycleIdsAreRejected(cycle: String) async throws {
        let h = try await Harness.make()
        defer { Task { try? await h.shutdown() } }
        let r = try await h.post("/reward_allocation", h.allocationBody(cycle: cycle))
        #expect(r.status == 400)
        #expect(try r.json()["field"] as? String == "cycle_id")
        #expect(h.storedFiles().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: h.dir + "/escape"))
    }

    @Test func traversalThroughValidatorHotkeyIsRejected() async throws {
        let h = try await Harness.make()
        defer { Task { try? await h.shutdown() } }
        for hotkey in ["../../../tmp/x", "..", "5DUdF7WXDGEKYL7oaS7XT8M1pjLToibL24RJoCMNjZCD13h/"] {
            var body = h.allocationBody()
            body.validatorHotkey = hotkey
            let r = try await h.post("/reward_allocation", body)
            #expect(r.status == 400)
            #expect(try r.json()["field"] as? String == "validator_hotkey")
        }
        #expect(h.storedFiles().isEmpty)
    }

    @Test func missingCycleIsRejectedInStrictMode() async throws {
        let h = try await Harness.make()
        defer { Task { try? await h.shutdown() } }
        let r = try await h.post("/reward_allocation", h.allocationBody(cycle: nil))
        #expect(r.status == 400)
        #expect(try r.json()["field"] as? String == "cycle_id")
    }

    @Test func invalidEntriesNameTheField() async throws {
        let h = try await Harness.make()
        defer { Task { try? await h.shutdown() } }
        var dup = h.allocationBody(miners: Harness.minerKeys(2))
        dup.miners[1].minerHotkey = dup.miners[0].minerHotkey
        var r = try await h.post("/reward_allocation", dup)
        #expect(r.status == 400)
        #expect(try r.json()["field"] as? String == "miners[1].miner_hotkey")

        var negative = h.allocationBody()
        negative.miners[2].totalReward = -1
        r = try await h.post("/reward_allocation", negative)
        #expect(try r.json()["field"] as? String == "miners[2].total_reward")

        var badKey = h.allocationBody()
        badKey.miners[0].minerHotkey = "nope"
        r = try await h.post("/reward_allocation", badKey)
        #expect(try r.json()["field"] as? String == "miners[0].miner_hotkey")

        // A string where a number belongs.
        let json: [String: Any] = [
            "validator_hotkey": h.validator.address.string, "cycle_id": "C1",
            "signature": h.sign(AuthMessage.rewardAllocation),
            "miners": [["miner_hotkey": Harness.minerKeys(1)[0], "base_reward": "lots", "rep_score": 1,
                        "rep_tier": "Gold", "reputation_bonus": 0, "total_reward": 1]],
        ]
        r = try await h.post("/reward_allocation", raw: try JSONSerialization.data(withJSONObject: json))
        #expect(r.status == 400)
        #expect(try r.json()["field"] as? String == "miners[0].base_reward")
        #expect(h.storedFiles().isEmpty)
    }

    @Test func idempotencyKeyReturnsTheFirstAnswer() async throws {
        let h = try await Harness.make()
        defer { Task { try? await h.shutdown() } }
        let first = try await h.post("/reward_allocation", h.allocationBody(idempotencyKey: "outbox-1"))
        #expect(first.status == 200)
        let answer = try first.decode(RewardAllocationResponse.self)
        // A fresh signature, same key.
        let again = try await h.post("/reward_allocation", h.allocationBody(idempotencyKey: "outbox-1"))
        #expect(again.status == 200)
        let repeated = try again.decode(RewardAllocationResponse.self)
        #expect(repeated.filename == answer.filename && repeated.duplicate == true)
        // The very same document resent (an outbox retry after a lost response) is not a replay error.
        let same = h.allocationBody(idempotencyKey: "outbox-2")
        let a = try await h.post("/reward_allocation", same)
        let b = try await h.post("/reward_allocation", same)
        #expect(a.status == 200 && b.status == 200)
        #expect(try a.decode(RewardAllocationResponse.self).filename == b.decode(RewardAllocationResponse.self).filename)
        // The header works too, and must agree with the field.
        let viaHeader = try await h.post("/reward_allocation", h.allocationBody(), headers: [("Idempotency-Key", "outbox-1")])
        #expect(try viaHeader.decode(RewardAllocationResponse.self).filename == answer.filename)
        let conflict = try await h.post("/reward_allocation", h.allocationBody(idempotencyKey: "k1"),
                                        headers: [("Idempotency-Key", "k2")])
        #expect(conflict.status == 400)
        let badKey = try await h.post("/reward_allocation", h.allocationBody(idempotencyKey: "../x"))
        #expect(badKey.status == 400)
        let allocations = h.storedFiles().filter { $0.hasPrefix("rewards/") }
        #expect(allocations.count == 2)
        // Without a key, a resent document is a replay.
        let plain = h.allocationBody()
        #expect(try await h.post("/reward_allocation", plain).status == 200)
        #expect(try await h.post("/reward_allocation", plain).status == 401)
    }

    @Test func idempotencyCompletesAfterACrashBetweenWrites() async throws {
        let h = try await Harness.make()
        defer { Task { try? await h.shutdown() } }
        let first = try await h.post("/reward_allocation", h.allocationBody(idempotencyKey: "crash-1"))
        let name = try first.decode(RewardAllocationResponse.self).filename
        let path = h.dir + "/data/rewards/C1/\(h.validator.address.string)/\(name)"
        try FileManager.default.removeItem(atPath: path) // as if the service died before writing it
        let retry = try await h.post("/reward_allocation", h.allocationBody(idempotencyKey: "crash-1"))
        #expect(try retry.decode(RewardAllocationResponse.self).filename == name)
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func storageFailureIsJSON500WithoutPartialFiles() async throws {
        let h = try await Harness.make()
        defer { Task { try? await h.shutdown() } }
        // Make rewards/BROKEN a regular file, so the cycle directory cannot be created.
        try Data("x".utf8).write(to: URL(fileURLWithPath: h.dir + "/data/rewards/BROKEN"))
        let body = h.allocationBody(cycle: "BROKEN")
        let r = try await h.post("/reward_allocation", body)
        #expect(r.status == 500)
        let json = try r.json()
        #expect(json["reason"] as? String == "storage_failure")
        #expect(json["request_id"] is String)
        #expect(h.storedFiles() == ["rewards/BROKEN"])
        // Nothing was stored, so the same signed document may be retried once the disk is fixed.
        try FileManager.default.removeItem(atPath: h.dir + "/data/rewards/BROKEN")
        #expect(try await h.post("/reward_allocation", body).status == 200)
    }

    @Test func compatModeRestoresTheSeedsLooserChecks() async throws {
        let h = try await Harness.make(compat: true)
        defer { Task { try? await h.shutdown() } }
        // Any message the validator signed is accepted, and cycle_id defaults to "unknown".
        let doc = h.validator.sign(message: "hello from the seed").text
        var body = h.allocationBody(cycle: nil)
        body.signature = doc
        let r = try await h.post("/reward_allocation", body)
        #expect(r.status == 200)
        #expect(h.storedFiles().first?.hasPrefix("rewards/unknown/") == true)
        // A bad signature is the seed's 400, and traversal is still refused.
        var forged = h.allocationBody()
        forged.signature = h.outsider.sign(message: "x").text.replacingOccurrences(of: h.outsider.address.string,
                                                                                  with: h.validator.address.string)
        #expect(try await h.post("/reward_allocation", forged).status == 400)
        #expect(try await h.post("/reward_allocation", h.allocationBody(cycle: "../x")).status == 400)
    }
}
