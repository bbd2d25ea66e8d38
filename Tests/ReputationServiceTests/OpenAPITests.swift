import Foundation
@testable import ReputationService
import Testing

@Suite struct OpenAPITests {
    /// The document's paths and methods are exactly the router's routes.
    @Test func documentMatchesRouter() throws {
        let dir = NSTemporaryDirectory() + "svc-openapi-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let configuration = ServiceConfiguration(dataDirectory: dir)
        #expect(!(try ReputationServer.routes(configuration: configuration)).isEmpty)
        let mismatch = try ReputationServer.undocumentedRoutes(configuration: configuration)
        #expect(mismatch.undocumented.isEmpty && mismatch.unserved.isEmpty, "router: \(mismatch.undocumented) doc: \(mismatch.unserved)")
        #expect(OpenAPIDocument.operations(in: OpenAPIDocument.yaml()).contains("POST /reward_allocation"))
    }

    @Test func servedAtOpenapiYaml() async throws {
        let h = try await Harness.make()
        defer { Task { try? await h.shutdown() } }
        let r = try await h.get("/openapi.yaml")
        #expect(r.status == 200)
        #expect(r.text == OpenAPIDocument.yaml())
    }
}
