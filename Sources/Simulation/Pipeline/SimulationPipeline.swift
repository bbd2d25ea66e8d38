public import ScoringCore
import Foundation

/// The `simulation` pipeline: runs the ReasonForge epoch loop a config describes and writes its
/// results (see ``OutputFormat``).
///
/// Config: `pipeline: simulation`, the `simulation:` section (``SimulationSettings``) and an
/// optional `output:` section inside it: `format` (`table` | `json` | `jsonl` | `csv`, default `table`).
public struct SimulationPipeline: Pipeline {
    public var settings: SimulationSettings
    /// The resolved `simulation` section plus the config's name, for the manifest.
    public var resolvedConfig: ConfigNode
    public var defaultFormat: OutputFormat

    public init(settings: SimulationSettings, resolvedConfig: ConfigNode, defaultFormat: OutputFormat = .table) {
        self.settings = settings
        self.resolvedConfig = resolvedConfig
        self.defaultFormat = defaultFormat
    }

    /// Reads `simulation:` from the root config.
    public static func parse(_ root: ConfigReader, registry: ScoringRegistry) throws(ConfigError) -> SimulationPipeline {
        let r = try root.section("simulation")
        let settings = try SimulationSettings.read(r, registry: registry)
        let output = try r.section("output")
        let format = OutputFormat(rawValue: try output.string("format", default: "table",
                                                              choices: OutputFormat.allCases.map(\.rawValue)))!
        try r.finish()
        let resolved = ConfigNode(.map([ConfigEntry(key: "pipeline", value: .string("simulation")),
                                        ConfigEntry(key: "simulation", value: r.resolved)]))
        return SimulationPipeline(settings: settings, resolvedConfig: resolved, defaultFormat: format)
    }

    /// The registry entry for `pipeline: simulation`.
    public static var entry: PipelineEntry {
        PipelineEntry(name: "simulation", summary: "ReasonForge epoch simulator: leaderboard, JSON/JSONL/CSV, Monte Carlo") {
            root, registry in try SimulationPipeline.parse(root, registry: registry)
        }
    }

    public func run(_ options: RunOptions) async throws -> RunOutcome {
        let format: OutputFormat
        if let name = options.format {
            guard let f = OutputFormat(rawValue: name) else {
                throw ConfigError(.invalidValue, at: nil, path: "--format", "unknown format '\(name)'",
                                  choices: OutputFormat.allCases.map(\.rawValue))
            }
            format = f
        } else {
            format = defaultFormat
        }
        var files: [String] = []
        let sink: OutputSink
        var manifestPath: String?
        if let directory = options.outputDirectory {
            let path = "\(directory)/results.\(format == .table ? "txt" : format.rawValue)"
            sink = try OutputSink.file(path)
            files.append(path)
            manifestPath = "\(directory)/manifest.json"
        } else {
            sink = .standardOutput()
        }
        defer { sink.close() }
        let outcome = try await execute(format: format, sink: sink, quiet: options.quiet, manifestPath: manifestPath)
        if let manifestPath { files.append(manifestPath) }
        return RunOutcome(files: files, metrics: outcome.runMetrics)
    }

    /// Runs the simulation and writes it to `sink` in `format`.
    ///
    /// - Parameters:
    ///   - manifestPath: where to write the manifest as its own file too (always done for CSV, which has no place for it).
    ///   - gitCommit: `nil` looks it up with git; pass `.some(nil)` to leave it out.
    /// - Returns: the Monte Carlo result (a single run when `runs` is 1).
    @discardableResult
    public func execute(format: OutputFormat, sink: OutputSink, quiet: Bool, manifestPath: String? = nil,
                        gitCommit: String?? = nil, clock: @escaping @Sendable () -> String = RunManifest.now) async throws -> MonteCarloResult {
        let started = Date()
        let manifest = RunManifest(config: resolvedConfig, toolVersion: SimulationModule.toolVersion,
                                   gitCommit: gitCommit ?? RunManifest.currentGitCommit(), seed: settings.seed,
                                   runs: settings.runs, generator: settings.generator, seeding: settings.seeding,
                                   startedAt: clock())
        let roster = settings.roster
        let result: MonteCarloResult
        if settings.runs == 1 {
            let progress = ProgressBar(total: settings.epochs, label: "epochs", quiet: quiet)
            defer { progress.finish() }
            var epochsJSON = JSONWriter()
            epochsJSON.beginArray()
            if format == .jsonl { sink.write("{\"type\":\"manifest\",\"manifest\":" + manifest.json(wallTime: nil) + "}\n") }
            if format == .csv { sink.write(CSVRenderer.header + "\n") }
            // Each epoch is written into one reused buffer, then handed to the sink as bytes.
            let epochJSON = EpochJSON(roster: roster), csv = CSVRenderer(roster: roster)
            var line = JSONWriter()
            let run = try SimulationRunner.run(settings, run: 0, keepHistory: settings.keepHistory) { report in
                switch format {
                case .json:
                    epochJSON.write(report, timestamp: clock(), into: &epochsJSON)
                case .jsonl:
                    line.removeAll()
                    line.beginObject()
                    line.field("type", "epoch")
                    epochJSON.writeFields(report, timestamp: clock(), into: &line)
                    line.endObject()
                    line.bytes.append(UInt8(ascii: "\n"))
                    sink.write(bytes: line.bytes)
                case .csv:
                    line.removeAll()
                    csv.append(report, to: &line.bytes)
                    sink.write(bytes: line.bytes)
                case .table:
                    break
                }
                progress.advance()
            }
            epochsJSON.endArray()
            let wall = Date().timeIntervalSince(started)
            switch format {
            case .table:
                sink.write("Epoch \(run.finalReport.epoch) of \(settings.epochs) — miners\n")
                sink.write(TableRenderer.leaderboard(run.finalReport, roster: roster, plagiarism: settings.plagiarism.enabled))
                sink.write("\nValidators\n")
                sink.write(TableRenderer.validators(run.finalReport, roster: roster))
                sink.write("\nRun metrics\n")
                sink.write(TableRenderer.metrics(run.metrics))
            case .json:
                var w = JSONWriter()
                w.beginObject()
                w.key("config")
                w.beginObject()
                w.field("epochs", settings.epochs)
                w.field("emission", settings.emission)
                w.field("miners", roster.miners.count)
                w.field("validators", roster.validators.count)
                w.endObject()
                w.key("epochs")
                w.raw(epochsJSON.bytes)
                w.key("metrics")
                w.raw(Self.metricsJSON(run.metrics))
                w.key("manifest")
                w.raw(manifest.json(wallTime: wall))
                w.endObject()
                sink.write(w.text + "\n")
            case .jsonl:
                sink.write("{\"type\":\"summary\",\"metrics\":" + Self.metricsJSON(run.metrics)
                           + ",\"wall_time_seconds\":\(wall)}\n")
            case .csv:
                break
            }
            result = MonteCarloResult(runs: [run])
            if format == .csv || manifestPath != nil {
                try Self.writeManifest(manifest.json(wallTime: wall), to: manifestPath)
            }
        } else {
            let progress = ProgressBar(total: settings.runs, label: "runs", quiet: quiet)
            defer { progress.finish() }
            result = try await MonteCarlo.run(settings, runs: settings.runs) { _ in progress.advance() }
            let wall = Date().timeIntervalSince(started)
            try Self.writeMonteCarlo(result, format: format, roster: roster, manifest: manifest, wall: wall, sink: sink)
            if format == .csv || manifestPath != nil {
                try Self.writeManifest(manifest.json(wallTime: wall), to: manifestPath)
            }
        }
        return result
    }

