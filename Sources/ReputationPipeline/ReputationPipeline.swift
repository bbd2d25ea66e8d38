public import Foundation
public import Logging
import DurableFiles
import Reputation
import ReputationService
public import ScoringCore
import Signatures
public import ValidatorClient

/// The `reputation` pipeline: the MIID phase 3 loop end to end, in one process.
///
/// A run generates miner and validator hotkeys and a snapshot from the seed, starts the reputation
/// service on 127.0.0.1 (ephemeral port) with the validators allow-listed, then for each pass has
/// every validator draw synthetic base rewards, fetch reputation (signed), weigh them with the
/// configured policy, record the chain weights it would set, and post its allocation through its
/// outbox. During the configured outage the service is stopped, so validators answer from their
/// caches and queue allocations; after it the service is restarted on the same port and the queues
/// drain. Everything is written under the output directory (default `out/<name>`):
/// `snapshot.json`, `validators.json`, `weights.jsonl` (one line per validator and pass),
/// `metrics.json`, `breakdown.json` (per miner and per pass), `summary.txt`, and the service's and validators' state (`service/`, `validators/`).
public struct ReputationPipeline: Pipeline {
    public let settings: ReputationPipelineSettings
    public let registry: ScoringRegistry

    public init(settings: ReputationPipelineSettings, registry: ScoringRegistry) {
        self.settings = settings
        self.registry = registry
    }

    /// The entry `scoring run` dispatches `pipeline: reputation` to.
    public static let entry = PipelineEntry(
        name: "reputation",
        summary: "Validators × passes against the in-process reputation service: weighting, chain weights, cache and outbox"
    ) { root, registry in
        ReputationPipeline(settings: try ReputationPipelineSettings(root: root, registry: registry), registry: registry)
    }

    public func run(_ options: RunOptions) async throws -> RunOutcome {
        let result = try await execute(options)
        return RunOutcome(files: result.files, metrics: result.runMetrics)
    }

    /// Creates the run's output directory, removing the `service` and `validators` folders a
    /// previous run left there (the service's and validators' files must start empty).
    static func prepareOutputDirectory(_ out: String) throws {
        let fm = FileManager.default
        for sub in ["service", "validators"] {
            let p = (out as NSString).appendingPathComponent(sub)
            if fm.fileExists(atPath: p) { try fm.removeItem(atPath: p) }
        }
        try fm.createDirectory(atPath: out, withIntermediateDirectories: true)
    }

    /// Runs and returns everything measured (what ``run(_:)`` reduces to a ``RunOutcome``).
    public func execute(_ options: RunOptions, logger: Logger? = nil) async throws -> ReputationRunResult {
        var log = logger ?? Logger(label: "reputation-pipeline")
        if logger == nil { log.logLevel = options.quiet ? .error : .warning }
        if let loop = settings.loop { return try await executeCycles(options, loop: loop, log: log) }
        let s = settings
        let out = options.outputDirectory ?? "out/\(s.name)"
        try Self.prepareOutputDirectory(out)
        var files: [String] = []
        func path(_ name: String) -> String { (out as NSString).appendingPathComponent(name) }

        // Keys and snapshot.
        let validatorKeys = (0..<s.validators).map { SnapshotGenerator.keypair(seed: s.seed, role: "validator", index: $0) }
        let miners = SnapshotGenerator.minerHotkeys(count: s.miners, seed: s.seed)
        let snapshot = SnapshotGenerator.generate(miners: miners, seed: s.seed, version: s.snapshotVersion,
                                                  assignment: s.tierAssignment, scoreRange: s.snapshotScoreRange)
        let serviceDir = path("service")
        let snapshotPath = (serviceDir as NSString).appendingPathComponent("reputation_snapshot.json")
        let tiers = s.tierAssignment.tiers
        try SnapshotGenerator.write(snapshot, to: snapshotPath, knownTiers: tiers)
        try SnapshotGenerator.write(snapshot, to: path("snapshot.json"), knownTiers: tiers)
        files.append(path("snapshot.json"))
        try writeJSON(validatorKeys.map(\.address.string), to: path("validators.json"))
        files.append(path("validators.json"))

        // Service.
        var serviceConfig = Self.inProcessServiceConfiguration(serviceDirectory: serviceDir, snapshotPath: snapshotPath,
                                                               validators: validatorKeys.map(\.address.string), tiers: tiers)
        let serviceLogger = Self.inProcessServiceLogger
        var server: RunningServer? = try await ReputationServer.start(configuration: serviceConfig, registry: registry,
                                                                     logger: serviceLogger)
        serviceConfig.port = server!.port

        // Validators.
        let clients = try validatorClients(keys: validatorKeys, server: server!.baseURL, out: out, log: log)

        var qualityRNG = Xoshiro256(StreamSeed(seed: s.seed, component: "reputation/quality"))
        let quality = miners.map { _ in qualityRNG.uniform(s.qualityRange.lowerBound, s.qualityRange.upperBound) }

        var shares = ShareAccumulator()
        var breakdown = BreakdownAccumulator(miners: miners.count)
        var sources: [String: Int] = [:]
        var unknownTiers = 0
        var outagePasses = 0
        var chainPass = s.chain.map { ReputationChainPass(settings: $0, miners: miners.count, validators: s.validators, maxWeightLimit: s.maxWeightLimit) }
        var weightLines: [String] = []
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]

