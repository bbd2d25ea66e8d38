public import ScoringCore
import Foundation

/// A Monte Carlo simulation cut into shards by run index, each shard in its own directory, and the
/// merge that turns the shards back into exactly the output of one single-machine run.
///
/// Run *r* depends only on the config and *r* (its seeds are derived from the master seed and *r*,
/// see ``SeedPlan``), so shard *k* of *n* runs the runs with `r % n == k − 1` and the merge lays
/// the runs out again in run order. Each run is stored as the bit patterns of its numbers, so the
/// merged summary is computed from the very same doubles in the very same order: the merged output
/// equals a single run's byte for byte, apart from ``RunManifest/timeFields``.
///
/// A shard directory holds:
/// - `shard.json` (``ShardManifest``: plan hash = hash of the resolved config, shard, run count);
/// - `config.json`: the config as loaded (after `extends:` and `--set`), and `job.json` (the config
///   path, git commit, start time, wall time), so `merge` needs nothing but the directories;
/// - `runs/run-R.json`: one file per finished run, written durably (temporary file, fsync, rename),
///   so a killed shard re-run with `--resume` only computes the runs that have no file.
public enum MonteCarloShard {
    /// The hash of the resolved config (seed and runs included): shards of one plan share it.
    public static func planHash(_ pipeline: SimulationPipeline) -> String {
        ContentHash.hex(pipeline.resolvedConfig.withoutLocations.jsonString(pretty: false))
    }

    /// The runs shard `shard` owns.
    public static func runs(of shard: ShardAssignment, total: Int) -> [Int] {
        (0..<total).filter(shard.owns)
    }

    static func runPath(_ directory: String, _ run: Int) -> String { "\(directory)/runs/run-\(run).json" }

    /// What a shard run did.
    public struct Progress: Sendable {
        /// Runs computed now.
        public var computed: [Int]
        /// Runs found finished in the directory and kept (`resume`).
        public var kept: [Int]
    }

    /// Runs shard `shard` of the Monte Carlo simulation `pipeline` describes into `directory`.
    ///
    /// - Parameters:
    ///   - configNode: the config as loaded (before the pipeline parsed it) and `configPath` its file,
    ///     stored so `merge` can rebuild the pipeline.
    ///   - resume: keep the runs already finished in `directory` (same plan) and compute only the rest;
    ///     without it an existing shard directory of another plan is an error and its runs are redone.
    /// - Throws: ``ShardError`` when `directory` holds a shard of another plan or shard count.
    @discardableResult
    public static func run(_ pipeline: SimulationPipeline, configNode: ConfigNode, configPath: String,
                           shard: ShardAssignment, directory: String, resume: Bool, parallelism: Int? = nil,
                           gitCommit: String?? = nil, onRunFinished: (@Sendable (Int) -> Void)? = nil) async throws -> Progress {
        let settings = pipeline.settings
        guard settings.runs >= 2 else {
            throw ShardError("sharding splits Monte Carlo runs; this config has runs: \(settings.runs) (set simulation.runs ≥ 2)")
        }
        let hash = planHash(pipeline)
        let mine = runs(of: shard, total: settings.runs)
        var kept: [Int] = []
        if let existing = try ShardManifest.read(from: directory) {
            guard existing.planHash == hash, existing.shard == shard else {
                throw ShardError("'\(directory)' holds shard \(existing.shard) of plan \(existing.planHash.prefix(12)); this is shard "
                                 + "\(shard) of plan \(hash.prefix(12)): use another directory or delete it")
            }
            if resume {
                kept = mine.filter { (try? readRun(directory, $0)) != nil }
            }
        }
        let started = RunManifest.now()
        let clock = Date()
        let manifest = ShardManifest(kind: .monteCarlo, planHash: hash, shard: shard, items: settings.runs, complete: false)
        try manifest.write(into: directory)
        try MatrixOutput.writeAtomically(configNode.withoutLocations.jsonString(pretty: false) + "\n", to: "\(directory)/config.json")
        let commit = gitCommit ?? RunManifest.currentGitCommit()
        func writeJob(wall: Double?) throws {
            var entries = [ConfigEntry(key: "config_path", value: .string(configPath)),
                           ConfigEntry(key: "started_at", value: .string(started))]
            if let commit { entries.append(ConfigEntry(key: "git_commit", value: .string(commit))) }
            if let wall { entries.append(ConfigEntry(key: "wall_time_seconds", value: .double(wall))) }
            try MatrixOutput.writeAtomically(ConfigNode(.map(entries)).jsonString(pretty: true) + "\n", to: "\(directory)/job.json")
        }
        try writeJob(wall: nil)
        let todo = mine.filter { !kept.contains($0) }
        try await MonteCarlo.run(settings, runIndices: todo, parallelism: parallelism) { result in
            try writeRun(result, into: directory)
            onRunFinished?(result.run)
        }
        try writeJob(wall: Date().timeIntervalSince(clock))
        var done = manifest
        done.complete = true
        try done.write(into: directory)
        return Progress(computed: todo, kept: kept)
    }

