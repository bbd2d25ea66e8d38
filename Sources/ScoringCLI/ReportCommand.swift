public import ArgumentParser
import Foundation
import ReasonForge
import Simulation
public import Reports
public import ScoringCore

/// `scoring report RESULT.json -o report.html`: turns a simulation's JSON (or JSONL) output into a
/// self-contained HTML report.
public struct ReportCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write a self-contained HTML report from a simulation's JSON or JSONL output.",
        discussion: """
            Reads the output of `scoring run CONFIG --format json` (or jsonl) and writes one HTML file \
            with inline SVG charts: TAO per miner, S_epoch over epochs, validator VAS, reputation and \
            slashing, a sortable leaderboard, per-miner details and the formulas with their parameters.
            """)

    @Argument(help: "The simulation result (JSON document or JSONL); '-' reads standard input.") public var input: String
    @Option(name: .shortAndLong, help: "Where to write the HTML report.") public var output: String = "report.html"
    @Option(help: "The report's title (default: from the run's config name).") public var title: String?
    public init() {}

    public func run() throws {
        let text: String
        do {
            text = input == "-"
                ? String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                : try String(contentsOfFile: input, encoding: .utf8)
        } catch {
            throw ValidationError("cannot read \(input): \(error.localizedDescription)")
        }
        let report: SimulationReport
        do {
            report = try ReportAdapter.simulationReport(json: text, title: title, registry: try BuiltInModules.registry())
        } catch let error as ReportInputError {
            printError("\(input): \(error.description)")
            throw ExitCode(1)
        }
        try ReportAdapter.write(ReportRenderer.html(report), to: output)
        print("wrote \(output)")
    }
}

/// How the CLI (and the pipelines, through ``RunOptions/reportPath``) make reports: the adapter
/// from the simulator's JSON output to ``SimulationReport``, with formulas described from the
/// registry and each miner's tier profile as its dimensions.
public enum ReportAdapter {
    /// A simulation report from the simulator's JSON document or JSONL text.
    ///
    /// - Parameters:
    ///   - json: `scoring run --format json` (or `jsonl`) output, or `/api/simulate`'s response.
    ///   - registry: describes the formulas (equations, every parameter) and provides the miner
    ///     tier table used for the dimension profiles.
    ///   - defaultFormulas: role → key for roles the resolved config does not list.
    /// - Throws: ``ReportInputError`` when the text is not a simulation result.
    public static func simulationReport(json: String, title: String? = nil, registry: ScoringRegistry,
                                        defaultFormulas: [String: String] = [:]) throws(ReportInputError) -> SimulationReport {
        var report = try SimulationReport(json: json, title: title).describingFormulas(with: registry, defaults: defaultFormulas)
        let table = (try? registry.make(.minerTiers, "reasonforge", as: MinerTierTable.self)) ?? MinerTierTable.reference
        for m in report.lastEpoch?.miners ?? [] {
            guard let tier = m.tier, let p = table[tier] else { continue }
            report.dimensions[m.id] = DimensionProfile(quality: p.quality, accuracy: p.accuracy, novelty: p.novelty, efficiency: p.efficiency)
        }
        if !report.dimensions.isEmpty {
            report.dimensionsNote = "each miner's tier base scores (quality, accuracy, novelty, efficiency) before per-task noise and domain bonus"
        }
        return report
    }

    /// Writes the HTML report of a pipeline run to `path` (the `--report` flag of `scoring run`
    /// and `scoring simulate`).
    ///
    /// A simulation is run again in memory with JSON output (runs are deterministic, so the
    /// numbers are those of the run just made) and rendered with ``simulationReport(json:title:registry:defaultFormulas:)``.
    /// Pipelines without a report renderer yet, and Monte Carlo runs, get a message on standard
    /// error instead.
    public static func writeReport(for pipeline: any Pipeline, to path: String, registry: ScoringRegistry) async throws {
        guard let simulation = pipeline as? SimulationPipeline else {
            printError("note: --report: this pipeline has no HTML report yet; nothing written to \(path)")
            return
        }
        guard simulation.settings.runs == 1 else {
            printError("note: --report covers single runs; this config asks for \(simulation.settings.runs) Monte Carlo runs")
            return
        }
        let sink = OutputSink.memory()
        try await simulation.execute(format: .json, sink: sink, quiet: true)
        let defaults = Dictionary(uniqueKeysWithValues: FormulaSet.defaultKeys.map { ($0.key.rawValue, $0.value.rawValue) })
        let formulas = Dictionary(uniqueKeysWithValues: simulation.settings.formulas.keys.map { ($0.key.rawValue, $0.value.rawValue) })
        do {
            let report = try simulationReport(json: sink.contents, registry: registry,
                                              defaultFormulas: defaults.merging(formulas) { _, chosen in chosen })
            try write(ReportRenderer.html(report), to: path)
            printError("wrote \(path)")
        } catch let error as ReportInputError {
            printError("error: --report: \(error.description)")
            throw ExitCode(1)
        }
    }

    /// Writes `html` to `path`, creating the directory.
    public static func write(_ html: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(html.utf8).write(to: url, options: .atomic)
    }
}
