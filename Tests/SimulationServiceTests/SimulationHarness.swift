import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import ReasonForge
import ReputationService
import ScoringCore
import Simulation
import SimulationService

/// The reputation service on 127.0.0.1 (ephemeral port) with ``SimulationService`` mounted, as
/// `scoring serve` runs it, over a temporary data directory.
struct SimulationHarness {
    let dir: String
    let server: RunningServer

    static func make(configure: (inout ServiceConfiguration) -> Void = { _ in }) async throws -> SimulationHarness {
        let dir = NSTemporaryDirectory() + "sim-svc-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        var config = ServiceConfiguration(dataDirectory: dir + "/data")
        config.snapshotPollInterval = nil
        config.logLevel = "error"
        config.simulationLimits.configsDirectory = Self.repositoryRoot + "/configs/reasonforge"
        config.simulationLimits.maxEpochs = 40
        config.corsOrigins = ["http://dashboard.local"]
        configure(&config)
        let registry = try Self.registry()
        let server = try await ReputationServer.start(configuration: config, registry: registry,
                                                      mounting: [SimulationService(registry: registry, configuration: config)])
        return SimulationHarness(dir: dir, server: server)
    }

    static func registry() throws -> ScoringRegistry {
        try ScoringRegistry(modules: [ReasonForgeModule(), SimulationModule()])
    }

    /// The package root (three levels above this file).
    static var repositoryRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }

    func shutdown() async throws {
        try await server.stop()
        try? FileManager.default.removeItem(atPath: dir)
    }

    struct Reply {
        var status: Int
        var body: Data
        var headers: [(String, String)]
        func json() throws -> [String: Any] { try JSONSerialization.jsonObject(with: body) as? [String: Any] ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    func post(_ path: String, _ value: some Encodable) async throws -> Reply {
        try await post(path, raw: try JSONEncoder().encode(value))
    }

    func post(_ path: String, raw: Data, contentType: String? = "application/json") async throws -> Reply {
        var request = HTTPClientRequest(url: server.baseURL + path)
        request.method = .POST
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        request.body = .bytes(ByteBuffer(bytes: raw))
        return try await execute(request)
    }

    func get(_ path: String, headers: [(String, String)] = []) async throws -> Reply {
        var request = HTTPClientRequest(url: server.baseURL + path)
        for (k, v) in headers { request.headers.add(name: k, value: v) }
        return try await execute(request)
    }

    private func execute(_ request: HTTPClientRequest) async throws -> Reply {
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let body = try await response.body.collect(upTo: 64 << 20)
        return Reply(status: Int(response.status.code), body: Data(body.readableBytesView),
                     headers: response.headers.map { ($0.name, $0.value) })
    }
}
