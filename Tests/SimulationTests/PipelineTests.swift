import Foundation
import ReasonForge
import ScoringCore
import ScoringTestKit
import Testing
@testable import Simulation

/// A run on two threads (``DrawPipeline``: epochs drawn ahead on a second thread, miners split
/// between the threads) must give the very same reports, bit for bit, as the run on one thread,
/// whatever the split and however far ahead the draw thread may run.
@Suite struct PipelineTests {
    typealias Shape = SimulationRunner.PipelineShape

    static func compare(_ settings: SimulationSettings, shapes: [Shape]) throws {
        let single = try SimulationRunner.run(settings, run: 0, keepHistory: true, shape: nil)
        #expect(single.history.count == settings.epochs)
        for shape in shapes {
            let piped = try SimulationRunner.run(settings, run: 0, keepHistory: true, shape: shape)
            #expect(piped.history == single.history, "producer miners \(shape.producerMiners), slots \(shape.slots)")
            #expect(piped.minerTotals == single.minerTotals)
            #expect(piped.validatorTotals == single.validatorTotals)
            #expect(piped.metrics == single.metrics)
        }
    }

    static func shapes(miners: Int) -> [Shape] {
        [Shape(producerMiners: 0, slots: 2), Shape(producerMiners: 1, slots: 3), Shape(producerMiners: miners / 2, slots: 2),
         Shape(producerMiners: miners, slots: 5), Shape(producerMiners: miners / 4, slots: 64)]
    }

    @Test(arguments: ["xoshiro", "python-compat"])
    func defaultRosterGivesTheSameReportsOnTwoThreads(generator: String) throws {
        let settings = try TestSupport.settings("  epochs: 37\n  generator: \(generator)\n")
        try Self.compare(settings, shapes: Self.shapes(miners: settings.roster.miners.count))
    }

    @Test func referenceParityConfigGivesTheSameReportsOnTwoThreads() throws {
        let settings = try TestSupport.pipeline("configs/reasonforge/reference-parity.yaml", ["simulation.epochs=25"]).settings
        try Self.compare(settings, shapes: Self.shapes(miners: settings.roster.miners.count))
    }

    /// Copycats are copied and scored on the run's thread, after the draw thread scored the honest
    /// miners; plagiarism penalties apply in submission order.
    @Test(arguments: ["xoshiro", "python-compat"])
    func copycatsAndPlagiarismGiveTheSameReportsOnTwoThreads(generator: String) throws {
        let settings = try TestSupport.pipeline("configs/reasonforge/copycats.yaml",
                                                ["simulation.epochs=12", "simulation.generator=\(generator)"]).settings
        #expect(settings.roster.miners.contains { $0.behaviour.isCopycat })
        try Self.compare(settings, shapes: Self.shapes(miners: settings.roster.miners.count))
    }

    /// Formulas with only scalar methods (batches from the protocols' defaults) run on both threads.
    @Test func scalarOnlyFormulasGiveTheSameReportsOnTwoThreads() throws {
        var settings = try TestSupport.settings("  epochs: 15\n  trap_rate: 0.3\n  validators_per_task: 5\n")
        settings.formulas = FormulaSelectionTests.wrapped(settings.formulas, log: FormulaCallLog())
        try Self.compare(settings, shapes: [Shape(producerMiners: 6, slots: 2), Shape(producerMiners: 12, slots: 4)])
    }

    @Test func largeRosterGivesTheSameReportsOnTwoThreads() throws {
        let settings = try TestSupport.settings("""
              epochs: 4
              tasks_per_epoch: 16
              validators_per_task: 7
              miners: {tiers: {elite: 20, strong: 20, mid: 20, weak: 20, adversarial: 20}}
              validators: {profiles: {honest: 10, good: 10, lazy: 10, malicious: 10}}

            """)
        try Self.compare(settings, shapes: [Shape(producerMiners: 37, slots: 2), Shape(producerMiners: 100, slots: 3)])
    }

