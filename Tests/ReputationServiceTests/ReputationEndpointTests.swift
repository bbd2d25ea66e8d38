import Foundation
import Reputation
@testable import ReputationService
import Signatures
import Testing

@Suite struct ReputationEndpointTests {
    @Test func knownAndUnknownMinersAndHealth() async throws {
        let h = try await Harness.make()
        defer { Task { try? await h.shutdown() } }
        let known = Harness.minerKeys(3)
        let unknown = SS58.encode(publicKey: [UInt8](repeating: 7, count: 32))
        let reply = try await h.post("/reputation_request", h.reputationBody(miners: known + [unknown]))
        #expect(reply.status == 200)
        let body = try reply.decode(ReputationResponse.self)
        #expect(body.repSnapshotVersion == "v1")
        #expect(body.generatedAt == "2026-11-21T11:00:00Z")
        #expect(body.miners.map(\.minerHotkey) == known + [unknown])
        #expect(body.miners[1].repScore == 1.001)
        #expect(body.miners[1].repTier == .gold)
        #expect(body.miners[3].repScore == 1.0 && body.miners[3].repTier == .neutral)
        #expect(reply.headers.contains { $0.0.lowercased() == "x-request-id" })

        let health = try await h.get("/healthz").decode(HealthReport.self)
        #expect(health.status == "ok" && health.snapshotVersion == "v1" && health.minerCount == 64)
        #expect(health.lastLoadError == nil)
        #expect(health.ageSeconds != nil)
    }

    @Test func missingSnapshotServesNeutralAndReportsIt() async throws {
        let h = try await Harness.make(snapshot: nil)
        defer { Task { try? await h.shutdown() } }
        let reply = try await h.post("/reputation_request", h.reputationBody(miners: Harness.minerKeys(2)))
        #expect(reply.status == 200)
        let json = try reply.json()
        #expect(json["rep_snapshot_version"] is NSNull)
        let body = try reply.decode(ReputationResponse.self)
        #expect(body.miners.allSatisfy { $0.repScore == 1.0 && $0.repTier == .neutral })
        let health = try await h.get("/healthz").decode(HealthReport.self)
        #expect(health.status == "degraded")
        #expect(health.lastLoadError?.contains("not found") == true)

        // Once the file appears, the next poll loads it.
        try Harness.write(Harness.demoSnapshot(version: "late"), to: h.snapshotPath)
        h.server.pollNow()
        let later = try await h.post("/reputation_request", h.reputationBody(miners: Harness.minerKeys(2)))
        #expect(try later.decode(ReputationResponse.self).repSnapshotVersion == "late")
    }

    @Test func badRequestsName400Fields() async throws {
        let h = try await Harness.make()
        defer { Task { try? await h.shutdown() } }
        // Not JSON at all.
        var r = try await h.post("/reputation_request", raw: Data("hello".utf8), contentType: "text/plain")
        #expect(r.status == 400)
        // Malformed JSON.
        r = try await h.post("/reputation_request", raw: Data("{\"validator_hotkey\": ".utf8))
        #expect(r.status == 400)
        #expect(try r.json()["reason"] as? String == "invalid_json")
        // Wrong type names the field.
        let sig = h.sign(AuthMessage.reputationRequest)
        let wrong: [String: Any] = ["validator_hotkey": h.validator.address.string, "miners": "abc", "signature": sig]
        r = try await h.post("/reputation_request", raw: try JSONSerialization.data(withJSONObject: wrong))
        #expect(r.status == 400)
        #expect(try r.json()["field"] as? String == "miners")
        let wrongElement: [String: Any] = ["validator_hotkey": h.validator.address.string, "miners": ["a", 3], "signature": sig]
        r = try await h.post("/reputation_request", raw: try JSONSerialization.data(withJSONObject: wrongElement))
        #expect(try r.json()["field"] as? String == "miners[1]")
        // Missing signature.
        let missing: [String: Any] = ["validator_hotkey": h.validator.address.string, "miners": []]
        r = try await h.post("/reputation_request", raw: try JSONSerialization.data(withJSONObject: missing))
        #expect(r.status == 400)
        #expect(try r.json()["field"] as? String == "signature")
        // Empty signature and malformed hotkey.
        r = try await h.post("/reputation_request", h.reputationBody(miners: [], signature: ""))
        #expect(r.status == 400)
        var bad = h.reputationBody(miners: [])
        bad.validatorHotkey = "5NotAnAddress"
        r = try await h.post("/reputation_request", bad)
        #expect(r.status == 400)
        #expect(try r.json()["field"] as? String == "validator_hotkey")
        // A miner that is not SS58.
        r = try await h.post("/reputation_request", h.reputationBody(miners: ["../../etc/passwd"]))
        #expect(r.status == 400)
        #expect(try r.json()["field"] as? String == "miners[0]")
    }

    @Test func unauthorizedHotkeyIs403() async throws {
        let h = try await Harness.make()
        defer { Task { try? await h.shutdown() } }
        let r = try await h.post("/reputation_request", h.reputationBody(miners: [], key: h.outsider))
        #expect(r.status == 403)
        #expect(try r.json()["error"] as? String == "Unauthorized hotkey")
    }

