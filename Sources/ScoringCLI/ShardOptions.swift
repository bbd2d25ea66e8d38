public import ArgumentParser
import Foundation
import ScoringCore
import Simulation

/// `--shard`, `--resume` and `--max-runs` for the commands that run Monte Carlo simulations
/// (`scoring simulate`, `scoring run`).
public struct ShardOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Run only the Monte Carlo runs of shard k of n (run r belongs to shard r mod n + 1), or 'auto' to read k and n from a Slurm job array or a Kubernetes Indexed Job. The shard writes a directory (--output; with 'auto', OUTPUT/shard-k-of-n); combine shards with `scoring simulate --merge DIR…`.", valueName: "k/n|auto"))
    public var shard: String?
    @Flag(help: "With --shard: keep the runs a killed shard already finished and compute only the rest.")
    public var resume = false
    @Option(parsing: .unconditional, help: "Refuse a config of more runs than this (default \(RunLimit.defaultMaxRuns), or $\(RunLimit.environmentVariable)).")
    public var maxRuns: Int?

    public init() {}

    public func validate() throws {
        if resume, shard == nil { throw ValidationError("--resume needs --shard (a shard directory to resume).") }
        if let maxRuns, maxRuns < 1 { throw ValidationError("--max-runs must be at least 1, found \(maxRuns).") }
    }

    func runLimit() throws -> RunLimit {
        do { return try RunLimit.resolve(flag: maxRuns, environment: ProcessInfo.processInfo.environment) } catch {
            throw ValidationError(error.message)
        }
    }

    /// Runs this process's shard of `pipeline` into its directory.
    func runShard(_ pipeline: SimulationPipeline, node: ConfigNode, configPath: String, output: String?, quiet: Bool) async throws {
        guard let shard else { return }
        let assignment: ShardAssignment
        do { assignment = try ShardAssignment.parse(shard, environment: ProcessInfo.processInfo.environment) } catch {
            throw ValidationError(error.message)
        }
        let base = output ?? "out/montecarlo"
        let directory = shard == "auto" || output == nil ? "\(base)/\(assignment.directoryName)" : base
        let total = MonteCarloShard.runs(of: assignment, total: pipeline.settings.runs).count
        let counter = Counter()
        do {
            let progress = try await MonteCarloShard.run(pipeline, configNode: node, configPath: configPath, shard: assignment,
                                                         directory: directory, resume: resume) { run in
                let n = counter.next()
                if !quiet { printError("[\(n)/\(total)] run \(run) done") }
            }
            printError("shard \(assignment) (\(assignment.source)): \(progress.computed.count) runs computed"
                       + (progress.kept.isEmpty ? "" : ", \(progress.kept.count) kept from the earlier attempt")
                       + " → \(directory)")
        } catch let error as ShardError {
            printError(error.description)
            throw ExitCode(1)
        }
    }
}

/// `scoring simulate --merge DIR…`: one Monte Carlo output from the shards of `--shard` runs, written
/// with `scoring simulate`'s own `--format` and `--output`.
///
/// The result equals `scoring simulate`/`scoring run` of the same config on one machine byte for
/// byte, apart from the manifest's declared time fields. Refuses shards of different plans and
/// names the shards and runs that are missing.
enum MonteCarloMerge {
    static func run(_ directories: [String], format: String?, output: String?) throws {
        let registry = try BuiltInModules.registry()
        let merged: MonteCarloShard.Merged
        do { merged = try MonteCarloShard.merge(directories, registry: registry) } catch let error as ShardError {
            printError(error.description)
            throw ExitCode(1)
        } catch let error as ConfigError {
            printError(error.description)
            throw ExitCode(1)
        }
        let chosen = format.flatMap(OutputFormat.init(rawValue:)) ?? merged.pipeline.defaultFormat
        let sink = try output.map { try OutputSink.file($0) } ?? .standardOutput()
        defer { sink.close() }
        try merged.pipeline.writeMerged(merged, format: chosen, sink: sink,
                                        manifestPath: output.map { "\($0).manifest.json" } ?? nil)
        printError("merged \(merged.result.runs.count) runs from \(merged.shards.directories.count) shard directories")
    }
}