    /// Adaptive runs restart the pipeline after 32 and 32 + 256 epochs with a new split.
    @Test func adaptiveSegmentsGiveTheSameReports() throws {
        let settings = try TestSupport.settings("  epochs: 300\n  generator: python-compat\n")
        try Self.compare(settings, shapes: [Shape(producerMiners: 11, slots: 3, adaptive: true), Shape(settings)])
    }

    /// When the two threads did not run at once, adaptive runs continue on one thread for 1, 2, 4, …
    /// segments and then try two threads again: forced here by demanding an impossible parallelism,
    /// so segments alternate between one and two threads. The reports stay the same.
    @Test(arguments: ["xoshiro", "python-compat"])
    func fallingBackToOneThreadGivesTheSameReports(generator: String) throws {
        let settings = try TestSupport.settings("  epochs: 700\n  generator: \(generator)\n")
        var shape = Shape(producerMiners: 5, slots: 4, adaptive: true)
        shape.minimumParallelism = 100
        try Self.compare(settings, shapes: [shape])
    }

    /// Hand-calculated: producer 100 ns (40 on its miners), run thread 200 ns (60 on its miners), 12
    /// miners: 100/12 ns per miner; fixed work 60 and 140; x with 60 + x·100/12 = 140 + (12 − x)·100/12
    /// is 10.8, so 11 miners go to the producer.
    @Test func rebalanceEqualisesTheMeasuredWork() {
        #expect(Shape.rebalance(miners: 12, producerMiners: 3, producerNanos: 100, producerMinerNanos: 40,
                                consumerNanos: 200, consumerMinerNanos: 60) == 11)
        // Balanced already: unchanged.
        #expect(Shape.rebalance(miners: 10, producerMiners: 5, producerNanos: 100, producerMinerNanos: 50,
                                consumerNanos: 100, consumerMinerNanos: 50) == 5)
        // The run's thread has more fixed work than all miners together: every miner to the producer.
        #expect(Shape.rebalance(miners: 10, producerMiners: 5, producerNanos: 60, producerMinerNanos: 50,
                                consumerNanos: 1_000, consumerMinerNanos: 50) == 10)
        // No miner work measured (no miners drawn): unchanged.
        #expect(Shape.rebalance(miners: 10, producerMiners: 4, producerNanos: 60, producerMinerNanos: 0,
                                consumerNanos: 70, consumerMinerNanos: 0) == 4)
    }

    struct Stop: Error {}

    /// An error on the run's thread ends the run with that error; the draw thread is stopped and
    /// joined (the test would hang otherwise), whether it is waiting for a free slot or drawing.
    @Test(arguments: [1, 2, 9, 30])
    func anObserverErrorStopsBothThreads(at epoch: Int) throws {
        let settings = try TestSupport.settings("  epochs: 200\n")
        var seen = 0
        #expect(throws: Stop.self) {
            _ = try SimulationRunner.run(settings, run: 0, keepHistory: false, shape: Shape(producerMiners: 4, slots: 2)) { report in
                seen = report.epoch
                if report.epoch == epoch { throw Stop() }
            }
        }
        #expect(seen == epoch)
    }

    @Test func anInvariantFailureOnTwoThreadsNamesEpochAndFormula() throws {
        let s = try InvariantTests().settings("    validator-accuracy: broken-vas\n")
        #expect(throws: SimulationError(epoch: 1, component: "broken-vas", role: .validatorAccuracy,
                                        message: "VAS of v-001 is nan, outside [0, 1]")) {
            _ = try SimulationRunner.run(s, run: 0, keepHistory: false, shape: Shape(producerMiners: 6, slots: 2))
        }
    }

    /// Short runs stay on one thread; long ones use two when the machine has them.
    @Test func automaticThreadCount() throws {
        let short = try TestSupport.settings("  epochs: 3\n")
        #expect(SimulationRunner.automaticThreads(short) == 1)
        let long = try TestSupport.settings("  epochs: 500\n")
        #expect(SimulationRunner.automaticThreads(long) == (ProcessInfo.processInfo.activeProcessorCount >= 2 ? 2 : 1))
    }
}
