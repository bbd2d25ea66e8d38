import Foundation
import ReputationService
import SimulationService
import Testing

@Suite struct SimulationAPITests {
    static func harness() async throws -> SimulationHarness { try await SimulationHarness.make() }

    @Test func healthFormulasConstants() async throws {
        let h = try await Self.harness()
        defer { Task { try? await h.shutdown() } }
        let health = try await h.get("/api/health").json()
        #expect(health["status"] as? String == "ok")
        #expect((health["modules"] as? [String])?.contains("reasonforge") == true)
        let formulas = try await h.get("/api/formulas").json()["formulas"] as? [[String: Any]] ?? []
        #expect(formulas.count >= 13)
        #expect(formulas.allSatisfy { $0["key"] is String && $0["summary"] is String })
        let constants = try await h.get("/api/constants").json()
        #expect(constants["formula"] is [String: Any])
    }

    @Test func simulateReturnsTheCLIsJSON() async throws {
        let h = try await Self.harness()
        defer { Task { try? await h.shutdown() } }
        struct P: Encodable { var config: String?; var epochs: Int?; var emission: Double?; var seed: Int? }
        let r = try await h.post("/api/simulate", P(config: "default", epochs: 5, emission: 50, seed: 7))
        #expect(r.status == 200, "\(r.text)")
        let again = try await h.post("/api/simulate", P(config: "default", epochs: 5, emission: 50, seed: 7))
        // Same seed, same results (the manifest's timing fields aside).
        let a = try r.json(), b = try again.json()
        let keys = Set(a.keys).subtracting(["manifest"])
        #expect(!keys.isEmpty)
        for k in keys {
            let x = try JSONSerialization.data(withJSONObject: Self.untimed(a[k]!), options: [.sortedKeys, .fragmentsAllowed])
            let y = try JSONSerialization.data(withJSONObject: Self.untimed(b[k]!), options: [.sortedKeys, .fragmentsAllowed])
            #expect(x == y, "\(k)")
        }
        #expect(r.text.contains("\"epoch_id\""))
        // Bounds and bad input: 400 naming the parameter.
        for (p, field) in [(P(epochs: 41), "epochs"), (P(epochs: 0), "epochs"), (P(emission: -1), "emission"),
                           (P(config: "../../etc/passwd"), "config"), (P(config: "nope"), "config")] {
            let bad = try await h.post("/api/simulate", p)
            #expect(bad.status == 400)
            #expect(try bad.json()["field"] as? String == field)
        }
        // No body: the default config within limits (default runs 50 epochs > 40 here, so 400).
        let none = try await h.post("/api/simulate", raw: Data(), contentType: nil)
        #expect(none.status == 400)
    }

    /// Drops wall-clock fields (`timestamp`, anything ending in `_at` or starting with `wall`).
    static func untimed(_ v: Any) -> Any {
        if let d = v as? [String: Any] {
            return d.filter { !($0.key == "timestamp" || $0.key.hasSuffix("_at") || $0.key.hasPrefix("wall")) }
                .mapValues(untimed)
        }
        if let a = v as? [Any] { return a.map(untimed) }
        return v
    }

    @Test func streamSendsOneEventPerEpoch() async throws {
        let h = try await Self.harness()
        defer { Task { try? await h.shutdown() } }
        let r = try await h.get("/api/simulate/stream?config=default&epochs=6&seed=3")
        #expect(r.status == 200)
        #expect(r.headers.contains { $0.0.lowercased() == "content-type" && $0.1 == "text/event-stream" })
        let events = r.text.components(separatedBy: "\n\n").filter { !$0.isEmpty }
        #expect(events.filter { $0.hasPrefix("event: epoch\n") }.count == 6)
        #expect(events.last?.hasPrefix("event: done") == true)
        let first = try #require(events.first?.components(separatedBy: "data: ").last)
        let json = try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any]
        #expect(json?["epoch_id"] as? Int == 1)
        #expect(try await h.get("/api/simulate/stream?epochs=abc").status == 400)
        #expect(try await h.get("/api/simulate/stream?epochs=100").status == 400)
    }

    @Test func corsOnlyForConfiguredOrigins() async throws {
        let h = try await Self.harness()
        defer { Task { try? await h.shutdown() } }
        var request = try await h.get("/api/health", headers: [("Origin", "http://dashboard.local")])
        #expect(request.headers.contains { $0.0.lowercased() == "access-control-allow-origin" && $0.1 == "http://dashboard.local" })
        request = try await h.get("/api/health", headers: [("Origin", "http://evil.example")])
        #expect(!request.headers.contains { $0.0.lowercased() == "access-control-allow-origin" })
    }

    /// The dashboard at `/` is counted under its own route, an unknown path under `other`.
    @Test func dashboardRequestsAreCountedUnderSlash() async throws {
        let h = try await Self.harness()
        defer { Task { try? await h.shutdown() } }
        #expect(try await h.get("/").status == 200)
        #expect(try await h.get("/no-such-page").status == 404)
        let metrics = try await h.get("/metrics").text
        #expect(metrics.contains("reputation_http_requests_total{route=\"/\",method=\"GET\",status=\"200\"} 1"), "\(metrics)")
        #expect(metrics.contains("reputation_http_requests_total{route=\"other\",method=\"GET\",status=\"404\"} 1"))
    }

    /// With the simulation routes mounted, `/openapi.yaml` documents exactly the routes served, and
    /// serves that document.
    @Test func mountedDocumentMatchesRouter() async throws {
        let dir = NSTemporaryDirectory() + "sim-svc-openapi-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let configuration = ServiceConfiguration(dataDirectory: dir)
        let registry = try SimulationHarness.registry()
        let mount = SimulationService(registry: registry, configuration: configuration)
        let routes = try ReputationServer.routes(configuration: configuration, registry: registry, mounting: [mount])
        let paths = Set(routes.map { $0.path.hasPrefix("/") ? $0.path : "/" + $0.path })
        #expect(mount.paths.isSubset(of: paths))
        let mismatch = try ReputationServer.undocumentedRoutes(configuration: configuration, registry: registry, mounting: [mount])
        #expect(mismatch.undocumented.isEmpty && mismatch.unserved.isEmpty, "router: \(mismatch.undocumented) doc: \(mismatch.unserved)")
        let h = try await Self.harness()
        defer { Task { try? await h.shutdown() } }
        let served = try await h.get("/openapi.yaml").text
        #expect(served == ReputationServer.openAPIDocument(mounting: [mount]))
        #expect(served.contains("  /api/simulate:\n") && served.contains("    SimulationParameters:\n"))
    }
}
