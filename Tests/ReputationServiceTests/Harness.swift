import DurableFiles
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Reputation
@testable import ReputationService
import ScoringCore
import Signatures

/// A real server on 127.0.0.1 (ephemeral port) over a temporary data directory, plus signing keys.
struct Harness {
    let dir: String
    let snapshotPath: String
    let validator: Keypair
    let admin: Keypair
    let outsider: Keypair
    let server: RunningServer
    let clock: @Sendable () -> Date

    static let client = HTTPClient.shared

    static func make(compat: Bool = false, snapshot: ReputationSnapshot? = Harness.demoSnapshot(version: "v1"),
                     extraValidators: [String] = [], clock: @escaping @Sendable () -> Date = { Date() },
                     registry: ScoringRegistry = ScoringRegistry(),
                     configure: (inout ServiceConfiguration) -> Void = { _ in }) async throws -> Harness {
        let dir = NSTemporaryDirectory() + "svc-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let snapshotPath = dir + "/snapshot.json"
        if let snapshot { try Harness.write(snapshot, to: snapshotPath) }
        let validator = Keypair.generate()
        let admin = Keypair.generate(cryptoType: .ed25519)
        let outsider = Keypair.generate()
        var config = ServiceConfiguration(dataDirectory: dir + "/data", snapshotPath: snapshotPath,
                                          allowedValidators: [validator.address.string] + extraValidators,
                                          adminHotkeys: [admin.address.string])
        config.snapshotPollInterval = nil // tests poll explicitly: no timing
        config.compat = compat
        config.clock = clock
        config.logLevel = "error"
        configure(&config)
        let server = try await ReputationServer.start(configuration: config, registry: registry)
        return Harness(dir: dir, snapshotPath: snapshotPath, validator: validator, admin: admin, outsider: outsider,
                       server: server, clock: clock)
    }

    func shutdown() async throws {
        try await server.stop()
        try? FileManager.default.removeItem(atPath: dir)
    }

    // MARK: Snapshots

    /// 64 deterministic miners; every score is `base` + i/1000 so a response reveals its version.
    static func demoSnapshot(version: String, base: Double = 1.0, count: Int = 64) -> ReputationSnapshot {
        var miners: [String: SnapshotReputation] = [:]
        for (i, key) in minerKeys(count).enumerated() {
            miners[key] = SnapshotReputation(repScore: base + Double(i) / 1000, repTier: ReputationTier.standard[i % 6])
        }
        return ReputationSnapshot(version: version, generatedAt: "2026-11-21T11:00:00Z", miners: miners)
    }

    static func minerKeys(_ count: Int) -> [String] {
        (0..<count).map { i in
            var pk = [UInt8](repeating: 0, count: 32)
            pk[0] = UInt8(i & 0xFF); pk[1] = UInt8(i >> 8); pk[31] = 0x5A
            return SS58.encode(publicKey: pk)
        }
    }

    static func write(_ snapshot: ReputationSnapshot, to path: String) throws {
        try DurableWriter(durable: false).write(Array(try JSONEncoder().encode(snapshot)), to: path)
    }

    // MARK: Signing

    func sign(_ endpoint: String, by key: Keypair? = nil, validator: String? = nil, at date: Date? = nil) -> String {
        let key = key ?? self.validator
        let message = AuthMessage(endpoint: endpoint, validator: validator ?? key.address.string, date: date ?? clock())
        return key.sign(message: message.text).text
    }

    func reputationBody(miners: [String], key: Keypair? = nil, signature: String? = nil) -> ReputationRequest {
        let key = key ?? validator
        return ReputationRequest(validatorHotkey: key.address.string, miners: miners,
                                 signature: signature ?? sign(AuthMessage.reputationRequest, by: key))
    }

    func allocationBody(cycle: String? = "C1", miners: [String] = Harness.minerKeys(3), key: Keypair? = nil,
                        idempotencyKey: String? = nil) -> RewardAllocation {
        let key = key ?? validator
        let entries = miners.enumerated().map { i, m in
            RewardAllocationEntry(minerHotkey: m, uid: i, baseReward: 0.5, repScore: 1.02, repTier: .bronze,
                                  reputationBonus: 0.01, totalReward: 0.51)
        }
        return RewardAllocation(validatorHotkey: key.address.string, repSnapshotVersion: "v1", cycleId: cycle,
                                stepId: "block_1", timestamp: Timestamps.iso8601(clock()), miners: entries,
                                signature: sign(AuthMessage.rewardAllocation, by: key), idempotencyKey: idempotencyKey)
    }

    // MARK: HTTP

    struct Reply {
        var status: Int
        var body: Data
        var headers: [(String, String)]
        func json() throws -> [String: Any] {
            try JSONSerialization.jsonObject(with: body) as? [String: Any] ?? [:]
        }
        var text: String { String(decoding: body, as: UTF8.self) }
        func decode<T: Decodable>(_ type: T.Type) throws -> T { try JSONDecoder().decode(T.self, from: body) }
    }

    func post(_ path: String, _ value: some Encodable, headers: [(String, String)] = []) async throws -> Reply {
        try await post(path, raw: try JSONEncoder().encode(value), headers: headers)
    }

    func post(_ path: String, raw: Data, contentType: String? = "application/json",
              headers: [(String, String)] = []) async throws -> Reply {
        var request = HTTPClientRequest(url: server.baseURL + path)
        request.method = .POST
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        for (k, v) in headers { request.headers.add(name: k, value: v) }
        request.body = .bytes(ByteBuffer(bytes: raw))
        return try await execute(request)
    }

    func get(_ path: String, headers: [(String, String)] = []) async throws -> Reply {
        var request = HTTPClientRequest(url: server.baseURL + path)
        for (k, v) in headers { request.headers.add(name: k, value: v) }
        return try await execute(request)
    }

    /// The deadline is generous on purpose: in a full `swift test` the server's handlers share the
    /// cooperative thread pool (one thread per core, two on CI) with CPU-bound simulation tests that
    /// do not yield, so a burst of 60 concurrent requests can wait far longer than in production.
    private func execute(_ request: HTTPClientRequest) async throws -> Reply {
        let response = try await Harness.client.execute(request, timeout: .seconds(240))
        let body = try await response.body.collect(upTo: 16 << 20)
        return Reply(status: Int(response.status.code), body: Data(body.readableBytesView),
                     headers: response.headers.map { ($0.name, $0.value) })
    }

    /// Every regular file under `dir/data` (relative paths).
    func storedFiles() -> [String] {
        let root = dir + "/data"
        let e = FileManager.default.enumerator(atPath: root)
        var out: [String] = []
        while let p = e?.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + p, isDirectory: &isDir), !isDir.boolValue { out.append(p) }
        }
        return out.sorted()
    }
}

/// The repository root (`Tests/ReputationServiceTests/Harness.swift` → `../..`).
enum RepoPaths {
    static var root: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }
    /// `<repo>/Tests/Fixtures/signature-vectors` (a copy of `../shared/vectors/signatures`).
    static var signatureVectors: String { root + "/Tests/Fixtures/signature-vectors" }
}
