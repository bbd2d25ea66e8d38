public import ScoringCore
public import Chain
import Foundation
import DurableFiles
import Simulation

/// The `chain` pipeline: replays recorded epochs (``ChainReplay``) through one or several chain
/// consensus mechanisms side by side and writes per-epoch, per-UID results with the run manifest.
///
/// Config (`pipeline: chain`):
/// ```yaml
/// chain:
///   replay: kappa-moves-first.replay.yaml   # a replay file (relative to the config), or the replay inline
///   mechanisms: [yuma, {type: yuma, options: {arithmetic: float}}]   # default [yuma]
///   output: {format: table}                  # table | json | jsonl | csv
///   seed: 0                                  # unused (replays are deterministic); lets `scoring matrix` run it
/// ```
/// Metrics (``ChainReplayMetrics``) are those of the first mechanism, and, when several run,
/// also every mechanism's under `<label>.<metric>`.
public struct ChainPipeline: Pipeline {
    /// A mechanism selected by the config: its label, key, resolved options and instance.
    public struct Selected: Sendable {
        public var label: String
        public var key: String
        public var options: ConfigNode
        public var mechanism: any ChainConsensus
    }

    public var replay: ChainReplay
    public var mechanisms: [Selected]
    public var defaultFormat: ChainOutputFormat
    /// The resolved config (pipeline, name, chain section) for the manifest.
    public var resolvedConfig: ConfigNode
    public var name: String?
    public var description: String?

    public init(replay: ChainReplay, mechanisms: [Selected], defaultFormat: ChainOutputFormat = .table,
                resolvedConfig: ConfigNode, name: String? = nil, description: String? = nil) {
        self.replay = replay
        self.mechanisms = mechanisms
        self.defaultFormat = defaultFormat
        self.resolvedConfig = resolvedConfig
        self.name = name
        self.description = description
    }

    /// The registry entry for `pipeline: chain`.
    public static var entry: PipelineEntry {
        PipelineEntry(name: "chain", summary: "Replay recorded epochs through chain consensus mechanisms (Yuma …) side by side") {
            root, registry in try ChainPipeline.parse(root, registry: registry)
        }
    }

    /// Reads `chain:` from the root config; a replay path is relative to the config file.
    public static func parse(_ root: ConfigReader, registry: ScoringRegistry) throws(ConfigError) -> ChainPipeline {
        let r = try root.section("chain")
        guard let replayNode = r.raw("replay"), !replayNode.isNull else {
            throw ConfigError(.missingKey, at: r.node.location, path: r.path(of: "replay"),
                              "'chain.replay' is required: a replay file (.yaml, .json, .csv) or the replay written inline")
        }
        let replay: ChainReplay
        if let file = replayNode.stringValue {
            // Relative to the file the path was written in; a `--set` (or matrix) value is relative
            // to the config file itself.
            func directory(_ location: SourceLocation?) -> String? {
                guard let f = location?.file, !f.hasPrefix("<") else { return nil }
                return f.contains("/") ? String(f[..<f.lastIndex(of: "/")!]) : "."
            }
            let base = directory(replayNode.location) ?? directory(root.node.location)
            let full = file.hasPrefix("/") || base == nil ? file : "\(base!)/\(file)"
            guard FileManager.default.fileExists(atPath: full) else {
                throw ConfigError(.io, at: replayNode.location, path: r.path(of: "replay"), "no replay file at '\(full)'")
            }
            replay = try ChainReplayReader.read(file: full)
        } else {
            let fallback = (try? root.optionalString("name")) ?? nil
            replay = try ChainReplayReader.read(node: replayNode, name: fallback ?? "replay", path: r.path(of: "replay"))
        }
        let mechanisms = try selectMechanisms(r, registry: registry)
        let output = try r.section("output")
        let format = ChainOutputFormat(rawValue: try output.string("format", default: "table", choices: ChainOutputFormat.allCases.map(\.rawValue)))!
        _ = try r.int("seed", default: 0)
        try r.finish()
        let resolved = ConfigNode(.map([ConfigEntry(key: "pipeline", value: .string("chain")),
                                        ConfigEntry(key: "chain", value: r.resolved)]))
        return ChainPipeline(replay: replay, mechanisms: mechanisms, defaultFormat: format, resolvedConfig: resolved,
                             name: try root.optionalString("name"), description: try root.optionalString("description"))
    }

    /// `chain.mechanisms`: a key, a `{type, options}` slot, or a list of them (default `[yuma]`).
    static func selectMechanisms(_ r: ConfigReader, registry: ScoringRegistry) throws(ConfigError) -> [Selected] {
        let written = r.raw("mechanisms")
        var list: ConfigNode
        switch written?.value {
        case nil, .null?: list = ConfigNode(.list([ConfigNode(.string("yuma"), location: .defaultValue)]), location: written?.location)
        case .list?: list = written!
        default: list = ConfigNode(.list([written!]), location: written!.location)
        }
        if list.elements?.isEmpty == true {
            throw ConfigError(.invalidValue, at: list.location, path: r.path(of: "mechanisms"), "'chain.mechanisms' lists no mechanism",
                              choices: registry.keys(.chainConsensus).map(\.rawValue))
        }
        let holder = try ConfigReader(ConfigNode(.map([ConfigEntry(key: "mechanisms", value: list)]), location: list.location), path: r.path)
        let made: [any ChainConsensus] = try holder.components("mechanisms", kind: .chainConsensus, default: [],
                                                               in: registry, as: (any ChainConsensus).self)
        let resolved = holder.resolved["mechanisms"]?.elements ?? []
        r.recordResolved("mechanisms", ConfigNode(.list(resolved)))
        var selected: [Selected] = []
        let items = list.elements ?? []
        for (i, m) in made.enumerated() {
            let slot = resolved.indices.contains(i) ? resolved[i] : ConfigNode.null
            let key = slot["type"]?.stringValue ?? items[i].stringValue ?? items[i]["type"]?.stringValue ?? "mechanism"
            var label = key
            if let options = items[i]["options"]?.entries, !options.isEmpty {
                label += "[" + options.map { "\($0.key)=\(Self.scalarText($0.value))" }.joined(separator: ",") + "]"
            }
            while selected.contains(where: { $0.label == label }) { label += "'" }
            selected.append(Selected(label: label, key: key, options: slot["options"] ?? .map([]), mechanism: m))
        }
        return selected
    }

