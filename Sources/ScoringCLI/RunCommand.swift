public import ArgumentParser
import ChainPipeline
import ReputationPipeline
import ScoringCore
import Simulation

/// `scoring run CONFIG.yaml`: runs the pipeline the config selects.
public struct RunCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the pipeline a config selects (pipeline: simulation | reputation | chain).")

    @Argument(help: "The config file.") public var file: String
    @OptionGroup public var config: ConfigOptions
    @Option(name: .shortAndLong, help: "Directory for result files (default: out/<config name>).") public var output: String?
    @Option(help: "Write a self-contained HTML report to this path.") public var report: String?
    @Option(help: "Output format where the pipeline supports several (table, json, jsonl, csv).") public var format: String?
    @Flag(help: "No progress bar or tables on the terminal.") public var quiet = false
    @OptionGroup public var sharding: ShardOptions
    public init() {}

    public func run() async throws {
        let registry = try BuiltInModules.registry()
        let loaded: ScoringConfig
        let node: ConfigNode
        do {
            node = try ConfigLoader().load(file: file, overrides: config.overrides)
            loaded = try ScoringConfig.load(node: node, path: file, registry: registry)
            try sharding.runLimit().check(loaded)
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
        if sharding.shard != nil {
            guard let simulation = loaded.pipeline as? SimulationPipeline else {
                throw ValidationError("--shard splits Monte Carlo runs; '\(file)' selects the '\(loaded.pipelineName)' pipeline.")
            }
            try await sharding.runShard(simulation, node: node, configPath: file, output: output, quiet: quiet)
            return
        }
        let options = RunOptions(outputDirectory: output, reportPath: report, quiet: quiet, format: format, configPath: file)
        let outcome: RunOutcome
        var reputationRun: (ReputationPipeline, ReputationRunResult)?
        if report != nil, let reputation = loaded.pipeline as? ReputationPipeline {
            // The report needs the per-miner breakdown, which `run` reduces away.
            let result = try await reputation.execute(options)
            reputationRun = (reputation, result)
            outcome = RunOutcome(files: result.files, metrics: result.runMetrics)
        } else {
            outcome = try await loaded.pipeline.run(options)
            // The chain pipeline writes its own report (RunOptions.reportPath).
            if let report, !(loaded.pipeline is ChainPipeline) {
                try await ReportAdapter.writeReport(for: loaded.pipeline, to: report, registry: registry,
                                                    name: loaded.name, description: loaded.description)
            }
        }
        var failures = outcome.failedExpectations
        var checks: [(passed: Bool, message: String)] = []
        for expectation in loaded.expectations {
            let result = expectation.check(outcome.metrics)
            checks.append((result.passed, result.message))
            if !quiet || !result.passed {
                printError("\(result.passed ? "expect ok" : "expect FAILED"): \(result.message)")
            }
            if !result.passed { failures.append("\(expectation.location.map { "\($0): " } ?? "")\(result.message)") }
        }
        if let report, let (pipeline, result) = reputationRun {
            try ReportAdapter.writeReputationReport(result, pipeline: pipeline, config: loaded, checks: checks, to: report)
        }
        if !failures.isEmpty {
            printError("\(failures.count) expectation(s) failed:")
            for f in failures { printError("  - \(f)") }
            throw ExitCode(2)
        }
    }
}
