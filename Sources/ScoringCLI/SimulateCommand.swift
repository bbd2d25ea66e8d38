public import ArgumentParser
import Foundation
import ScoringCore
import Simulation

/// `scoring simulate`: runs the ReasonForge epoch simulator, with the most used settings as flags.
///
/// Flags are applied as `--set simulation.<key>=<value>` overrides on the config (default
/// `configs/reasonforge/default.yaml`, or the built-in defaults when that file is missing), so
/// `scoring config show` of the same config with the same `--set`s shows exactly what ran.
public struct SimulateCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run the ReasonForge epoch simulator (leaderboard, JSON, JSONL, CSV, Monte Carlo).")

    @Option(help: "Config file (default: configs/reasonforge/default.yaml).") public var config: String?
    @OptionGroup public var overrides: ConfigOptions
    // Numeric options parse the next word whatever it looks like, so `--seed -3` works (not only `--seed=-3`).
    @Option(parsing: .unconditional, help: "Number of epochs.") public var epochs: Int?
    @Option(parsing: .unconditional, help: "Emission per epoch.") public var emission: Double?
    @Option(parsing: .unconditional, help: "Master seed.") public var seed: Int?
    @Option(parsing: .unconditional, help: "Monte Carlo runs with derived seeds (in parallel on all cores).") public var runs: Int?
    @OptionGroup public var sharding: ShardOptions
    @Option(name: .customLong("merge"), parsing: .upToNextOption,
            help: ArgumentHelp("Merge Monte Carlo shard directories (or directories holding shard-k-of-n) into the output one single-machine run writes, with --format and --output; runs nothing.", valueName: "dir"))
    public var mergeDirectories: [String] = []
    @Option(help: "Output format: table, json, jsonl or csv.") public var format: String?
    @Option(name: .shortAndLong, help: "Write the output to this file (CSV also writes FILE.manifest.json).") public var output: String?
    @Flag(help: "No progress bar.") public var quiet = false
    @Option(help: "Also write a self-contained HTML report to this path.") public var report: String?
    public init() {}

    public func validate() throws {
        if let format, OutputFormat(rawValue: format) == nil {
            throw ValidationError("unknown format '\(format)'; expected one of \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        if let epochs, epochs < 1 { throw ValidationError("--epochs must be at least 1, found \(epochs).") }
        if let runs, runs < 1 { throw ValidationError("--runs must be at least 1, found \(runs).") }
        if let emission, !(emission > 0) { throw ValidationError("--emission must be positive, found \(emission).") }
        try sharding.validate()
    }

    /// The `--set` overrides the flags stand for, after the user's own `--set`s.
    var allOverrides: [String] {
        var list = overrides.overrides
        if let epochs { list.append("simulation.epochs=\(epochs)") }
        if let emission { list.append("simulation.emission=\(emission)") }
        if let seed { list.append("simulation.seed=\(seed)") }
        if let runs { list.append("simulation.runs=\(runs)") }
        return list
    }

    public func run() async throws {
        if !mergeDirectories.isEmpty {
            try MonteCarloMerge.run(mergeDirectories, format: format, output: output)
            return
        }
        let registry = try BuiltInModules.registry()
        let loader = ConfigLoader()
        let loaded: ScoringConfig
        var node: ConfigNode
        let path = config ?? "configs/reasonforge/default.yaml"
        do {
            if config == nil, !FileManager.default.fileExists(atPath: path) {
                node = ConfigNode(.map([ConfigEntry(key: "pipeline", value: .string("simulation"))]))
                for assignment in allOverrides { node = try loader.apply(override: assignment, to: node) }
                loaded = try ScoringConfig.load(node: node, path: "<built-in defaults>", registry: registry)
            } else {
                node = try loader.load(file: path, overrides: allOverrides)
                loaded = try ScoringConfig.load(node: node, path: path, registry: registry)
            }
            try sharding.runLimit().check(loaded)
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
        guard let pipeline = loaded.pipeline as? SimulationPipeline else {
            throw ValidationError("'\(loaded.path)' selects the '\(loaded.pipelineName)' pipeline; simulate needs 'pipeline: simulation'.")
        }
        if sharding.shard != nil {
            try await sharding.runShard(pipeline, node: node, configPath: loaded.path, output: output, quiet: quiet)
            return
        }
        let chosen = format.flatMap(OutputFormat.init(rawValue:)) ?? pipeline.defaultFormat
        let sink = try output.map { try OutputSink.file($0) } ?? .standardOutput()
        defer { sink.close() }
        do {
            try await pipeline.execute(format: chosen, sink: sink, quiet: quiet,
                                       manifestPath: output.map { "\($0).manifest.json" } ?? nil)
        } catch let error as SimulationError {
            sink.close()
            printError("error: \(error.description)")
            throw ExitCode(1)
        }
        if let report {
            try await ReportAdapter.writeReport(for: pipeline, to: report, registry: registry,
                                                name: loaded.name, description: loaded.description)
        }
    }
}
