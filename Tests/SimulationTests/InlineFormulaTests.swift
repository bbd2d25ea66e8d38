import ReasonForge
import ScoringCore
import ScoringTestKit
@testable import Simulation
import Testing

/// The engine evaluates the default per-submission and settle formulas in place (``InlineFormulas``).
/// Wrapping each of them in a ``RecordingFormula`` (another type, so the engine must call it through
/// its role protocol) must give the very same reports, bit for bit, for both generators.
@Suite struct InlineFormulaTests {
    static func wrapped(_ formulas: FormulaSet, log: FormulaCallLog) throws -> FormulaSet {
        var f = formulas
        f.objectiveScore = RecordingFormula(try #require(f.objectiveScore as? WeightedObjectiveScore), log: log)
        f.compositeScore = RecordingFormula(try #require(f.compositeScore as? WeightedCompositeScore), log: log)
        f.finalScore = RecordingFormula(try #require(f.finalScore as? WeightedFinalScore), log: log)
        f.breakthrough = RecordingFormula(try #require(f.breakthrough as? ThresholdBreakthrough), log: log)
        f.trapPenalty = RecordingFormula(try #require(f.trapPenalty as? ThresholdTrapPenalty), log: log)
        f.epochScore = RecordingFormula(try #require(f.epochScore as? DifficultyWeightedEpochScore), log: log)
        f.validatorAccuracy = RecordingFormula(try #require(f.validatorAccuracy as? MeanAbsoluteValidatorAccuracy), log: log)
        return f
    }

    @Test(arguments: ["xoshiro", "python-compat"])
    func inlineEvaluationEqualsTheRegisteredFormulas(generator: String) throws {
        let settings = try TestSupport.settings("  epochs: 6\n  generator: \(generator)\n  trap_rate: 0.3\n")
        #expect(InlineFormulas(settings.formulas).settlesOnLogs)
        let inline = try SimulationRunner.run(settings, keepHistory: true)

        let log = FormulaCallLog()
        var called = settings
        called.formulas = try Self.wrapped(settings.formulas, log: log)
        let viaProtocols = InlineFormulas(called.formulas)
        #expect(!viaProtocols.objective && viaProtocols.composite == nil && !viaProtocols.settlesOnLogs)
        let reference = try SimulationRunner.run(called, keepHistory: true)

        #expect(!log.calls.isEmpty, "the wrapped formulas were not called")
        #expect(inline.history.count == 6)
        #expect(inline.history == reference.history)
    }
}
