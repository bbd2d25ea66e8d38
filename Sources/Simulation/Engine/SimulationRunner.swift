import Foundation
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
    ///
    /// `threads`: 1 runs everything on the calling thread; 2 draws the epochs' random values ahead on
    /// a second thread (``DrawPipeline``); `nil` picks 2 when the machine has several cores and the
    /// run is long enough to gain from it. The results are identical whatever the choice.
    /// - Throws: ``SimulationError`` naming the epoch and formula when an invariant fails, or what
    ///   `observe` throws.
    public static func run(_ settings: SimulationSettings, run: Int = 0, keepHistory: Bool = false, threads: Int? = nil,
                           observe: (EpochReport) throws -> Void = { _ in }) throws -> RunResult {
        let shape = (threads ?? automaticThreads(settings)) >= 2 ? PipelineShape(settings) : nil
        return try Self.run(settings, run: run, keepHistory: keepHistory, shape: shape, observe: observe)
    }

    /// How a two-thread run divides its work (``DrawPipeline``).
    struct PipelineShape: Sendable {
        /// How many miners, from the end of the roster, the draw thread draws and scores.
        var producerMiners: Int
        /// Epochs the draw thread may run ahead.
        var slots: Int
        /// Whether the split, and whether two threads pay at all, is measured and corrected as the run goes.
        var adaptive = false

        /// The draw thread also seeds the epoch's generators, makes the tasks and samples every
        /// submission's validators and their noise; the run's thread copies and scores copycats,
        /// checks plagiarism and settles the epoch. The split gives each about half of the work.
        init(_ settings: SimulationSettings) {
            let miners = settings.roster.miners.count
            // A first guess for the first segment, measured and corrected after: with `python-compat` the
            // shared draws (CPython's seeding, Box–Muller noise) are most of the work, so a quarter of
            // the miners; with `xoshiro` the scoring weighs more, so half.
            producerMiners = settings.generator == .pythonCompat ? miners / 4 : miners / 2
            let perEpoch = EpochDraws.bytes(minerCount: miners, tasks: settings.tasksPerEpoch, k: settings.assignedValidators)
            slots = min(64, max(2, (8 << 20) / max(1, perEpoch)))
            adaptive = true
        }

        init(producerMiners: Int, slots: Int, adaptive: Bool = false) {
            self.producerMiners = producerMiners
            self.slots = slots
            self.adaptive = adaptive
        }

        /// Two threads are kept when their CPU time together is at least this multiple of the wall time.
        var minimumParallelism = 1.2
        /// The longest an adaptive segment is meant to take.
        static let segmentNanos = 250_000_000.0

        /// The number of producer miners that equalises the two threads' work, from one segment's
        /// measured busy times: each thread's fixed work (not proportional to its miners) plus a
        /// per-miner cost common to both.
        static func rebalance(miners: Int, producerMiners: Int, producerNanos: UInt64, producerMinerNanos: UInt64,
                              consumerNanos: UInt64, consumerMinerNanos: UInt64) -> Int {
            guard miners > 0 else { return 0 }
            let minerWork = Double(producerMinerNanos) + Double(consumerMinerNanos)
            guard minerWork > 0 else { return producerMiners }
            let perMiner = minerWork / Double(miners)
            let producerFixed = max(0, Double(producerNanos) - Double(producerMinerNanos))
            let consumerFixed = max(0, Double(consumerNanos) - Double(consumerMinerNanos))
            let x = (consumerFixed - producerFixed + perMiner * Double(miners)) / (2 * perMiner)
            guard x.isFinite else { return producerMiners }
            return min(miners, max(0, Int(x.rounded())))
        }
    }

    /// Runs run `run` on one thread (`shape == nil`) or two.
    static func run(_ settings: SimulationSettings, run: Int, keepHistory: Bool, shape: PipelineShape?,
                    observe: (EpochReport) throws -> Void = { _ in }) throws -> RunResult {
        let plan = SeedPlan(scheme: settings.seeding, seed: settings.seed, run: run)
        switch settings.generator {
        case .pythonCompat:
            return try drive(EpochEngine<PythonRandom>(settings: settings, plan: plan), run: run, keepHistory: keepHistory,
                             shape: shape, observe: observe)
        case .xoshiro:
            return try drive(EpochEngine<Xoshiro256>(settings: settings, plan: plan), run: run, keepHistory: keepHistory,
                             shape: shape, observe: observe)
        }
    }

    /// 2 when the machine has more than one core and the run is long enough to repay a second thread
    /// (at least 16 epochs, so the draw thread can run ahead, and epochs × tasks × miners ≥ 4,096); else 1.
    static func automaticThreads(_ settings: SimulationSettings) -> Int {
        guard ProcessInfo.processInfo.activeProcessorCount >= 2, settings.epochs >= 16 else { return 1 }
        let submissions = settings.epochs * settings.tasksPerEpoch * settings.roster.miners.count
        return submissions >= 4_096 ? 2 : 1
    }

    static func drive<R: NormalNoiseSource>(_ engine: EpochEngine<R>, run: Int, keepHistory: Bool, shape: PipelineShape?,
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
        // One epoch's bookkeeping after it is scored (shared by both ways of running).
        func record(_ report: EpochReport) throws {
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
        if let shape {
            // Segments of the run (32 epochs, then ×4, up to about a quarter of a second each when
            // adaptive). After each two-thread segment the miners are split again so that both threads
            // get the same measured work per epoch; when the threads did not really run at once (the
            // other cores are busy: their CPU time together is hardly more than the segment's wall
            // time), the next segments run on one thread, and two threads are tried again after 1,
            // 2, 4, then at most 8 one-thread segments.
            let pipeline = DrawPipeline(drawer: engine.drawer, scorer: engine.makeScorer(), slotCount: shape.slots,
                                        taskCapacity: settings.tasksPerEpoch)
            var producerMiners = min(engine.minerCount, max(0, shape.producerMiners))
            var first = 1
            var length = shape.adaptive ? 32 : settings.epochs
            var oneThreadSegments = 0
            var backoff = 1
            while first <= settings.epochs {
                let segment = first...min(settings.epochs, first + length - 1)
                let wallStart = DispatchTime.now().uptimeNanoseconds
                if oneThreadSegments > 0 {
                    for epoch in segment { try record(try engine.runEpoch(epoch)) }
                    oneThreadSegments -= 1
                } else {
                    let ownMiners = engine.minerCount - producerMiners
                    pipeline.start(epochs: segment, producerMiners: ownMiners..<engine.minerCount)
                    let cpuStart = threadCPUNanos()
                    var consumerNanos: UInt64 = 0
                    engine.ownMinerNanos = 0
                    do {
                        for (index, epoch) in segment.enumerated() {
                            let draws = pipeline.draws(index)
                            let start = DispatchTime.now().uptimeNanoseconds
                            let report = try engine.runEpoch(epoch, draws: draws, ownMiners: ownMiners)
                            pipeline.release(index)
                            try record(report)
                            consumerNanos += DispatchTime.now().uptimeNanoseconds - start
                        }
                    } catch {
                        pipeline.stop()
                        throw error
                    }
                    let producer = pipeline.stop()
                    if shape.adaptive {
                        producerMiners = PipelineShape.rebalance(
                            miners: engine.minerCount, producerMiners: producerMiners,
                            producerNanos: producer.totalNanos, producerMinerNanos: producer.minerNanos,
                            consumerNanos: consumerNanos, consumerMinerNanos: engine.ownMinerNanos)
                        let wall = DispatchTime.now().uptimeNanoseconds - wallStart
                        let cpu = producer.cpuNanos + (threadCPUNanos() - cpuStart)
                        if Double(cpu) < shape.minimumParallelism * Double(wall) {
                            oneThreadSegments = backoff
                            backoff = min(8, backoff * 2)
                        } else {
                            backoff = 1
                        }
                    }
                }
                let perEpoch = Double(DispatchTime.now().uptimeNanoseconds - wallStart) / Double(segment.count)
                first = segment.upperBound + 1
                if shape.adaptive {
                    length = min(length * 4, max(32, Int(PipelineShape.segmentNanos / max(1, perEpoch))))
                }
            }
        } else {
            for epoch in 1...settings.epochs { try record(try engine.runEpoch(epoch)) }
        }
        let miners = settings.roster.miners
        let totals = engine.minerTotals
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
                         validatorTotals: engine.validatorTotals, metrics: metrics)
    }
}
