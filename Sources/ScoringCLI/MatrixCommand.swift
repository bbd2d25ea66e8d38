public import ArgumentParser
import Foundation
import Reports
import ScoringCore

/// `scoring matrix FILE` and `scoring matrix merge DIR…`.
public struct MatrixCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "matrix",
        abstract: "Run a config matrix (axes × seeds) in parallel, check expectations, write comparison outputs.",
        subcommands: [Run.self, Merge.self],
        defaultSubcommand: Run.self
    )
    public init() {}

    public struct Run: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run a matrix file; exits non-zero when a run fails or an expectation does not hold.")
        @Argument(help: "The matrix file.") public var file: String
        @Option(name: .shortAndLong, help: "Output directory (default: out/matrix/<file name>).") public var output: String?
        @Flag(help: "Print the expanded plan and exit.") public var dryRun = false
        @Option(help: "Run only shard k of n (1-based), e.g. --shard 2/4, for CI fan-out.") public var shard: String?
        @Flag(help: "Skip runs whose resolved-config hash already has results in the output directory.") public var resume = false
        @Option(help: "Parallel jobs (default: all cores).") public var jobs: Int?
        @Flag(help: "Less output.") public var quiet = false
        @Option(help: "Also write a self-contained HTML report comparing the cells to this path.") public var report: String?
        public init() {}

        public func run() async throws {
            let registry = try BuiltInModules.registry()
            let spec: MatrixSpec
            do { spec = try MatrixSpec.load(file: file) } catch { printError(error.description); throw ExitCode(1) }
            let plan = MatrixPlan(spec: spec)
            var cells = plan.cells
            if let shard {
                let parts = shard.split(separator: "/").compactMap { Int($0) }
                guard parts.count == 2, parts[1] >= 1, (1...parts[1]).contains(parts[0]) else {
                    throw ValidationError("--shard takes k/n with 1 ≤ k ≤ n, e.g. 1/4; found '\(shard)'")
                }
                cells = plan.shard(parts[0], of: parts[1])
            }
            let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
            let runner = MatrixRunner(registry: registry, maxConcurrency: jobs)
            let jobList = runner.jobs(plan, cells: cells)
            if dryRun {
                print("matrix \(file): base \(spec.baseConfig), \(plan.cells.count) cells × \(spec.seeds.count) seeds = \(plan.cells.count * spec.seeds.count) runs\(shard.map { " (shard \($0): \(cells.count) cells)" } ?? "")")
                for cell in cells {
                    print("  cell \(cell.index): \(cell.label)   seeds \(spec.seeds.map(String.init).joined(separator: ","))")
                }
                for e in spec.expectations { print("  expect \(e)") }
                return
            }
            let out = MatrixOutput(directory: output ?? "out/matrix/\(name)")
            // Opened first: a record torn by a crash is cut off before the resume reads the records.
            let writer = try out.openResults(truncate: !resume)
            let previous = resume ? try out.existingRecords() : []
            let skip = Set(previous.map(\.configHash).filter { !$0.isEmpty })
            let quiet = self.quiet
            let total = jobList.count
            let counter = Counter()
            let fresh = try await runner.run(plan, jobs: jobList, skip: skip, runDirectory: "\(out.directory)/runs") { record in
                writer.append(record)
                let n = counter.next()
                if !quiet {
                    printError("[\(n)/\(total)] cell \(record.cell) seed \(record.seed): \(record.passed ? "ok" : "FAILED\(record.error.map { " — \($0)" } ?? "")")")
                }
            }
            writer.close()
            if let failure = writer.failure { throw failure }
            let summary = MatrixSummary(records: previous + fresh)
            let markdown = try out.writeSummaries(summary, name: name, tableMetrics: spec.tableMetrics)
            if let report {
                let facts = [ReportField("matrix", file), ReportField("base config", "\(spec.baseConfig)")]
                try ReportAdapter.write(ReportRenderer.html(MatrixReport(summary: summary, title: "Matrix: \(name)", run: facts)), to: report)
                printError("wrote \(report)")
            }
            print(markdown)
            if resume, !previous.isEmpty { printError("resumed: \(previous.count) earlier runs kept, \(fresh.count) new") }
            printError("wrote \(out.directory)/{results.jsonl,summary.csv,junit.xml,comparison.md}")
            let failed = summary.failedRuns
            if !failed.isEmpty {
                printError("\(failed.count) run(s) failed:")
                for r in failed.prefix(20) {
                    let why = r.error ?? r.checks.filter { !$0.passed }.map(\.message).joined(separator: "; ")
                    printError("  - cell \(r.cell) [\(r.label)] seed \(r.seed): \(why)")
                }
                throw ExitCode(2)
            }
        }
    }

    public struct Merge: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Combine the results of matrix shards into one set of outputs.")
        @Argument(help: "Shard output directories (each with results.jsonl).") public var directories: [String]
        @Option(name: .shortAndLong, help: "Where to write the merged outputs.") public var output: String
        @Option(help: "Name used in junit.xml and the table title.") public var name = "matrix"
        @Option(parsing: .upToNextOption, help: "Metrics shown in the comparison table.") public var metrics: [String] = []
        @Option(help: "Also write a self-contained HTML report comparing the cells to this path.") public var report: String?
        public init() {}

        public func run() async throws {
            var byKey: [String: MatrixRecord] = [:]
            for dir in directories {
                for r in try MatrixOutput.readRecords("\(dir)/results.jsonl") { byKey["\(r.cell)/\(r.seed)"] = r }
            }
            let summary = MatrixSummary(records: Array(byKey.values))
            let out = MatrixOutput(directory: output)
            let writer = try out.openResults(truncate: true)
            for r in summary.records { writer.append(r) }
            writer.close()
            print(try out.writeSummaries(summary, name: name, tableMetrics: metrics.isEmpty ? nil : metrics))
            if let report {
                let facts = [ReportField("merged from", directories.joined(separator: ", "))]
                try ReportAdapter.write(ReportRenderer.html(MatrixReport(summary: summary, title: "Matrix: \(name)", run: facts)), to: report)
                printError("wrote \(report)")
            }
            if !summary.failedRuns.isEmpty { throw ExitCode(2) }
        }
    }
}

/// A thread-safe counter for progress lines.
final class Counter: @unchecked Sendable {
    // @unchecked: `value` is only touched under `lock`.
    private var value = 0
    private let lock = NSLock()
    func next() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value }
}
