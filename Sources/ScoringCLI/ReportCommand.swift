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
        abstract: "Write a self-contained HTML report from a simulation's JSON or JSONL output (single or Monte Carlo run).",
        discussion: """
            Reads the output of `scoring run CONFIG --format json` (or jsonl) and writes one HTML file \
            with inline SVG charts: TAO per miner, S_epoch over epochs, validator VAS, reputation and \
            slashing, a sortable leaderboard, per-miner details and the formulas with their parameters. \
            Monte Carlo output (`--runs N --format json`) gives each miner's mean TAO and the run metrics \
            with 95 % intervals.
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
        let html: String
        do {
            let registry = try BuiltInModules.registry()
            if ReportAdapter.isMonteCarlo(json: text) {
                html = ReportRenderer.html(try ReportAdapter.monteCarloReport(json: text, firstRunJSON: nil, title: title, registry: registry))
            } else {
                html = ReportRenderer.html(try ReportAdapter.simulationReport(json: text, title: title, registry: registry))
            }
        } catch let error as ReportInputError {
            printError("\(input): \(error.description)")
            throw ExitCode(1)
        }
        try ReportAdapter.write(html, to: output)
        print("wrote \(output)")
    }
}

/// How the CLI (and the pipelines, through ``RunOptions/reportPath``) make reports: the adapter
/// from the simulator's JSON output to ``SimulationReport``, with formulas described from the
/// registry and each miner's measured dimension means (its tier profile when the output has none).
public enum ReportAdapter {
    /// A simulation report from the simulator's JSON document or JSONL text.
    ///
    /// - Parameters:
    ///   - json: `scoring run --format json` (or `jsonl`) output, or `/api/simulate`'s response.
    ///   - registry: describes the formulas (equations, every parameter) and provides the miner
    ///     tier table whose base scores are drawn as markers beside the measured dimension means
    ///     (and shown instead of them when the output has no `dimensions`).
    ///   - defaultFormulas: role → key for roles the resolved config does not list.
    /// - Throws: ``ReportInputError`` when the text is not a simulation result.
    public static func simulationReport(json: String, title: String? = nil, registry: ScoringRegistry,
                                        defaultFormulas: [String: String] = [:]) throws(ReportInputError) -> SimulationReport {
        var report = try SimulationReport(json: json, title: title).describingFormulas(with: registry, defaults: defaultFormulas)
        let table = (try? registry.make(.minerTiers, "reasonforge", as: MinerTierTable.self)) ?? MinerTierTable.reference
        var base: [String: DimensionProfile] = [:]
        for m in report.lastEpoch?.miners ?? [] {
            guard let tier = m.tier, let p = table[tier] else { continue }
            base[m.id] = DimensionProfile(quality: p.quality, accuracy: p.accuracy, novelty: p.novelty, efficiency: p.efficiency)
        }
        let measured = report.measuredDimensionMeans
        if !measured.isEmpty {
            report.dimensions = measured
            report.dimensionBaselines = base.filter { measured[$0.key] != nil }
            report.dimensionsNote = "measured in this run: the mean quality, accuracy, novelty and efficiency of each miner's "
                + "submissions (simulated with per-task noise, as fed to the composite score, before consensus rescaling; "
                + "a copycat's are those of the answers it copied), averaged over the epochs in which it submitted"
        } else if !base.isEmpty {
            report.dimensions = base
            report.dimensionsNote = "each miner's tier base scores (quality, accuracy, novelty, efficiency) before per-task noise "
                + "and domain bonus; this output has no measured dimensions"
        }
        return report
    }

    /// Writes the HTML report of a pipeline run to `path` (the `--report` flag of `scoring run`
    /// and `scoring simulate`).
    ///
    /// A simulation is run again in memory with JSON output (runs are deterministic, so the
    /// numbers are those of the run just made) and rendered with ``simulationReport(json:title:registry:defaultFormulas:)``;
    /// a Monte Carlo config (`runs` > 1) gives a ``MonteCarloReport`` with its first run in detail
    /// (see ``monteCarloReport(json:firstRunJSON:registry:defaultFormulas:)``). Pipelines without
    /// a report renderer get a message on standard error instead (reputation runs are reported
    /// by `scoring run` itself, from the run's breakdown).
    ///
    /// - Parameters:
    ///   - name: the config's `name`, for the title (`Simulation report: NAME`).
    ///   - description: the config's `description`, shown under the title.
    public static func writeReport(for pipeline: any Pipeline, to path: String, registry: ScoringRegistry,
                                   name: String? = nil, description: String? = nil) async throws {
        guard let simulation = pipeline as? SimulationPipeline else {
            printError("note: --report: this pipeline has no HTML report yet; nothing written to \(path)")
            return
        }
        let defaults = Dictionary(uniqueKeysWithValues: FormulaSet.defaultKeys.map { ($0.key.rawValue, $0.value.rawValue) })
        let formulas = Dictionary(uniqueKeysWithValues: simulation.settings.formulas.keys.map { ($0.key.rawValue, $0.value.rawValue) })
        let roles = defaults.merging(formulas) { _, chosen in chosen }
        let sink = OutputSink.memory()
        try await simulation.execute(format: .json, sink: sink, quiet: true)
        do {
            let html: String
            if simulation.settings.runs > 1 {
                var first = simulation
                first.settings.runs = 1
                let firstSink = OutputSink.memory()
                try await first.execute(format: .json, sink: firstSink, quiet: true)
                var report = try monteCarloReport(json: sink.contents, firstRunJSON: firstSink.contents,
                                                  title: name.map { "Monte Carlo report: \($0)" }, registry: registry, defaultFormulas: roles)
                if let description, !description.isEmpty { report.summary = description }
                html = ReportRenderer.html(report)
            } else {
                var report = try simulationReport(json: sink.contents, title: name.map { "Simulation report: \($0)" },
                                                  registry: registry, defaultFormulas: roles)
                if let description, !description.isEmpty { report.summary = description }
                html = ReportRenderer.html(report)
            }
            try write(html, to: path)
            printError("wrote \(path)")
        } catch let error as ReportInputError {
            printError("error: --report: \(error.description)")
            throw ExitCode(1)
        }
    }

    /// A Monte Carlo report from the simulator's Monte Carlo JSON and, optionally, the JSON of the
    /// same config run once (`runs: 1`), shown as the first run in detail.
    ///
    /// The single run is included only when its final totals equal run 1's in the Monte Carlo
    /// output (to the 6 decimals the JSON keeps); otherwise the page says why it is missing.
    /// - Throws: ``ReportInputError`` when either text is not the expected simulation output.
    public static func monteCarloReport(json: String, firstRunJSON: String?, title: String? = nil, registry: ScoringRegistry,
                                        defaultFormulas: [String: String] = [:]) throws(ReportInputError) -> MonteCarloReport {
        var report = try MonteCarloReport(json: json, title: title)
        report.formulas = FormulaInfo.describe(report.formulas, with: registry, defaults: defaultFormulas)
        guard let firstRunJSON else { return report }
        let first = try simulationReport(json: firstRunJSON, registry: registry, defaultFormulas: defaultFormulas)
        let detailTotals = Dictionary(first.lastEpoch?.miners.map { ($0.id, $0.totalTao) } ?? [], uniquingKeysWith: { a, _ in a })
        let seed = report.runs.first?.seed
        if let run0 = try? runTotals(json: json), !run0.isEmpty,
           run0.allSatisfy({ id, total in detailTotals[id].map { abs($0 - total) <= 1e-6 } ?? false }) {
            report.firstRun = first
            report.firstRunNote = "Run 1 of \(report.runs.count)\(seed.map { " (seed \($0))" } ?? ""), epoch by epoch; every chart and table below is this single run, not a mean."
        } else {
            report.firstRunNote = "The single-run detail did not reproduce run 1's totals, so it is left out."
        }
        return report
    }

    /// Whether `json` is Monte Carlo output (a document with `runs` and `summary`).
    public static func isMonteCarlo(json: String) -> Bool {
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else { return false }
        return object["summary"] != nil && object["runs"] != nil
    }

    /// Run 1's `miner_total_tao` from Monte Carlo JSON.
    static func runTotals(json: String) throws -> [String: Double] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let first = (object?["runs"] as? [[String: Any]])?.first
        return (first?["miner_total_tao"] as? [String: Any] ?? [:]).compactMapValues { ($0 as? NSNumber)?.doubleValue }
    }

    /// Writes `html` to `path` durably (``ReportFile``), creating the directory.
    public static func write(_ html: String, to path: String) throws {
        try ReportFile.write(html, to: path)
    }
}
