import Foundation

/// Runs a matrix plan: every (cell, seed) job through the pipeline its config selects, in parallel.
///
/// Jobs run concurrently (up to `maxConcurrency`, default all cores), but records reach the sink
/// in plan order and every job's result depends only on its own config and seed, so a parallel
/// run gives exactly the records of a serial one.
public struct MatrixRunner: Sendable {
    public var registry: ScoringRegistry
    public var maxConcurrency: Int
    public var loader: ConfigLoader

    /// - Parameter maxConcurrency: parallel jobs; `nil` uses every active core.
    public init(registry: ScoringRegistry, maxConcurrency: Int? = nil, loader: ConfigLoader = ConfigLoader()) {
        self.registry = registry
        self.maxConcurrency = max(1, maxConcurrency ?? ProcessInfo.processInfo.activeProcessorCount)
        self.loader = loader
    }

    /// One job of the plan.
    public struct Job: Sendable {
        public var cell: MatrixPlan.Cell
        public var seed: Int
        public var overrides: [String]
    }

    /// The jobs for `cells`, in order: each cell once per seed.
    public func jobs(_ plan: MatrixPlan, cells: [MatrixPlan.Cell]) -> [Job] {
        cells.flatMap { cell in
            plan.spec.seeds.map { seed in
                Job(cell: cell, seed: seed, overrides: plan.spec.overrides + cell.overrides + ["\(plan.spec.seedKey)=\(seed)"])
            }
        }
    }

    /// Loads a job's config and returns its resolved-config hash (used by `--resume`).
    public func configHash(_ plan: MatrixPlan, _ job: Job) throws -> String {
        let config = try ScoringConfig.load(file: plan.spec.baseConfig, overrides: job.overrides, registry: registry, loader: loader)
        return ContentHash.hex(config.resolved.jsonString(pretty: false))
    }

    /// Runs `jobs`, skipping those whose config hash is in `skip`, calling `sink` with each record in job order.
    /// - Parameter runDirectory: where each job's own outputs go (`<dir>/cell-N-seed-S`), or `nil`.
    public func run(_ plan: MatrixPlan, jobs: [Job], skip: Set<String> = [], runDirectory: String? = nil,
                    sink: @escaping @Sendable (MatrixRecord) throws -> Void) async throws -> [MatrixRecord] {
        let registry = self.registry
        let loader = self.loader
        let spec = plan.spec
        @Sendable func execute(_ job: Job) async -> MatrixRecord? {
            let assignments = job.cell.assignments.map { ($0.path, $0.value.jsonString(pretty: false)) }
            let config: ScoringConfig
            do {
                config = try ScoringConfig.load(file: spec.baseConfig, overrides: job.overrides, registry: registry, loader: loader)
            } catch {
                return MatrixRecord(cell: job.cell.index, seed: job.seed, label: job.cell.label, assignments: assignments,
                                    configHash: "", metrics: RunMetrics(), checks: [], error: "\(error)")
            }
            let hash = ContentHash.hex(config.resolved.jsonString(pretty: false))
            if skip.contains(hash) { return nil }
            let options = RunOptions(outputDirectory: runDirectory.map { "\($0)/cell-\(job.cell.index)-seed-\(job.seed)" },
                                     quiet: true, configPath: spec.baseConfig)
            do {
                let outcome = try await config.pipeline.run(options)
                let checks = (spec.expectations + config.expectations).map { e in
                    let r = e.check(outcome.metrics)
                    return MatrixRecord.Check(expectation: e.description, passed: r.passed, measured: r.measured, message: r.message)
                } + outcome.failedExpectations.map { MatrixRecord.Check(expectation: $0, passed: false, measured: nil, message: $0) }
                return MatrixRecord(cell: job.cell.index, seed: job.seed, label: job.cell.label, assignments: assignments,
                                    configHash: hash, metrics: outcome.metrics, checks: checks, error: nil)
            } catch {
                return MatrixRecord(cell: job.cell.index, seed: job.seed, label: job.cell.label, assignments: assignments,
                                    configHash: hash, metrics: RunMetrics(), checks: [], error: "\(error)")
            }
        }

        var records: [MatrixRecord] = []
        var pending: [Int: MatrixRecord?] = [:]
        var nextToEmit = 0
        try await withThrowingTaskGroup(of: (Int, MatrixRecord?).self) { group in
            var nextToStart = 0
            func startNext() {
                guard nextToStart < jobs.count else { return }
                let i = nextToStart
                let job = jobs[i]
                group.addTask { (i, await execute(job)) }
                nextToStart += 1
            }
            for _ in 0..<min(maxConcurrency, jobs.count) { startNext() }
            while let (i, record) = try await group.next() {
                pending[i] = .some(record)
                while let ready = pending[nextToEmit] {
                    pending[nextToEmit] = nil
                    if let r = ready {
                        try sink(r)
                        records.append(r)
                    }
                    nextToEmit += 1
                }
                startNext()
            }
        }
        return records
    }
}
