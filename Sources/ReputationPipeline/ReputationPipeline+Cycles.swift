import Foundation
import Logging
import Reputation
import ReputationService
import ReputationStore
import ScoringCore
import Signatures
import ValidatorClient

extension ReputationPipeline {
    /// The loop closed over `loop.cycles` cycles (MIID V2 plan §2A, §2F). Each cycle: simulated reviewers
    /// review miners (accuracy over latent quality); the engine pass turns the reviews and the previous
    /// cycle's ingested allocations into new reputations and writes the snapshot; the in-process service
    /// reloads it; every validator fetches reputation, weighs and posts its allocation; the service's
    /// allocation files are ingested into the store. Measures tier populations, migrations and flows,
    /// weight share per tier and the rank correlation between latent quality and reputation.
    func executeCycles(_ options: RunOptions, loop: ReputationLoopSettings, log: Logger) async throws -> ReputationRunResult {
        let started = Date()
        let s = settings
        let out = options.outputDirectory ?? "out/\(s.name)"
        try Self.prepareOutputDirectory(out)
        let fm = FileManager.default
        var files: [String] = []
        func path(_ name: String) -> String { (out as NSString).appendingPathComponent(name) }

        // The store, started afresh.
        let store: any ReputationStore
        let storeLabel: String
        switch loop.storeGiven ? loop.engine.store : .sqlite(path: path("reputation.sqlite")) {
        case .sqlite(let file):
            for suffix in ["", "-wal", "-shm"] where fm.fileExists(atPath: file + suffix) { try fm.removeItem(atPath: file + suffix) }
            store = try SQLiteReputationStore(path: file)
            storeLabel = "sqlite:\(file)"
        case .postgres(let address):
            let cleaner = try await PostgresReputationStore.connect(address, schema: "scoring_pipeline")
            try await cleaner.dropSchema("scoring_pipeline")
            try await cleaner.close()
            store = try await PostgresReputationStore.connect(address, schema: "scoring_pipeline")
            storeLabel = StoreLocation.postgres(address).description
        }
        let engine = loop.engine.engine
        let tiers = engine.assignment.tiers

        // Keys, latent quality, and the first snapshot (every miner at the initial score).
        let validatorKeys = (0..<s.validators).map { SnapshotGenerator.keypair(seed: s.seed, role: "validator", index: $0) }
        let miners = SnapshotGenerator.minerHotkeys(count: s.miners, seed: s.seed)
        var qualityRNG = Xoshiro256(StreamSeed(seed: s.seed, component: "reputation/quality"))
        let quality = miners.map { _ in qualityRNG.uniform(s.qualityRange.lowerBound, s.qualityRange.upperBound) }
        try await store.addMiners(miners)
        let serviceDir = path("service")
        let snapshotPath = (serviceDir as NSString).appendingPathComponent("reputation_snapshot.json")
        _ = try await engine.run(store: store, passId: "cycle-0", snapshotPath: snapshotPath, snapshotVersion: "cycle-0",
                                 knownTiers: tiers)
        try writeCycleJSON(validatorKeys.map(\.address.string), to: path("validators.json"))
        files.append(path("validators.json"))

        // Service, polled by hand after each pass (the in-process reload).
        var serviceConfig = Self.inProcessServiceConfiguration(serviceDirectory: serviceDir, snapshotPath: snapshotPath,
                                                               validators: validatorKeys.map(\.address.string), tiers: tiers)
        serviceConfig.fsync = false
        let server = try await ReputationServer.start(configuration: serviceConfig, registry: registry,
                                                      logger: Self.inProcessServiceLogger)
        let clients = try validatorClients(keys: validatorKeys, server: server.baseURL, out: out, log: log)

        var previousTier = Dictionary(uniqueKeysWithValues: try await store.reputations().map { ($0.key, $0.value.tier) })
        var flows: [String: [String: Int]] = [:]
        var cycles: [ReputationCycleMetrics.Cycle] = []
        var shares = ShareAccumulator()
        var breakdown = BreakdownAccumulator(miners: miners.count)
        var sources: [String: Int] = [:]
        var unknownTiers = 0
        var ingested = 0
        var lastSnapshot = ReputationSnapshot(version: "cycle-0")
        do {
            for cycle in 1...loop.cycles {
                // 1. Reviews.
                var rng = Xoshiro256(StreamSeed(seed: s.seed, run: cycle, component: "reputation/reviews"))
                var reviews: [ReviewRecord] = []
                reviews.reserveCapacity(loop.reviewsPerCycle)
                for i in 0..<loop.reviewsPerCycle {
                    let m = min(miners.count - 1, Int(rng.random() * Double(miners.count)))
                    let accurate = rng.random() < loop.accuracy
                    let v = accurate ? min(1, max(0, quality[m] + rng.gauss(0, loop.reviewNoise))) : rng.random()
                    reviews.append(ReviewRecord(minerHotkey: miners[m], validationScore: v, reviewer: "reviewer-\(i % loop.reviewers)",
                                                reviewedAt: "cycle-\(cycle)"))
                }
                try await store.addReviews(reviews)

                // 2. Engine pass and snapshot; 3. the service reloads it.
                let version = "cycle-\(cycle)"
                let outcome = try await engine.run(store: store, passId: version, snapshotPath: snapshotPath,
                                                   snapshotVersion: version, knownTiers: tiers)
                var historyRows = 0
                if case .committed(_, let rows, _) = outcome { historyRows = rows }
                server.pollNow()
                let reputations = try await store.reputations()
                lastSnapshot = SnapshotPublisher.snapshot(reputations, version: version)
                let tierOf: (String) -> String = { reputations[$0]?.tier ?? "Neutral" }

                // 4. Validators weigh and post.
                var cycleShares: [String: Double] = [:]
                var reservedShare = 0.0
                var stale = 0
                for (k, client) in clients.enumerated() {
                    let rewards = baseRewards(miners: miners, quality: quality, validator: k, pass: cycle)
                    let fetch = await client.fetchReputation(miners: rewards.filter { $0.reward > 0 }.map(\.hotkey))
                    if fetch.repSnapshotVersion != version { stale += 1 }
                    let result = try Weighing.weigh(rewards, fetch: fetch, policy: s.policy, maxWeightLimit: s.maxWeightLimit,
                                                    emission: s.emission)
                    sources[fetch.source.rawValue, default: 0] += 1
                    unknownTiers += result.unknownTierCount
                    shares.add(result, tierOf: tierOf)
                    breakdown.add(result, pass: cycle, serviceDown: false, tierOf: tierOf)
                    for m in result.miners { cycleShares[tierOf(m.hotkey), default: 0] += m.weight / Double(clients.count) }
                    reservedShare += result.reservedShare / Double(clients.count)
                    let allocation = result.allocation(validator: validatorKeys[k].address.string, cycleId: "C\(cycle)",
                                                       stepId: "pass_\(cycle)", timestamp: Timestamps.iso8601(Date()))
                    try await client.submit(allocation)
                }

                // 5. Ingest what the service stored.
                let report = try await AllocationIngest(store: store, batchSize: 64, decodeThreads: 1)
                    .run(directory: (serviceConfig.dataDirectory as NSString).appendingPathComponent("rewards"))
                ingested += report.allocationsInserted
                for f in report.failures { log.warning("ingest skipped \(f)") }

                // Metrics of the cycle.
                var populations: [String: Int] = [:]
                var migrations = 0
                for m in miners {
                    let t = tierOf(m)
                    populations[t, default: 0] += 1
                    if let before = previousTier[m], before != t {
                        migrations += 1
                        flows[before, default: [:]][t, default: 0] += 1
                    }
                    previousTier[m] = t
                }
                let scores = miners.map { reputations[$0]?.score ?? engine.initialScore }
                cycles.append(.init(cycle: cycle, populations: populations, migrations: migrations, weightShare: cycleShares,
                                    rankCorrelation: RankCorrelation.spearman(quality, scores), historyRows: historyRows,
                                    staleFetches: stale, reservedShare: reservedShare))
            }
        } catch {
            try? await server.stop()
            try? await store.close()
            throw error
        }
        var stats = ClientStatistics()
        var pending = 0
        for client in clients {
            let flush = try await client.flushOutbox()
            pending += flush.pending
            stats.add(await client.statistics)
        }
        try await server.stop()
        try await store.close()
        let stored = Self.countStoredAllocations(dataDirectory: serviceConfig.dataDirectory)

        let cycleMetrics = ReputationCycleMetrics(tiers: tiers, cycles: cycles, flows: flows, store: storeLabel, rule: engine.rule,
                                                  allocationsIngested: ingested, seconds: Date().timeIntervalSince(started))
        let metrics = ReputationMetrics(
            passes: loop.cycles, validators: s.validators, miners: s.miners, outagePasses: 0,
            tierShares: shares.shares(tiers: tiers, snapshot: lastSnapshot), client: stats, fetchSources: sources,
            unknownTiers: unknownTiers, allocationsExpected: loop.cycles * s.validators, allocationsStored: stored,
            allocationsPending: pending)
        try writeCycleJSON(metrics, to: path("metrics.json"))
        files.append(path("metrics.json"))
        try writeCycleJSON(cycleMetrics, to: path("cycles.json"))
        files.append(path("cycles.json"))
        try RunFile.data(try Data(contentsOf: URL(fileURLWithPath: snapshotPath)), to: path("snapshot.json"))
        files.append(path("snapshot.json"))
        let details = breakdown.finish(hotkeys: miners, tier: { lastSnapshot.miners[$0]?.repTier.rawValue ?? "Neutral" },
                                       score: { lastSnapshot.miners[$0]?.repScore ?? 1 })
        try writeCycleJSON(details, to: path("breakdown.json"))
        files.append(path("breakdown.json"))
        let summary = ReputationSummary.renderCycles(cycleMetrics, metrics: metrics, settings: s, outputDirectory: out)
        try RunFile.text(summary, to: path("summary.txt"))
        files.append(path("summary.txt"))
        if !options.quiet { print(summary, terminator: "") }
        return ReputationRunResult(metrics: metrics, files: files, outputDirectory: out, breakdown: details, cycles: cycleMetrics)
    }