        for pass in 1...s.passes {
            let down = s.outage?.contains(pass) ?? false
            if down, let running = server {
                try await running.stop()
                server = nil
                log.warning("outage: reputation service stopped before pass \(pass)")
            } else if !down, server == nil {
                server = try await restart(serviceConfig, clients: clients, logger: serviceLogger, log: log)
                serviceConfig.port = server!.port
            }
            if down { outagePasses += 1 }
            let cycle = "C\((pass - 1) / s.passesPerCycle + 1)"
            for (k, client) in clients.enumerated() {
                let rewards = baseRewards(miners: miners, quality: quality, validator: k, pass: pass)
                let fetch = await client.fetchReputation(miners: rewards.filter { $0.reward > 0 }.map(\.hotkey))
                let result = try Weighing.weigh(rewards, fetch: fetch, policy: s.policy, maxWeightLimit: s.maxWeightLimit,
                                                emission: s.emission)
                try chainPass?.set(validator: k, result)
                sources[fetch.source.rawValue, default: 0] += 1
                unknownTiers += result.unknownTierCount
                shares.add(result, tierOf: { snapshot.miners[$0]?.repTier.rawValue ?? "Neutral" })
                breakdown.add(result, pass: pass, serviceDown: down, tierOf: { snapshot.miners[$0]?.repTier.rawValue ?? "Neutral" })
                let line = WeightsLine(pass: pass, validator: validatorKeys[k].address.string, cycleId: cycle,
                                       source: fetch.source.rawValue, repSnapshotVersion: fetch.repSnapshotVersion,
                                       uids: result.chainUIDs, values: result.chainValues,
                                       weights: result.miners.map(\.weight))
                weightLines.append(String(decoding: try encoder.encode(line), as: UTF8.self))
                let allocation = result.allocation(validator: validatorKeys[k].address.string, cycleId: cycle,
                                                   stepId: "pass_\(pass)", timestamp: Timestamps.iso8601(Date()))
                try await client.submit(allocation)
            }
            try chainPass?.finishPass(pass) { snapshot.miners[miners[$0]]?.repTier.rawValue ?? "Neutral" }
        }
        if server == nil {
            server = try await restart(serviceConfig, clients: clients, logger: serviceLogger, log: log)
        }
        var stats = ClientStatistics()
        var pending = 0
        for client in clients {
            let flush = try await client.flushOutbox()
            pending += flush.pending
            stats.add(await client.statistics)
        }
        try await server?.stop()
        let stored = Self.countStoredAllocations(dataDirectory: serviceConfig.dataDirectory)

        let metrics = ReputationMetrics(
            passes: s.passes, validators: s.validators, miners: s.miners, outagePasses: outagePasses,
            tierShares: shares.shares(tiers: tiers, snapshot: snapshot), client: stats, fetchSources: sources,
            unknownTiers: unknownTiers, allocationsExpected: s.passes * s.validators, allocationsStored: stored,
            allocationsPending: pending, incentiveShares: chainPass?.shares(tiers: tiers), incentiveSumsToOne: chainPass?.sumsToOne)

        try RunFile.text(weightLines.joined(separator: "\n") + "\n", to: path("weights.jsonl"))
        files.append(path("weights.jsonl"))
        try writeJSON(metrics, to: path("metrics.json"))
        files.append(path("metrics.json"))
        let details = breakdown.finish(hotkeys: miners, tier: { snapshot.miners[$0]?.repTier.rawValue ?? "Neutral" },
                                       score: { snapshot.miners[$0]?.repScore ?? 1 })
        try writeJSON(details, to: path("breakdown.json"))
        files.append(path("breakdown.json"))
        let summary = ReputationSummary.render(metrics, settings: s, outputDirectory: out)
        try RunFile.text(summary, to: path("summary.txt"))
        files.append(path("summary.txt"))
        if !options.quiet { print(summary, terminator: "") }