    // MARK: - Run files

    static func bits(_ values: [Double]) -> ConfigNode {
        .list(values.map { .string(String($0.bitPattern, radix: 16)) })
    }

    static func doubles(_ node: ConfigNode?, _ what: String, _ path: String) throws -> [Double] {
        guard let list = node?.elements else { throw ShardError("\(path): '\(what)' is missing") }
        return try list.map { n in
            guard let s = n.stringValue, let b = UInt64(s, radix: 16) else { throw ShardError("\(path): '\(what)' holds a bad value") }
            return Double(bitPattern: b)
        }
    }

    static func writeRun(_ run: RunResult, into directory: String) throws {
        let node = ConfigNode.map([
            ConfigEntry(key: "run", value: .int(run.run)),
            ConfigEntry(key: "seed", value: .int(run.seeds.seed)),
            ConfigEntry(key: "epochs", value: .int(run.finalReport.epoch)),
            // Bit patterns (hex), so the merge sees the exact doubles.
            ConfigEntry(key: "metrics", value: bits(run.metrics.values.map(\.value))),
            ConfigEntry(key: "miner_totals", value: bits(run.minerTotals)),
            ConfigEntry(key: "validator_totals", value: bits(run.validatorTotals)),
        ])
        try MatrixOutput.writeAtomically(node.jsonString(pretty: false) + "\n", to: runPath(directory, run.run))
    }

    /// The stored numbers of one run.
    struct StoredRun {
        var run: Int
        var seed: Int
        var epochs: Int
        var metrics: [Double]
        var minerTotals: [Double]
        var validatorTotals: [Double]
    }

    static func readRun(_ directory: String, _ run: Int) throws -> StoredRun {
        let path = runPath(directory, run)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let node = try ConfigLoader().parse(yaml: text, name: path)
        guard node["run"]?.intValue == run, let seed = node["seed"]?.intValue, let epochs = node["epochs"]?.intValue else {
            throw ShardError("\(path) is not the record of run \(run)")
        }
        let metrics = try doubles(node["metrics"], "metrics", path)
        guard metrics.count == SimulationMetrics.names.count else { throw ShardError("\(path): wrong number of metrics") }
        return StoredRun(run: run, seed: seed, epochs: epochs, metrics: metrics,
                         minerTotals: try doubles(node["miner_totals"], "miner_totals", path),
                         validatorTotals: try doubles(node["validator_totals"], "validator_totals", path))
    }

    // MARK: - Merge

    /// The merged simulation: the pipeline rebuilt from the shards' config, every run in order, and
    /// the facts the manifest carries.
    public struct Merged: Sendable {
        public var pipeline: SimulationPipeline
        public var result: MonteCarloResult
        public var gitCommit: String?
        /// The earliest shard start.
        public var startedAt: String
        /// The shards' wall times added up.
        public var wallTime: Double
        public var shards: ShardSet
    }

