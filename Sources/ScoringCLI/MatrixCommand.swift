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
        @Option(help: ArgumentHelp("Run only shard k of n (1-based), e.g. --shard 2/4 for a CI matrix, or 'auto' to read it from a Slurm job array or a Kubernetes Indexed Job. With 'auto' (or no --output) the shard writes into OUTPUT/shard-k-of-n.", valueName: "k/n|auto")) public var shard: String?
        @Flag(help: "Skip runs whose resolved-config hash already has results in the output directory.") public var resume = false
        @Option(parsing: .unconditional, help: "Parallel jobs (default: all cores).") public var jobs: Int?
        @Option(parsing: .unconditional, help: "Refuse a matrix of more runs than this (default \(RunLimit.defaultMaxRuns), or $\(RunLimit.environmentVariable)).") public var maxRuns: Int?
        @Flag(help: "Less output.") public var quiet = false
        @Option(help: "Also write a self-contained HTML report comparing the cells to this path.") public var report: String?
        public init() {}

        /// Where a run writes: `--output` as given, except that `--shard auto` (every task of an array
        /// gets the same command line) and a shard without `--output` write into `shard-k-of-n` below it.
        static func directory(output: String?, name: String, shard: String?, assignment: ShardAssignment?) -> String {
            let base = output ?? "out/matrix/\(name)"
            guard let assignment, shard == "auto" || output == nil else { return base }
            return "\(base)/\(assignment.directoryName)"
        }

        public func run() async throws {
            let registry = try BuiltInModules.registry()
            let spec: MatrixSpec
            do { spec = try MatrixSpec.load(file: file) } catch { printError(error.description); throw ExitCode(1) }
            let environment = ProcessInfo.processInfo.environment
            do {
                try RunLimit.resolve(flag: maxRuns, environment: environment).check(spec)
            } catch let error as ConfigError {
                printError(error.description)
                throw ExitCode(1)
            } catch { throw ValidationError("\(error)") }
            let plan = MatrixPlan(spec: spec)
            var cells = plan.cells
            var assignment: ShardAssignment?
            if let shard {
                do { assignment = try ShardAssignment.parse(shard, environment: environment) } catch {
                    throw ValidationError(error.message)
                }
                cells = plan.cells.filter { assignment!.owns($0.index) }
            }
            let name = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
            let runner = MatrixRunner(registry: registry, maxConcurrency: jobs)
            let jobList = runner.jobs(plan, cells: cells)
            if dryRun {
                print("matrix \(file): base \(spec.baseConfig), \(plan.cells.count) cells × \(spec.seeds.count) seeds = \(plan.cells.count * spec.seeds.count) runs\(assignment.map { " (shard \($0) from \($0.source): \(cells.count) cells)" } ?? "")")
                for cell in cells {
                    print("  cell \(cell.index): \(cell.label)   seeds \(spec.seeds.map(String.init).joined(separator: ","))")
                }
                for e in spec.expectations { print("  expect \(e)") }
                return
            }
            let out = MatrixOutput(directory: Self.directory(output: output, name: name, shard: shard, assignment: assignment))
            let planHash: String
            do { planHash = try plan.planHash() } catch { printError(error.description); throw ExitCode(1) }
            let me = assignment ?? (try! ShardAssignment(index: 1, count: 1))
            var manifest = ShardManifest(kind: .matrix, planHash: planHash, shard: me, items: plan.cells.count * spec.seeds.count,
                                         complete: false, seeds: spec.seeds, cellsDiffer: spec.cellsDiffer)
            if let existing = try ShardManifest.read(from: out.directory), resume,
               existing.planHash != planHash || existing.shard != me {
                throw ValidationError("--resume: '\(out.directory)' holds shard \(existing.shard) of plan \(existing.planHash.prefix(12)), "
                                      + "not shard \(me) of plan \(planHash.prefix(12)); the matrix or its base config changed")
            }
            try manifest.write(into: out.directory)
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
            manifest.complete = true
            try manifest.write(into: out.directory)
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
            // `cells differ` needs every cell: checked here for a whole matrix, by `merge` for shards.
            let alike = me.count == 1 ? CellsDiffer.failures(summary.records, axes: spec.cellsDiffer) : []
            for message in alike { printError("expect FAILED: cells differ: \(message)") }
            let failed = summary.failedRuns
            if !alike.isEmpty && failed.isEmpty { throw ExitCode(2) }
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
            let set: ShardSet
            do { set = try ShardSet(directories: ShardSet.expand(directories), kind: .matrix) } catch let error as ShardError {
                printError(error.description)
                throw ExitCode(1)
            }
            var byKey: [String: MatrixRecord] = [:]
            var present = Set<Int>()
            let seeds = set.manifests[0].seeds
            for dir in set.directories {
                for r in try MatrixOutput.readRecords("\(dir)/results.jsonl") {
                    byKey["\(r.cell)/\(r.seed)"] = r
                    if let s = seeds.firstIndex(of: r.seed) { present.insert(r.cell * seeds.count + s) }
                }
            }
            do {
                let n = max(1, seeds.count)
                try set.requireComplete(present: present, owner: { ($0 / n) % set.shardCount + 1 },
                                        describe: { "cell \($0 / n) seed \(seeds.isEmpty ? "?" : String(seeds[$0 % n]))" })
            } catch let error as ShardError {
                printError(error.description)
                throw ExitCode(1)
            }
            let summary = MatrixSummary(records: Array(byKey.values))
            let out = MatrixOutput(directory: output)
            try out.rewriteResults(summary.records)
            print(try out.writeSummaries(summary, name: name, tableMetrics: metrics.isEmpty ? nil : metrics))
            if let report {
                let facts = [ReportField("merged from", directories.joined(separator: ", "))]
                try ReportAdapter.write(ReportRenderer.html(MatrixReport(summary: summary, title: "Matrix: \(name)", run: facts)), to: report)
                printError("wrote \(report)")
            }
            let alike = CellsDiffer.failures(summary.records, axes: set.manifests[0].cellsDiffer)
            for message in alike { printError("expect FAILED: cells differ: \(message)") }
            if !summary.failedRuns.isEmpty || !alike.isEmpty { throw ExitCode(2) }
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
