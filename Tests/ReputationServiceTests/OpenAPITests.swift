import Foundation
@testable import ReputationService
import Testing

@Suite struct OpenAPITests {
    /// The document's paths and methods are exactly the router's routes.
    @Test func documentMatchesRouter() throws {
        let dir = NSTemporaryDirectory() + "svc-openapi-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let routes = try ReputationServer.routes(configuration: ServiceConfiguration(dataDirectory: dir))
        let registered = Set(routes.map { "\($0.method.uppercased()) \($0.path.hasPrefix("/") ? $0.path : "/" + $0.path)" })
        var documented = Set<String>()
        var currentPath: String?
        var inPaths = false
        for line in OpenAPIDocument.yaml.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "paths:" { inPaths = true; continue }
            if inPaths, !line.hasPrefix(" "), !line.isEmpty { inPaths = false }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                currentPath = String(line.dropFirst(2).dropLast())
            } else if let p = currentPath, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                let method = line.trimmingCharacters(in: .whitespaces).dropLast()
                if ["get", "post", "put", "delete", "patch"].contains(String(method)) { documented.insert("\(method.uppercased()) \(p)") }
            }
        }
        #expect(!registered.isEmpty)
        #expect(registered == documented, "router: \(registered.subtracting(documented)) doc: \(documented.subtracting(registered))")
    }

    @Test func servedAtOpenapiYaml() async throws {
        let h = try await Harness.make()
        defer { Task { try? await h.shutdown() } }
        let r = try await h.get("/openapi.yaml")
        #expect(r.status == 200)
        #expect(r.text == OpenAPIDocument.yaml)
    }
}
