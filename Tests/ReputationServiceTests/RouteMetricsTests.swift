import Foundation
@testable import ReputationService
import Testing

@Suite struct RouteMetricsTests {
    /// Every path the router serves is a metrics route label of its own (none falls under `other`).
    @Test func everyRegisteredPathIsAKnownMetricsRoute() throws {
        let dir = NSTemporaryDirectory() + "svc-routes-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let routes = try ReputationServer.routes(configuration: ServiceConfiguration(dataDirectory: dir))
        let paths = Set(routes.map { $0.path.hasPrefix("/") ? $0.path : "/" + $0.path })
        #expect(paths.contains("/reputation_request"))
        #expect(paths.subtracting(Routes.knownPaths).isEmpty, "not labelled: \(paths.subtracting(Routes.knownPaths))")
    }

    /// An unknown path is counted under `other`.
    @Test func unknownPathsAreCountedUnderOther() async throws {
        let h = try await Harness.make()
        defer { Task { try? await h.shutdown() } }
        #expect(try await h.get("/no-such-page").status == 404)
        let metrics = try await h.get("/metrics").text
        #expect(metrics.contains("reputation_http_requests_total{route=\"other\",method=\"GET\",status=\"404\"} 1"), "\(metrics)")
    }
}