        return ReputationRunResult(metrics: metrics, files: files, outputDirectory: out, breakdown: details)
    }

    /// Restarts the service on its previous port, or on a new ephemeral one if that port is taken.
    private func restart(_ config: ServiceConfiguration, clients: [ReputationClient], logger: Logger, log: Logger) async throws -> RunningServer {
        let server: RunningServer
        do {
            server = try await ReputationServer.start(configuration: config, registry: registry, logger: logger)
        } catch {
            var fresh = config
            fresh.port = 0
            server = try await ReputationServer.start(configuration: fresh, registry: registry, logger: logger)
        }
        for c in clients { await c.setServer(server.baseURL) }
        log.warning("reputation service restarted on port \(server.port)")
        return server
    }

    /// Base rewards of one validator in one pass: miner quality plus noise, clamped to [0, 1], or 0.
    func baseRewards(miners: [String], quality: [Double], validator: Int, pass: Int) -> [BaseReward] {
        var rng = Xoshiro256(StreamSeed(seed: settings.seed, run: pass, component: "reputation/rewards/\(validator)"))
        return miners.enumerated().map { i, hotkey in
            let zero = rng.random() < settings.zeroFraction
            let noisy = quality[i] + rng.gauss(0, settings.noise)
            return BaseReward(uid: i, hotkey: hotkey, reward: zero ? 0 : min(max(noisy, 0), 1))
        }
    }

    /// Allocation files under `<data>/rewards/<cycle>/<validator>/`.
    static func countStoredAllocations(dataDirectory: String) -> Int {
        let root = (dataDirectory as NSString).appendingPathComponent("rewards")
        guard let e = FileManager.default.enumerator(atPath: root) else { return 0 }
        var n = 0
        for case let p as String in e where (p as NSString).lastPathComponent.hasPrefix("reward_") && p.hasSuffix(".json") {
            n += 1
        }
        return n
    }

    static func format(_ v: Double) -> String {
        v == v.rounded() && abs(v) < 1e12 ? String(Int(v)) : String(format: "%.4f", v)
    }

    private func writeJSON(_ value: some Encodable, to path: String) throws {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try RunFile.data(try e.encode(value), to: path)
    }
}

/// What ``ReputationPipeline/execute(_:logger:)`` returns.
public struct ReputationRunResult: Sendable {
    public var metrics: ReputationMetrics
    public var files: [String]
    public var outputDirectory: String
    /// Per-miner and per-pass detail (also written as `breakdown.json`).
    public var breakdown: ReputationBreakdown
    /// Cycle by cycle, for a run with `reputation.cycles` (also written as `cycles.json`).
    public var cycles: ReputationCycleMetrics? = nil

    /// The metrics for `expect:` and matrices: ``ReputationMetrics/values`` plus, for a multi-cycle run,
    /// ``ReputationCycleMetrics/values``.
    public var runMetrics: RunMetrics {
        guard let cycles else { return metrics.runMetrics }
        let merged = metrics.values.merging(cycles.values) { _, new in new }
        return RunMetrics(merged.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
    }
}

/// One line of `weights.jsonl`: the weights one validator would set in one pass.
struct WeightsLine: Codable {
    var pass: Int
    var validator: String
    var cycleId: String
    var source: String
    var repSnapshotVersion: String?
    var uids: [Int]
    var values: [Int]
    var weights: [Double]

    enum CodingKeys: String, CodingKey {
        case pass, validator
        case cycleId = "cycle_id"
        case source
        case repSnapshotVersion = "rep_snapshot_version"
        case uids, values, weights
    }
}

/// Sums each tier's weighted and unweighted share over weighings.
struct ShareAccumulator {
    var weighted: [String: Double] = [:]
    var unweighted: [String: Double] = [:]
    var count = 0

    mutating func add(_ result: WeighingResult, tierOf: (String) -> String) {
        count += 1
        for m in result.miners {
            let tier = tierOf(m.hotkey)
            weighted[tier, default: 0] += m.weight
            unweighted[tier, default: 0] += m.unweightedWeight
        }
    }

    func shares(tiers: [String], snapshot: ReputationSnapshot) -> [ReputationMetrics.TierShare] {
        var counts: [String: Int] = [:]
        for m in snapshot.miners.values { counts[m.repTier.rawValue, default: 0] += 1 }
        let n = Double(max(count, 1))
        let all = tiers + Set(counts.keys).subtracting(tiers).sorted()
        return all.map {
            ReputationMetrics.TierShare(tier: $0, miners: counts[$0] ?? 0,
                                        weighted: (weighted[$0] ?? 0) / n, unweighted: (unweighted[$0] ?? 0) / n)
        }
    }
}

/// The run's output files, written through the package's durable-write recipe (``DurableWriter``).
enum RunFile {
    static func data(_ data: Data, to path: String) throws {
        try DurableWriter().write(Array(data), to: path)
    }

    static func text(_ text: String, to path: String) throws { try DurableWriter().write(text, to: path) }
}
