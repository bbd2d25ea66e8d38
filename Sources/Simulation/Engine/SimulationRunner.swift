import ScoringCore
import ReasonForge

/// What one run of a simulation produced.
public struct RunResult: Sendable {
    /// Run index (0 for a single run).
    public var run: Int
    /// The seeds the run used.
    public var seeds: SeedPlan
    /// The last epoch's report.
    public var finalReport: EpochReport
    /// Every epoch's report, when history was asked for (otherwise empty).
    public var history: [EpochReport]
    /// Total reward per miner, roster order.
    public var minerTotals: [Double]
    /// Total reward per validator, roster order.
    public var validatorTotals: [Double]
    public var metrics: SimulationMetrics
}

/// Runs simulations: one run epoch by epoch, specialised for the configured generator.
public enum SimulationRunner {
    /// Runs run `run` of `settings`, calling `observe` after every epoch (for streaming output and
    /// progress). Keeps every report only when `keepHistory` is true, so memory does not grow with
    /// epochs otherwise.
    /// - Throws: ``SimulationError`` naming the epoch and formula when an invariant fails, or what
    ///   `observe` throws.
    public static func run(_ settings: SimulationSettings, run: Int = 0, keepHistory: Bool = false,
                           observe: (EpochReport) throws -> Void = { _ in }) throws -> RunResult {
        let plan = SeedPlan(scheme: settings.seeding, seed: settings.seed, run: run)
        switch settings.generator {
        case .pythonCompat:
            return try drive(EpochEngine<PythonRandom>(settings: settings, plan: plan), run: run, keepHistory: keepHistory, observe: observe)
        case .xoshiro:
            return try drive(EpochEngine<Xoshiro256>(settings: settings, plan: plan), run: run, keepHistory: keepHistory, observe: observe)
        }
    }

    static func drive<R: SimulationRandom>(_ engine: EpochEngine<R>, run: Int, keepHistory: Bool,
                                         observe: (EpochReport) throws -> Void) throws -> RunResult {
        let settings = engine.settings
        var history: [EpochReport] = []
        var last: EpochReport?
        // Two rank buffers swapped every epoch (no copy-on-write copy per epoch).
        var previousRanks = [Int](repeating: 0, count: engine.minerCount)
        var hasPrevious = false
        var ranks = [Int](repeating: 0, count: engine.minerCount)
        var stabilitySum = 0.0
        var stabilityCount = 0
        var slashed = 0.0
        for epoch in 1...settings.epochs {
            let report = try engine.runEpoch(epoch)
            for row in report.miners { ranks[row.miner] = row.rank }
            if hasPrevious {
                stabilitySum += SimulationMetrics.spearman(previousRanks, ranks)
                stabilityCount += 1
            }
            swap(&previousRanks, &ranks)
            hasPrevious = true
            for v in report.validators { slashed += v.slashed }
            try observe(report)
            if keepHistory { history.append(report) }
            last = report
        }
        let miners = settings.roster.miners
        let totals = engine.minerTotal
        let sum = totals.reduce(0, +)
        func share(_ include: (SimulatedMiner) -> Bool) -> Double {
            guard sum > 0 else { return 0 }
            var s = 0.0
            for (i, m) in miners.enumerated() where include(m) { s += totals[i] }
            return s / sum
        }
        let metrics = SimulationMetrics(
            gini: SimulationMetrics.gini(totals), adversarialShare: share { $0.tier == "adversarial" },
            copycatShare: share { $0.behaviour.isCopycat }, totalSlashed: slashed,
            rankStability: stabilityCount > 0 ? stabilitySum / Double(stabilityCount) : 1,
            tierRankCorrelation: SimulationMetrics.spearmanCorrelation(
                miners.map { 0.40 * $0.profile.quality + 0.30 * $0.profile.accuracy + 0.15 * $0.profile.novelty + 0.15 * $0.profile.efficiency },
                totals))
        return RunResult(run: run, seeds: engine.plan, finalReport: last!, history: history, minerTotals: totals,
                         validatorTotals: engine.validatorTotal, metrics: metrics)
    }
}
