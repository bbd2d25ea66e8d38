import Foundation

/// The most runs one command may start: a config's `runs:` or a matrix's cells × seeds × runs.
///
/// A config or matrix that would expand past it stops with an error before anything runs, so a
/// config taken from a stranger cannot queue a million simulations. The limit belongs to whoever
/// runs the tool, not to the config: it is set with `--max-runs N` or the `SCORING_MAX_RUNS`
/// environment variable (the flag wins), default ``defaultMaxRuns``.
public struct RunLimit: Sendable, Hashable {
    public static let defaultMaxRuns = 100_000
    public static let environmentVariable = "SCORING_MAX_RUNS"

    public var maxRuns: Int
    /// Where the limit came from, for the error message.
    public var source: String

    public init(maxRuns: Int, source: String) {
        self.maxRuns = maxRuns
        self.source = source
    }

    /// `--max-runs` if given, else `SCORING_MAX_RUNS`, else the default.
    public static func resolve(flag: Int?, environment: [String: String]) throws(ShardError) -> RunLimit {
        if let flag {
            guard flag >= 1 else { throw ShardError("--max-runs must be at least 1, found \(flag)") }
            return RunLimit(maxRuns: flag, source: "--max-runs \(flag)")
        }
        if let raw = environment[environmentVariable] {
            guard let n = Int(raw), n >= 1 else {
                throw ShardError("\(environmentVariable) must be a positive integer, found '\(raw)'")
            }
            return RunLimit(maxRuns: n, source: "\(environmentVariable)=\(n)")
        }
        return RunLimit(maxRuns: defaultMaxRuns, source: "the default; raise it with --max-runs N or \(environmentVariable)")
    }

    func error(_ what: String, runs: Int, at location: SourceLocation?, path: String) -> ConfigError {
        ConfigError(.outOfRange, at: location, path: path,
                    "\(what) expands to \(runs == Int.max ? "more than \(Int.max)" : String(runs)) runs, over the limit of "
                    + "\(maxRuns) runs (\(source)); nothing was started")
    }

    /// Checks a loaded config: its pipeline section's `runs` key (1 when absent).
    public func check(_ config: ScoringConfig) throws(ConfigError) {
        guard let node = config.resolved[config.pipelineName]?["runs"], let runs = node.intValue else { return }
        if runs > maxRuns {
            throw error("'\(config.path)'", runs: runs, at: node.location, path: "\(config.pipelineName).runs")
        }
    }

    /// Checks a matrix before its plan is expanded: cells (the product of its axes, less
    /// excludes) × seeds × the runs of one cell's config (the largest value when `runs` is an axis).
    public func check(_ spec: MatrixSpec, loader: ConfigLoader = ConfigLoader()) throws(ConfigError) {
        var product = 1
        var overflow = false
        for group in spec.groups {
            let (p, o) = product.multipliedReportingOverflow(by: group[0].values.count)
            product = p
            overflow = overflow || o
        }
        var perJob = 1
        let axisRuns = spec.groups.joined().filter { $0.path.hasSuffix(".runs") }.flatMap { $0.values.compactMap(\.intValue) }
        if let largest = axisRuns.max() {
            perJob = largest
        } else if let base = try? loader.load(file: spec.baseConfig, overrides: spec.overrides),
                  let pipeline = base["pipeline"]?.stringValue, let runs = base[pipeline]?["runs"]?.intValue {
            perJob = max(1, runs)
        }
        func total(_ cells: Int) -> Int {
            let (a, o1) = cells.multipliedReportingOverflow(by: spec.seeds.count)
            let (b, o2) = a.multipliedReportingOverflow(by: perJob)
            return o1 || o2 ? Int.max : b
        }
        let location = spec.resolved["matrix"]?.location ?? SourceLocation(file: spec.file, line: 1, column: 1)
        let bound = overflow ? Int.max : total(product)
        guard bound > maxRuns else { return }
        // Excludes can only remove cells: count them exactly when the product is small enough to expand.
        if !overflow, !spec.excludes.isEmpty, product <= 4 * maxRuns {
            let exact = total(MatrixPlan(spec: spec).cells.count)
            if exact <= maxRuns { return }
            throw error("matrix '\(spec.file)' (\(exact / max(1, spec.seeds.count * perJob)) cells × \(spec.seeds.count) seeds × \(perJob) runs)",
                        runs: exact, at: location, path: "matrix")
        }
        throw error("matrix '\(spec.file)' (\(overflow ? "over \(Int.max)" : String(product)) cells × \(spec.seeds.count) seeds × \(perJob) runs)",
                    runs: bound, at: location, path: "matrix")
    }
}