    /// Reads shard directories (expanded with ``ShardSet/expand(_:)``), checks they are of one plan
    /// and complete, and rebuilds the full result.
    /// - Throws: ``ShardError`` naming the plans that differ or the shards and runs that are missing.
    public static func merge(_ arguments: [String], registry: ScoringRegistry) throws -> Merged {
        let set = try ShardSet(directories: ShardSet.expand(arguments), kind: .monteCarlo)
        let first = set.directories[0]
        let configText = try String(contentsOfFile: "\(first)/config.json", encoding: .utf8)
        let jobText = try String(contentsOfFile: "\(first)/job.json", encoding: .utf8)
        let job = try ConfigLoader().parse(yaml: jobText, name: "\(first)/job.json")
        let configPath = job["config_path"]?.stringValue ?? "\(first)/config.json"
        let node = try ConfigLoader().parse(yaml: configText, name: "\(first)/config.json")
        let config = try ScoringConfig.load(node: node, path: configPath, registry: registry)
        guard let pipeline = config.pipeline as? SimulationPipeline else {
            throw ShardError("\(first)/config.json does not select the simulation pipeline")
        }
        guard planHash(pipeline) == set.planHash else {
            throw ShardError("the config stored in \(first) no longer resolves to the plan its shards ran (\(set.planHash.prefix(12))); "
                             + "were its domain files or the tool changed?")
        }
        let settings = pipeline.settings
        var stored: [Int: StoredRun] = [:]
        var started: [String] = []
        var wall = 0.0
        var commit: String?
        for dir in set.directories {
            let j = try ConfigLoader().parse(yaml: try String(contentsOfFile: "\(dir)/job.json", encoding: .utf8), name: "\(dir)/job.json")
            if let s = j["started_at"]?.stringValue { started.append(s) }
            wall += j["wall_time_seconds"]?.doubleValue ?? 0
            commit = commit ?? j["git_commit"]?.stringValue
            let manifest = try ShardManifest.read(from: dir)!
            for r in runs(of: manifest.shard, total: settings.runs) where stored[r] == nil {
                if FileManager.default.fileExists(atPath: runPath(dir, r)) { stored[r] = try readRun(dir, r) }
            }
        }
        try set.requireComplete(present: Set(stored.keys), owner: { $0 % set.shardCount + 1 }, describe: { "run \($0)" })
        let results = (0..<settings.runs).map { r -> RunResult in
            let s = stored[r]!
            var m = SimulationMetrics(gini: 0, adversarialShare: 0, copycatShare: 0, totalSlashed: 0, rankStability: 0)
            (m.gini, m.adversarialShare, m.copycatShare, m.totalSlashed, m.rankStability, m.tierRankCorrelation)
                = (s.metrics[0], s.metrics[1], s.metrics[2], s.metrics[3], s.metrics[4], s.metrics[5])
            // Only what the Monte Carlo summary reads is restored: the final report carries the epoch count.
            let final = EpochReport(epoch: s.epochs, totalEmission: 0, minerPool: 0, validatorPool: 0, tasksProcessed: 0,
                                    trapsInjected: 0, breakthroughs: 0, avgCMS: 0, miners: [], validators: [], plagiarismFlags: 0)
            return RunResult(run: r, seeds: SeedPlan(scheme: settings.seeding, seed: settings.seed, run: r), finalReport: final,
                             history: [], minerTotals: s.minerTotals, validatorTotals: s.validatorTotals, metrics: m)
        }
        return Merged(pipeline: pipeline, result: MonteCarloResult(runs: results), gitCommit: commit,
                      startedAt: started.min() ?? RunManifest.now(), wallTime: wall, shards: set)
    }
}

extension SimulationPipeline {
    /// Writes a merged Monte Carlo result exactly as ``execute(format:sink:quiet:manifestPath:gitCommit:clock:)``
    /// writes a single-machine run of the same config.
    public func writeMerged(_ merged: MonteCarloShard.Merged, format: OutputFormat, sink: OutputSink,
                            manifestPath: String? = nil) throws {
        let manifest = RunManifest(config: resolvedConfig, toolVersion: SimulationModule.toolVersion, gitCommit: merged.gitCommit,
                                   seed: settings.seed, runs: settings.runs, generator: settings.generator,
                                   seeding: settings.seeding, startedAt: merged.startedAt)
        try Self.writeMonteCarlo(merged.result, format: format, roster: settings.roster, manifest: manifest,
                                 wall: merged.wallTime, sink: sink)
        if format == .csv || manifestPath != nil {
            try Self.writeManifest(manifest.json(wallTime: merged.wallTime), to: manifestPath)
        }
    }
}