    private func writeCycleJSON(_ value: some Encodable, to path: String) throws {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try RunFile.data(try e.encode(value), to: path)
    }
}

extension ReputationSummary {
    static func renderCycles(_ c: ReputationCycleMetrics, metrics m: ReputationMetrics, settings s: ReputationPipelineSettings,
                             outputDirectory: String) -> String {
        var out = "reputation loop '\(s.name)': \(c.cycles.count) cycles, \(m.validators) validators, \(m.miners) miners; "
        out += "engine \(c.rule); store \(c.store); policy \(s.policyKey)\n\n"
        out += "cycle  " + c.tiers.map { lpad($0, 9) }.joined() + "  migrations  rank corr.\n"
        let shown = c.cycles.count <= 12 ? c.cycles : c.cycles.enumerated().filter { i, _ in
            i < 3 || i == c.cycles.count - 1 || (i + 1) % max(1, c.cycles.count / 10) == 0
        }.map(\.element)
        for cy in shown {
            out += lpad(String(cy.cycle), 5) + "  " + c.tiers.map { lpad(String(cy.populations[$0] ?? 0), 9) }.joined()
            out += lpad(String(cy.migrations), 12) + lpad(String(format: "%.3f", cy.rankCorrelation), 12) + "\n"
        }
        if let last = c.cycles.last {
            out += "\nweight share in the last cycle: "
            out += c.tiers.map { "\($0) \(pct(last.weightShare[$0] ?? 0))" }.joined(separator: ", ") + "\n"
        }
        let total = c.cycles.reduce(0) { $0 + $1.migrations }
        out += "tier migrations: \(total) in all"
        let top = c.flows.flatMap { from, tos in tos.map { (from, $0.key, $0.value) } }.sorted { $0.2 > $1.2 }.prefix(5)
        if !top.isEmpty { out += " (most: " + top.map { "\($0.0)→\($0.1) \($0.2)" }.joined(separator: ", ") + ")" }
        out += "\nallocations: \(m.allocationsExpected) posted, \(m.allocationsStored) stored by the service, \(c.allocationsIngested) ingested\n"
        let stale = c.cycles.reduce(0) { $0 + $1.staleFetches }
        if stale > 0 { out += "warning: \(stale) weighing(s) were served an older snapshot than their cycle's\n" }
        out += String(format: "%.1f s; results in %@\n", c.seconds, outputDirectory)
        return out
    }
}
