import Foundation
import Reputation
@testable import ReputationService
import Signatures
import Testing

/// The shared vectors (`../shared/vectors/signatures`), signed by the Bittensor key library.
@Suite struct VectorAndDocumentTests {
    struct Vector: Decodable { var text: String; var valid: Bool; var signer: String; var `case`: String }

    static func vectors() throws -> [Vector] {
        let data = try Data(contentsOf: URL(fileURLWithPath: RepoPaths.signatureVectors + "/signed_messages.json"))
        return try JSONDecoder().decode([Vector].self, from: data)
    }

    @Test func sharedSignedMessagesThroughTheServer() async throws {
        let vectors = try Self.vectors()
        #expect(!vectors.isEmpty)
        // The vectors were signed at 2026-11-21T12:00Z; pin the clock there.
        let pinned = Timestamps.parseISO8601("2026-11-21T12:00:30Z")!
        let signers = Array(Set(vectors.map(\.signer).filter(HotkeyCheck.isValid)))
        let h = try await Harness.make(extraValidators: signers, clock: { pinned })
        defer { Task { try? await h.shutdown() } }
        for v in vectors {
            let message = try? SignedDocument(parsing: v.text).message
            let endpoint = message.flatMap(AuthMessage.init(parsing:))?.endpoint
            let path = endpoint == AuthMessage.rewardAllocation ? "/reward_allocation" : "/reputation_request"
            let reply: Harness.Reply
            if path == "/reward_allocation" {
                var body = h.allocationBody()
                body.validatorHotkey = v.signer
                body.signature = v.text
                reply = try await h.post(path, body)
            } else {
                reply = try await h.post(path, ReputationRequest(validatorHotkey: v.signer, miners: [], signature: v.text))
            }
            if v.valid {
                #expect(reply.status == 200, "\(v.case): \(reply.text)")
            } else {
                #expect(reply.status == 401 || reply.status == 400, "\(v.case): \(reply.status) \(reply.text)")
            }
        }
    }

    @Test func validVectorsAreStaleAtTheRealTime() async throws {
        let vectors = try Self.vectors().filter(\.valid)
        let signers = Array(Set(vectors.map(\.signer)))
        let h = try await Harness.make(extraValidators: signers, clock: {
            Timestamps.parseISO8601("2026-11-21T13:00:00Z")!
        })
        defer { Task { try? await h.shutdown() } }
        let v = try #require(vectors.first)
        let r = try await h.post("/reputation_request", ReputationRequest(validatorHotkey: v.signer, miners: [], signature: v.text))
        #expect(r.status == 401)
        #expect(try r.json()["reason"] as? String == "stale_signature")
    }

    @Test func walletHotkeyFilesSignRequestsTheServerAccepts() async throws {
        let entries = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: RepoPaths.signatureVectors + "/hotkeys.json"))) as? [[String: Any]] ?? []
        let keys = try entries.compactMap { $0["file"] as? String }.map {
            try WalletHotkeyFile.load(path: RepoPaths.signatureVectors + "/" + $0)
        }
        #expect(!keys.isEmpty)
        let h = try await Harness.make(extraValidators: keys.map(\.address.string))
        defer { Task { try? await h.shutdown() } }
        for key in keys {
            let r = try await h.post("/reputation_request", h.reputationBody(miners: Harness.minerKeys(2), key: key))
            #expect(r.status == 200)
        }
    }
}
