import Foundation
import NIOCore
import Reputation
@testable import ReputationService
import Signatures
import Testing

@Suite struct ResponseCacheTests {
    /// A repeated miner list is answered from the cache of the served version, with every
    /// per-request check still applied, and a new snapshot version starts with an empty cache.
    @Test func repeatedListsAreCachedPerVersionAndStillChecked() async throws {
        let h = try await Harness.make()
        defer { Task { try? await h.shutdown() } }
        let miners = Harness.minerKeys(5) + [SS58.encode(publicKey: [UInt8](repeating: 9, count: 32))]
        func cached() -> Int { h.server.service.snapshots.current.responses.count }

        let first = try await h.post("/reputation_request", h.reputationBody(miners: miners))
        #expect(first.status == 200)
        #expect(cached() == 1)
        let second = try await h.post("/reputation_request", h.reputationBody(miners: miners))
        #expect(second.status == 200)
        #expect(second.body == first.body)
        #expect(try second.decode(ReputationResponse.self).miners.map(\.minerHotkey) == miners)
        #expect(cached() == 1)

        // A hit still checks the signature: replayed, forged and outsider requests fail as before.
        let once = h.sign(AuthMessage.reputationRequest)
        #expect(try await h.post("/reputation_request", h.reputationBody(miners: miners, signature: once)).status == 200)
        let replay = try await h.post("/reputation_request", h.reputationBody(miners: miners, signature: once))
        #expect(replay.status == 401)
        #expect(try replay.json()["reason"] as? String == "replayed_signature")
        let outsider = try await h.post("/reputation_request", h.reputationBody(miners: miners, key: h.outsider))
        #expect(outsider.status == 403)
        let garbage = try await h.post("/reputation_request", h.reputationBody(miners: miners, signature: "not a document"))
        #expect(garbage.status == 401)

        // A new version: the same list is rendered again from the new snapshot.
        try Harness.write(Harness.demoSnapshot(version: "v2", base: 2.0), to: h.snapshotPath)
        h.server.pollNow()
        #expect(cached() == 0)
        let after = try await h.post("/reputation_request", h.reputationBody(miners: miners)).decode(ReputationResponse.self)
        #expect(after.repSnapshotVersion == "v2")
        #expect(after.miners[1].repScore == 2.001)
        #expect(cached() == 1)
    }

    /// Lists that fail validation, and requests that fail authentication, are never cached.
    @Test func rejectedRequestsAreNotCached() async throws {
        let h = try await Harness.make()
        defer { Task { try? await h.shutdown() } }
        let bad = try await h.post("/reputation_request", h.reputationBody(miners: ["not-a-hotkey"]))
        #expect(bad.status == 400)
        let unsigned = try await h.post("/reputation_request", h.reputationBody(miners: Harness.minerKeys(2), signature: "x"))
        #expect(unsigned.status == 401)
        #expect(h.server.service.snapshots.current.responses.count == 0)
    }

    @Test func boundedByEntries() {
        let cache = ResponseCache()
        for i in 0..<(ResponseCache.maxEntries + 10) {
            let key = Array("[\"k\(i)\"]".utf8)
            key.withUnsafeBytes { cache.insert($0, body: ByteBuffer(string: "body \(i)")) }
        }
        #expect(cache.count == ResponseCache.maxEntries)
        let oldest = Array("[\"k0\"]".utf8), newest = Array("[\"k\(ResponseCache.maxEntries + 9)\"]".utf8)
        #expect(oldest.withUnsafeBytes { cache.body(for: $0) } == nil)
        #expect(newest.withUnsafeBytes { cache.body(for: $0) } == ByteBuffer(string: "body \(ResponseCache.maxEntries + 9)"))
        // Same hash slot is not enough: the bytes must match.
        let other = Array("[\"k999\"]".utf8)
        #expect(other.withUnsafeBytes { cache.body(for: $0) } == nil)
    }

    /// The list-as-bytes parser accepts exactly the bodies the decoding fast path accepts.
    @Test(arguments: [
        #"{"validator_hotkey":"5Abc","miners":["a","b"],"signature":"<Bytes>x</Bytes>\n\tSigned by: 5Abc\n\tSignature: 00"}"#,
        #" { "miners" : [ ] , "signature" : "q\"uo\\te\/" , "validator_hotkey" : "v" } "#,
        #"{"validator_hotkey":"v","miners":["a\"b", "c"],"signature":"s"}"#,
        #"{"validator_hotkey":"v","miners":["a"],"signature":"s","extra":1}"#,
        #"{"validator_hotkey":"v","miners":[1],"signature":"s"}"#,
        #"{"validator_hotkey":"v","miners":["\u0041"],"signature":"s"}"#,
        #"{"validator_hotkey":"v","miners":["a",],"signature":"s"}"#,
        #"{"validator_hotkey":"v","miners":[],"signature":"s"} x"#,
    ])
    func partsAcceptExactlyWhatTheDecoderAccepts(text: String) throws {
        let data = Data(text.utf8)
        let full = PlainRequestParser.reputationRequest(data)
        let parts = PlainRequestParser.reputationRequestParts(data)
        #expect((full == nil) == (parts == nil))
        if let full, let parts {
            #expect(parts.validatorHotkey == full.validatorHotkey && parts.signature == full.signature)
            let list = try JSONDecoder().decode([String].self, from: data[parts.miners])
            #expect(list == full.miners)
        }
    }
}