    static func scalarText(_ node: ConfigNode) -> String {
        switch node.value {
        case .string(let s): s
        case .int(let i): String(i)
        case .double(let d): d.description
        case .bool(let b): b ? "true" : "false"
        default: node.jsonString(pretty: false)
        }
    }

    // MARK: - Running

    /// One mechanism's replay.
    public struct MechanismRun: Sendable {
        public var selected: Selected
        public var steps: [ChainReplayRunner.Step]
        public var metrics: RunMetrics
    }

    /// Everything a run computed, before anything is written.
    public struct Execution: Sendable {
        public var replay: ChainReplay
        public var runs: [MechanismRun]
        /// The first mechanism's metrics, plus every mechanism's under `<label>.` when several ran.
        public var metrics: RunMetrics
    }

    /// Runs every mechanism over the replay (nothing is written).
    public func execute() throws(ConfigError) -> Execution {
        let runner = ChainReplayRunner(replay: replay)
        var runs: [MechanismRun] = []
        for m in mechanisms {
            let steps = try runner.run(m.mechanism, label: m.label)
            runs.append(MechanismRun(selected: m, steps: steps, metrics: ChainReplayMetrics.compute(replay, steps: steps)))
        }
        var metrics = runs.first?.metrics ?? RunMetrics()
        if runs.count > 1 {
            for run in runs { for (n, v) in run.metrics { metrics["\(run.selected.label).\(n)"] = v } }
        }
        return Execution(replay: replay, runs: runs, metrics: metrics)
    }

    public func run(_ options: RunOptions) async throws -> RunOutcome {
        let format: ChainOutputFormat
        if let name = options.format {
            guard let f = ChainOutputFormat(rawValue: name) else {
                throw ConfigError(.invalidValue, at: nil, path: "--format", "unknown format '\(name)'", choices: ChainOutputFormat.allCases.map(\.rawValue))
            }
            format = f
        } else {
            format = defaultFormat
        }
        let directory = options.outputDirectory
        return try perform(format: format,
                           output: directory.map { "\($0)/results.\(format == .table ? "txt" : format.rawValue)" },
                           manifest: directory.map { "\($0)/manifest.json" },
                           report: options.reportPath, quiet: options.quiet)
    }

    /// Runs, renders everything in memory, then writes each file atomically: on any failure
    /// nothing is written.
    /// - Parameters:
    ///   - output: the results file; `nil` prints them (tables only when not `quiet`).
    ///   - manifest: a file for the manifest on its own (CSV has no place for it).
    ///   - report: the HTML report's path.
    public func perform(format: ChainOutputFormat, output: String?, manifest manifestPath: String?,
                        report: String?, quiet: Bool, gitCommit: String?? = nil) throws -> RunOutcome {
        let started = Date()
        let startedAt = RunManifest.now()
        let execution = try execute()
        let manifest = ChainManifest(config: resolvedConfig, mechanisms: mechanisms.map(\.label), replay: replay,
                                     gitCommit: gitCommit ?? RunManifest.currentGitCommit(), startedAt: startedAt,
                                     wallTime: Date().timeIntervalSince(started))
        let rendered = ChainOutput.render(execution, format: format, manifest: manifest)
        var writes: [(String, String)] = []
        if let output { writes.append((output, rendered.main)) }
        if let manifestPath { writes.append((manifestPath, manifest.json() + "\n")) }
        if let report { writes.append((report, ChainReportBuilder.html(execution, title: name, summary: description, manifest: manifest))) }
        var files: [String] = []
        for (path, text) in writes {
            try AtomicWrite.write(text, to: path)
            files.append(path)
        }
        if output == nil, !quiet || format != .table {
            FileHandle.standardOutput.write(Data(rendered.main.utf8))
        }
        return RunOutcome(files: files, metrics: execution.metrics)
    }
}

/// The formats a chain replay can write.
public enum ChainOutputFormat: String, Sendable, CaseIterable {
    /// Per mechanism, the last epoch per UID, then the run metrics.
    case table
    /// One document: `replay`, `mechanisms` (each with its `epochs`), `metrics`, `manifest`.
    case json
    /// A manifest line, one line per (mechanism, epoch), a summary line.
    case jsonl
    /// One row per (mechanism, epoch, UID); the manifest goes beside it.
    case csv
}

/// Writes a file through the package's one durable-write recipe (``DurableWriter``), so a reader
/// never sees a partial file and a failure leaves the old file (or none).
public enum AtomicWrite {
    public static func write(_ text: String, to path: String) throws {
        try DurableWriter().write(text, to: path)
    }
}
