import Foundation
public import ScoringCore

/// Mean, standard deviation and 95 % confidence interval of the mean of one quantity over runs.
public struct SummaryStatistic: Sendable, Hashable {
    public var mean: Double
    /// Sample standard deviation (n − 1); 0 for a single run.
    public var standardDeviation: Double
    /// `mean ∓ 1.96·sd/√n`.
    public var lower95: Double
    public var upper95: Double

    public init(_ values: [Double]) {
        let n = Double(values.count)
        var sum = 0.0
        for v in values { sum += v }
        mean = values.isEmpty ? 0 : sum / n
        var squares = 0.0
        for v in values { squares += (v - mean) * (v - mean) }
        standardDeviation = values.count > 1 ? (squares / (n - 1)).squareRoot() : 0
        let half = values.isEmpty ? 0 : 1.96 * standardDeviation / n.squareRoot()
        lower95 = mean - half
        upper95 = mean + half
    }
}

/// The outcome of a Monte Carlo simulation: every run's result (in run order) and summaries.
public struct MonteCarloResult: Sendable {
    /// One result per run, ordered by run index whatever order they finished in.
    public var runs: [RunResult]
    /// Total reward per miner over runs, roster order.
    public var minerTotals: [SummaryStatistic]
    /// Each ``SimulationMetrics`` metric over runs, by name.
    public var metrics: [String: SummaryStatistic]

    init(runs: [RunResult]) {
        self.runs = runs
        let minerCount = runs.first?.minerTotals.count ?? 0
        minerTotals = (0..<minerCount).map { m in SummaryStatistic(runs.map { $0.minerTotals[m] }) }
        var metrics: [String: SummaryStatistic] = [:]
        for name in SimulationMetrics.names { metrics[name] = SummaryStatistic(runs.map { $0.metrics[name]! }) }
        self.metrics = metrics
    }

    /// Metrics for `expect:` and matrices: for one run its ``SimulationMetrics`` plus
    /// `emission_conserved` (1: every epoch passed the conservation check) and `epochs`; over
    /// several runs each metric's mean under its own name, plus `<name>_sd`, `<name>_ci95_low`,
    /// `<name>_ci95_high`, and `runs`.
    public var runMetrics: ScoringCore.RunMetrics {
        var m = ScoringCore.RunMetrics()
        if runs.count == 1 {
            for (name, value) in runs[0].metrics.values { m[name] = value }
        } else {
            for name in SimulationMetrics.names {
                let s = metrics[name]!
                m[name] = s.mean
                m[name + "_sd"] = s.standardDeviation
                m[name + "_ci95_low"] = s.lower95
                m[name + "_ci95_high"] = s.upper95
            }
            m["runs"] = Double(runs.count)
        }
        m["emission_conserved"] = 1
        m["epochs"] = Double(runs.first?.finalReport.epoch ?? 0)
        return m
    }

    /// The values of metric `name` in run order, for assertions over runs.
    public func values(of name: String) -> [Double]? {
        guard SimulationMetrics.names.contains(name) else { return nil }
        return runs.map { $0.metrics[name]! }
    }
}

/// Runs `runs` independent simulations in parallel.
///
/// Run *r* uses the seeds of ``SeedPlan`` for run *r*, so each run's numbers depend only on the
/// config and *r*; results are collected by run index, so the outcome is identical on any number of
/// cores. At most `parallelism` runs (default: the active processor count) are in flight at once.
public enum MonteCarlo {
    public static func run(_ settings: SimulationSettings, runs: Int, parallelism: Int? = nil,
                           onRunFinished: (@Sendable (Int) -> Void)? = nil) async throws -> MonteCarloResult {
        let width = max(1, parallelism ?? ProcessInfo.processInfo.activeProcessorCount)
        var results = [RunResult?](repeating: nil, count: runs)
        try await withThrowingTaskGroup(of: RunResult.self) { group in
            var next = 0
            func launch() {
                let r = next
                next += 1
                group.addTask { try SimulationRunner.run(settings, run: r, keepHistory: false, threads: 1) }
            }
            while next < min(width, runs) { launch() }
            while let result = try await group.next() {
                results[result.run] = result
                onRunFinished?(result.run)
                if next < runs { launch() }
            }
        }
        return MonteCarloResult(runs: results.map { $0! })
    }

    /// Runs only the runs `runIndices` (a shard), calling `onRunFinished` with each result as it
    /// finishes (in any order) and keeping none; a run's numbers are the same as in a full run.
    public static func run(_ settings: SimulationSettings, runIndices: [Int], parallelism: Int? = nil,
                           onRunFinished: @escaping @Sendable (RunResult) throws -> Void) async throws {
        let width = max(1, parallelism ?? ProcessInfo.processInfo.activeProcessorCount)
        try await withThrowingTaskGroup(of: RunResult.self) { group in
            var next = 0
            func launch() {
                let r = runIndices[next]
                next += 1
                group.addTask { try SimulationRunner.run(settings, run: r, keepHistory: false, threads: 1) }
            }
            while next < min(width, runIndices.count) { launch() }
            while let result = try await group.next() {
                try onRunFinished(result)
                if next < runIndices.count { launch() }
            }
        }
    }
}
