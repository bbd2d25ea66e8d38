import Foundation
import Reputation
@testable import ReputationService
import Signatures
import Testing

@Suite struct SnapshotLifecycleTests {
    func version(_ h: Harness) async throws -> String? {
        try await h.post("/reputation_request", h.reputationBody(miners: Harness.minerKeys(1)))
            .decode(ReputationResponse.self).repSnapshotVersion
    }

    @Test func changedFileIsReloadedAndBadFilesNeverReplaceTheServedOne() async throws {
        let h = try await Harness.make()
        defer { Task { try? await h.shutdown() } }
        #expect(try await version(h) == "v1")

        try Harness.write(Harness.demoSnapshot(version: "v2"), to: h.snapshotPath)
        h.server.pollNow()
        #expect(try await version(h) == "v2")

        // Half-written file (truncated JSON), written in place.
        let full = try JSONEncoder().encode(Harness.demoSnapshot(version: "v3"))
        try full.prefix(full.count / 2).write(to: URL(fileURLWithPath: h.snapshotPath))
        h.server.pollNow()
        #expect(try await version(h) == "v2")
        var health = try await h.get("/healthz").decode(HealthReport.self)
        #expect(health.status == "degraded" && health.lastLoadError != nil && health.snapshotVersion == "v2")

        // Invalid content: negative score, unknown tier, missing version.
        let invalid = [
            #"{"version":"bad","miners":{"\#(Harness.minerKeys(1)[0])":{"rep_score":-1,"rep_tier":"Gold"}}}"#,
            #"{"version":"bad","miners":{"\#(Harness.minerKeys(1)[0])":{"rep_score":1,"rep_tier":"Platinum"}}}"#,
            #"{"generated_at":"x","miners":{}}"#,
            #"{"version":"bad","miners":[]}"#,
            #"[1,2,3]"#,
        ]
        for text in invalid {
            try Data(text.utf8).write(to: URL(fileURLWithPath: h.snapshotPath))
            h.server.pollNow()
            #expect(try await version(h) == "v2")
        }

        // The whole file arrives: it is loaded and the error clears.
        try full.write(to: URL(fileURLWithPath: h.snapshotPath))
        h.server.pollNow()
        #expect(try await version(h) == "v3")
        health = try await h.get("/healthz").decode(HealthReport.self)
        #expect(health.status == "ok" && health.lastLoadError == nil)
        #expect(health.snapshotLoadFailures == 6)

        // The file disappears: keep serving the last good snapshot.
        try FileManager.default.removeItem(atPath: h.snapshotPath)
        h.server.pollNow()
        #expect(try await version(h) == "v3")
    }

    @Test func adminReloadIsSignedByAnAdmin() async throws {
        let h = try await Harness.make()
        defer { Task { try? await h.shutdown() } }
        struct Reload: Encodable { var validator_hotkey: String; var signature: String }
        try Harness.write(Harness.demoSnapshot(version: "v9"), to: h.snapshotPath)

        // A validator (not an admin) is refused.
        var r = try await h.post("/admin/reload_snapshot",
                                 Reload(validator_hotkey: h.validator.address.string, signature: h.sign(AuthMessage.reloadSnapshot)))
        #expect(r.status == 403)
        // An admin's document for another endpoint is refused.
        r = try await h.post("/admin/reload_snapshot",
                             Reload(validator_hotkey: h.admin.address.string, signature: h.sign(AuthMessage.reputationRequest, by: h.admin)))
        #expect(r.status == 401)
        #expect(try await version(h) == "v1")
        // The admin (an ed25519 key) reloads.
        r = try await h.post("/admin/reload_snapshot",
                             Reload(validator_hotkey: h.admin.address.string, signature: h.sign(AuthMessage.reloadSnapshot, by: h.admin)))
        #expect(r.status == 200)
        #expect(try r.decode(HealthReport.self).snapshotVersion == "v9")
        #expect(try await version(h) == "v9")
        // A broken file: 422, still serving v9.
        try Data("{".utf8).write(to: URL(fileURLWithPath: h.snapshotPath))
        r = try await h.post("/admin/reload_snapshot",
                             Reload(validator_hotkey: h.admin.address.string, signature: h.sign(AuthMessage.reloadSnapshot, by: h.admin)))
        #expect(r.status == 422)
        #expect(try await version(h) == "v9")
    }

    @Test func allowListFileIsReloadable() async throws {
        let dir = NSTemporaryDirectory() + "svc-allow-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let listPath = dir + "/allow.yaml"
        let late = Keypair.generate()
        try Data("validators: []\n".utf8).write(to: URL(fileURLWithPath: listPath))
        let h = try await Harness.make(configure: { $0.allowListPath = listPath })
        defer { Task { try? await h.shutdown(); try? FileManager.default.removeItem(atPath: dir) } }
        #expect(try await h.post("/reputation_request", h.reputationBody(miners: [], key: late)).status == 403)
        try Data("validators:\n  - \(late.address.string)\n".utf8).write(to: URL(fileURLWithPath: listPath))
        h.server.pollNow()
        #expect(try await h.post("/reputation_request", h.reputationBody(miners: [], key: late)).status == 200)
        // An invalid list is rejected whole; the previous one stays.
        try Data("validators:\n  - not-an-address\n".utf8).write(to: URL(fileURLWithPath: listPath))
        h.server.pollNow()
        #expect(try await h.post("/reputation_request", h.reputationBody(miners: [], key: late)).status == 200)
        #expect(try await h.get("/healthz").decode(HealthReport.self).allowListError != nil)
    }

    /// ≥200 concurrent requests while the snapshot file is replaced: every answer is wholly one version.
    @Test func concurrentRequestsSeeWholeSnapshots() async throws {
        let h = try await Harness.make()
        defer { Task { try? await h.shutdown() } }
        let miners = Harness.minerKeys(64)
        let bodies = (0..<240).map { _ in h.reputationBody(miners: miners) }
        let versions: [String: Double] = ["v1": 1.0, "v2": 2.0]
        try await withThrowingTaskGroup(of: (Int, ReputationResponse?).self) { group in
            group.addTask {
                for i in 0..<20 {
                    let v = i % 2 == 0 ? "v2" : "v1"
                    try Harness.write(Harness.demoSnapshot(version: v, base: versions[v]!), to: h.snapshotPath)
                    h.server.pollNow()
                    await Task.yield()
                }
                return (200, nil)
            }
            for body in bodies {
                group.addTask {
                    let r = try await h.post("/reputation_request", body)
                    return (r.status, r.status == 200 ? try r.decode(ReputationResponse.self) : nil)
                }
            }
            var seen = 0
            for try await (status, response) in group {
                #expect(status == 200)
                guard let response else { continue }
                seen += 1
                let base = try #require(versions[response.repSnapshotVersion ?? ""])
                for (i, m) in response.miners.enumerated() {
                    #expect(m.repScore == base + Double(i) / 1000, "mixed versions in one response")
                }
            }
            #expect(seen == 240)
        }
    }
}