    static func writeManifest(_ json: String, to path: String?) throws {
        guard let path else { return }
        try Data((json + "\n").utf8).write(to: URL(fileURLWithPath: path))
    }

    static func metricsJSON(_ m: SimulationMetrics) -> String {
        var w = JSONWriter()
        w.beginObject()
        for (name, value) in m.values { w.field(name, value) }
        w.endObject()
        return w.text
    }

    static func statisticJSON(_ s: SummaryStatistic, into w: inout JSONWriter) {
        w.beginObject()
        w.field("mean", s.mean)
        w.field("std_dev", s.standardDeviation)
        w.field("ci95_low", s.lower95)
        w.field("ci95_high", s.upper95)
        w.endObject()
    }

    static func writeMonteCarlo(_ result: MonteCarloResult, format: OutputFormat, roster: Roster, manifest: RunManifest,
                                wall: Double, sink: OutputSink) throws {
        func runLine(_ run: RunResult, into w: inout JSONWriter) {
            w.beginObject()
            w.field("run", run.run)
            w.field("seed", run.seeds.seed)
            w.key("metrics")
            w.raw(metricsJSON(run.metrics))
            w.key("miner_total_tao")
            w.beginObject()
            for (i, m) in roster.miners.enumerated() { w.field(m.id, PythonRounding.round6(run.minerTotals[i])) }
            w.endObject()
            w.endObject()
        }
        func summary(into w: inout JSONWriter) {
            w.beginObject()
            w.key("metrics")
            w.beginObject()
            for name in SimulationMetrics.names { w.key(name); statisticJSON(result.metrics[name]!, into: &w) }
            w.endObject()
            w.key("miners")
            w.beginArray()
            for (i, m) in roster.miners.enumerated() {
                w.beginObject()
                w.field("miner_id", m.id)
                w.field("name", m.name)
                w.field("tier", m.tier)
                w.key("total_tao")
                statisticJSON(result.minerTotals[i], into: &w)
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        switch format {
        case .table:
            sink.write(TableRenderer.monteCarlo(result, roster: roster))
        case .json:
            var w = JSONWriter()
            w.beginObject()
            w.key("runs")
            w.beginArray()
            for run in result.runs { runLine(run, into: &w) }
            w.endArray()
            w.key("summary")
            summary(into: &w)
            w.key("manifest")
            w.raw(manifest.json(wallTime: wall))
            w.endObject()
            sink.write(w.text + "\n")
        case .jsonl:
            sink.write("{\"type\":\"manifest\",\"manifest\":" + manifest.json(wallTime: nil) + "}\n")
            for run in result.runs {
                var w = JSONWriter()
                runLine(run, into: &w)
                sink.write("{\"type\":\"run\"," + w.text.dropFirst() + "\n")
            }
            var w = JSONWriter()
            summary(into: &w)
            sink.write("{\"type\":\"summary\"," + w.text.dropFirst().dropLast() + ",\"wall_time_seconds\":\(wall)}\n")
        case .csv:
            sink.write((["run", "seed"] + SimulationMetrics.names + roster.miners.map { "tao_\($0.id)" }).joined(separator: ",") + "\n")
            for run in result.runs {
                let cells = [String(run.run), String(run.seeds.seed)] + run.metrics.values.map { "\($0.value)" }
                    + run.minerTotals.map { "\(PythonRounding.round6($0))" }
                sink.write(cells.joined(separator: ",") + "\n")
            }
        }
    }
}