    @Test func signatureFailuresAre401WithReasons() async throws {
        // A pinned server clock (a whole second), so the window's edges can be tested exactly
        // however long the machine takes between signing and checking.
        let now = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        let h = try await Harness.make(clock: { now })
        defer { Task { try? await h.shutdown() } }
        let me = h.validator.address.string

        // Tampered document: the message edited after signing.
        let good = h.sign(AuthMessage.reputationRequest)
        let tampered = good.replacingOccurrences(of: "timestamp=", with: "timestamp=0")
        var r = try await h.post("/reputation_request", h.reputationBody(miners: [], signature: tampered))
        #expect(r.status == 401)

        // Signed by another key (outsider signs naming us).
        let foreign = h.sign(AuthMessage.reputationRequest, by: h.outsider, validator: me)
        r = try await h.post("/reputation_request", h.reputationBody(miners: [], signature: foreign))
        #expect(r.status == 401)
        #expect(try r.json()["reason"] as? String == "signer_mismatch")

        // A document for the other endpoint.
        let otherEndpoint = h.sign(AuthMessage.rewardAllocation)
        r = try await h.post("/reputation_request", h.reputationBody(miners: [], signature: otherEndpoint))
        #expect(try r.json()["reason"] as? String == "wrong_message")

        // Names another validator.
        let otherValidator = h.sign(AuthMessage.reputationRequest, validator: h.outsider.address.string)
        r = try await h.post("/reputation_request", h.reputationBody(miners: [], signature: otherValidator))
        #expect(try r.json()["reason"] as? String == "wrong_message")

        // Free text (what compat mode accepts).
        let freeText = h.validator.sign(message: "hello").text
        r = try await h.post("/reputation_request", h.reputationBody(miners: [], signature: freeText))
        #expect(r.status == 401)

        // Stale and future timestamps: one second beyond the ±600 s window.
        for offset in [-601.0, 601.0, -86_400] {
            let stale = h.sign(AuthMessage.reputationRequest, at: h.clock().addingTimeInterval(offset))
            r = try await h.post("/reputation_request", h.reputationBody(miners: [], signature: stale))
            #expect(r.status == 401)
            #expect(try r.json()["reason"] as? String == "stale_signature")
        }
        // Just inside the window is fine.
        let edge = h.sign(AuthMessage.reputationRequest, at: h.clock().addingTimeInterval(-590))
        r = try await h.post("/reputation_request", h.reputationBody(miners: [], signature: edge))
        #expect(r.status == 200)

        // Replay: the same document twice.
        let once = h.sign(AuthMessage.reputationRequest)
        r = try await h.post("/reputation_request", h.reputationBody(miners: [], signature: once))
        #expect(r.status == 200)
        r = try await h.post("/reputation_request", h.reputationBody(miners: [], signature: once))
        #expect(r.status == 401)
        #expect(try r.json()["reason"] as? String == "replayed_signature")

        // Garbage document.
        r = try await h.post("/reputation_request", h.reputationBody(miners: [], signature: "not a document"))
        #expect(try r.json()["reason"] as? String == "malformed_signature")

        let metrics = try await h.get("/metrics").text
        #expect(metrics.contains("reputation_signature_failures_total{reason=\"replayed_signature\"} 1"))
        #expect(metrics.contains("reputation_signature_failures_total{reason=\"stale_signature\"} 3"))
    }

    @Test func bodyLimitIs413() async throws {
        let h = try await Harness.make(configure: { $0.maxBodyBytes = 4096 })
        defer { Task { try? await h.shutdown() } }
        let big = h.reputationBody(miners: Harness.minerKeys(200))
        let r = try await h.post("/reputation_request", big)
        #expect(r.status == 413)
        #expect(try r.json()["reason"] as? String == "body_too_large")
        let small = try await h.post("/reputation_request", h.reputationBody(miners: Harness.minerKeys(5)))
        #expect(small.status == 200)
    }

    @Test func replayCacheFullIs503() async throws {
        let h = try await Harness.make(configure: { $0.replayCacheCapacity = 2 })
        defer { Task { try? await h.shutdown() } }
        for _ in 0..<2 {
            #expect(try await h.post("/reputation_request", h.reputationBody(miners: [])).status == 200)
        }
        let r = try await h.post("/reputation_request", h.reputationBody(miners: []))
        #expect(r.status == 503)
        #expect(r.headers.contains { $0.0.lowercased() == "retry-after" })
    }

    @Test func unknownRouteIs404AndCounted() async throws {
        let h = try await Harness.make()
        defer { Task { try? await h.shutdown() } }
        let missing = try await h.get("/nope")
        #expect(missing.status == 404)
        #expect(try missing.json()["reason"] as? String == "http_404")
        let m = try await h.get("/metrics").text
        #expect(m.contains("route=\"other\""))
        #expect(m.contains("reputation_http_request_duration_seconds_bucket"))
        #expect(m.contains("reputation_snapshot_info{version=\"v1\"} 1"))
        #expect(m.contains("reputation_snapshot_age_seconds"))
    }
}

@Suite struct CompatEncodingTests {
    /// In compat mode miner strings are not checked; the hand-written encoder still emits valid JSON.
    @Test func oddMinerStringsRoundTrip() async throws {
        let h = try await Harness.make(compat: true)
        defer { Task { try? await h.shutdown() } }
        let odd = ["quote\"d", "back\\slash", "tab\there", "ünï", "\u{1}ctl"]
        let r = try await h.post("/reputation_request", h.reputationBody(miners: odd))
        #expect(r.status == 200)
        let body = try r.decode(ReputationResponse.self)
        #expect(body.miners.map(\.minerHotkey) == odd)
        #expect(body.miners.allSatisfy { $0.repTier == .neutral })
    }
}
