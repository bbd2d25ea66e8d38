import Foundation
import Logging
import Reputation
import ReputationService
import Signatures
import ValidatorClient

/// A reputation service on 127.0.0.1 for one test, with a generated snapshot and allow-listed validators.
final class TestService: @unchecked Sendable {
    // Mutated only by the test that owns it, sequentially.
    let root: String
    var configuration: ServiceConfiguration
    var server: RunningServer?
    let miners: [String]
    let snapshot: ReputationSnapshot

    init(validators: [Keypair], miners count: Int = 6, seed: Int = 11) async throws {
        root = NSTemporaryDirectory() + "val-client-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        miners = SnapshotGenerator.minerHotkeys(count: count, seed: seed)
        snapshot = SnapshotGenerator.generate(miners: miners, seed: seed, version: "2025-11-20T13:00:00Z")
        let snapshotPath = root + "/service/reputation_snapshot.json"
        try SnapshotGenerator.write(snapshot, to: snapshotPath)
        configuration = ServiceConfiguration(dataDirectory: root + "/service/data", snapshotPath: snapshotPath,
                                             allowedValidators: validators.map(\.address.string))
        configuration.snapshotPollInterval = nil
        configuration.logLevel = "error"
        try await start()
        configuration.port = server!.port
    }

    var url: String { "http://127.0.0.1:\(configuration.port == 0 ? server!.port : configuration.port)" }

    func start() async throws {
        var logger = Logger(label: "test-service")
        logger.logLevel = .critical
        server = try await ReputationServer.start(configuration: configuration, logger: logger)
    }

    func stop() async throws {
        try await server?.stop()
        server = nil
    }

    /// Allocation files the service has stored.
    func storedAllocations() -> [String] {
        let dir = configuration.dataDirectory + "/rewards"
        guard let e = FileManager.default.enumerator(atPath: dir) else { return [] }
        return e.compactMap { $0 as? String }.filter { ($0 as NSString).lastPathComponent.hasPrefix("reward_") }.sorted()
    }

    func clientConfiguration(state: String) -> ClientConfiguration {
        ClientConfiguration(server: url, timeoutSeconds: 10, retries: 1, backoffInitialSeconds: 0, backoffMultiplier: 1,
                            backoffMaxSeconds: 0, stateDirectory: root + "/" + state)
    }

    func cleanUp() async {
        try? await stop()
        try? FileManager.default.removeItem(atPath: root)
    }
}

func quietLogger() -> Logger {
    var l = Logger(label: "client-test")
    l.logLevel = .critical
    return l
}
