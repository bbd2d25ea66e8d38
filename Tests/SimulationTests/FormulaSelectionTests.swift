import ReasonForge
import ScoringCore
import ScoringTestKit
@testable import Simulation
import Testing

/// The engine runs the formula in each slot of ``FormulaSet``, through its role protocol, whatever
/// its type or however it got there.
@Suite struct FormulaSelectionTests {
    /// Every slot wrapped in a ``RecordingFormula``: another type, with only the scalar methods, so
    /// the engine gets each role's batch from the protocol's default (one scalar call per item).
    static func wrapped(_ formulas: FormulaSet, log: FormulaCallLog) -> FormulaSet {
        var f = formulas
        func emissionSplit<F: EmissionSplitFormula>(_ x: F) -> any EmissionSplitFormula { RecordingFormula(x, log: log) }
        f.emissionSplit = emissionSplit(f.emissionSplit)
        func compositeScore<F: CompositeScoreFormula>(_ x: F) -> any CompositeScoreFormula { RecordingFormula(x, log: log) }
        f.compositeScore = compositeScore(f.compositeScore)
        func epochScore<F: EpochScoreFormula>(_ x: F) -> any EpochScoreFormula { RecordingFormula(x, log: log) }
        f.epochScore = epochScore(f.epochScore)
        func excellenceBonus<F: ExcellenceBonusFormula>(_ x: F) -> any ExcellenceBonusFormula { RecordingFormula(x, log: log) }
        f.excellenceBonus = excellenceBonus(f.excellenceBonus)
        func minerEmission<F: MinerEmissionFormula>(_ x: F) -> any MinerEmissionFormula { RecordingFormula(x, log: log) }
        f.minerEmission = minerEmission(f.minerEmission)
        func breakthrough<F: BreakthroughFormula>(_ x: F) -> any BreakthroughFormula { RecordingFormula(x, log: log) }
        f.breakthrough = breakthrough(f.breakthrough)
        func validatorAccuracy<F: ValidatorAccuracyFormula>(_ x: F) -> any ValidatorAccuracyFormula { RecordingFormula(x, log: log) }
        f.validatorAccuracy = validatorAccuracy(f.validatorAccuracy)
        func validatorEmission<F: ValidatorEmissionFormula>(_ x: F) -> any ValidatorEmissionFormula { RecordingFormula(x, log: log) }
        f.validatorEmission = validatorEmission(f.validatorEmission)
        func trapPenalty<F: TrapPenaltyFormula>(_ x: F) -> any TrapPenaltyFormula { RecordingFormula(x, log: log) }
        f.trapPenalty = trapPenalty(f.trapPenalty)
        func slashing<F: SlashingFormula>(_ x: F) -> any SlashingFormula { RecordingFormula(x, log: log) }
        f.slashing = slashing(f.slashing)
        func objectiveScore<F: ObjectiveScoreFormula>(_ x: F) -> any ObjectiveScoreFormula { RecordingFormula(x, log: log) }
        f.objectiveScore = objectiveScore(f.objectiveScore)
        func consensus<F: ConsensusFormula>(_ x: F) -> any ConsensusFormula { RecordingFormula(x, log: log) }
        f.consensus = consensus(f.consensus)
        func finalScore<F: FinalScoreFormula>(_ x: F) -> any FinalScoreFormula { RecordingFormula(x, log: log) }
        f.finalScore = finalScore(f.finalScore)
        func reputationMultiplier<F: ReputationMultiplierFormula>(_ x: F) -> any ReputationMultiplierFormula { RecordingFormula(x, log: log) }
        f.reputationMultiplier = reputationMultiplier(f.reputationMultiplier)
        return f
    }

    /// The defaults' batch bodies and their scalar methods (through the protocols' default batches)
    /// give the very same reports, bit for bit, for both generators — all fourteen slots, and every
    /// one of them is really called.
    @Test(arguments: ["xoshiro", "python-compat"])
    func batchBodiesEqualScalarCallsInTheEngine(generator: String) throws {
        let settings = try TestSupport.settings("  epochs: 6\n  generator: \(generator)\n  trap_rate: 0.3\n")
        let direct = try SimulationRunner.run(settings, keepHistory: true)

        let log = FormulaCallLog()
        var called = settings
        called.formulas = Self.wrapped(settings.formulas, log: log)
        let viaScalars = try SimulationRunner.run(called, keepHistory: true)

        let methods = Set(log.calls.map(\.method))
        #expect(methods == ["split", "compositeScore", "epochScore", "bonus", "distribute", "apply", "accuracy", "penalty",
                            "slash", "objectiveScore", "consensus", "finalScore", "multiplier"],
                "\(methods.sorted())")  // `distribute` is both emission roles
        #expect(log.calls(to: "distribute").count == 2 * 6)
        #expect(direct.history.count == 6)
        #expect(direct.history == viaScalars.history)
    }

    /// A Swift caller who loads the default config and then assigns another consensus formula gets
    /// that formula: the results change, and equal those of a config that selects it.
    @Test(arguments: ["xoshiro", "python-compat"])
    func assigningAConsensusFromSwiftChangesTheResults(generator: String) throws {
        let settings = try TestSupport.settings("  epochs: 8\n  generator: \(generator)\n")
        let defaults = try SimulationRunner.run(settings, keepHistory: true)

        var assigned = settings
        assigned.formulas.consensus = MedianConsensus()
        let viaSwift = try SimulationRunner.run(assigned, keepHistory: true)
        #expect(viaSwift.history != defaults.history)
        #expect(viaSwift.history.last?.miners.map(\.sEpoch) != defaults.history.last?.miners.map(\.sEpoch))

        let configured = try TestSupport.settings("  epochs: 8\n  generator: \(generator)\n  formulas:\n    consensus: consensus-median\n")
        let viaConfig = try SimulationRunner.run(configured, keepHistory: true)
        #expect(viaSwift.history == viaConfig.history)

        // And a trimmed mean with other options, assigned from Swift, is the one that runs.
        var trimmed = settings
        trimmed.formulas.consensus = TrimmedMeanConsensus(trimFraction: 0.3, minValidators: 3)
        let viaOptions = try SimulationRunner.run(trimmed, keepHistory: true)
        #expect(viaOptions.history != defaults.history)
    }

    /// The same on two threads: the draw thread's scorer uses the assigned formula too.
    @Test func assignedFormulasRunOnBothThreads() throws {
        var settings = try TestSupport.settings("  epochs: 20\n  validators_per_task: 5\n")
        settings.formulas.consensus = MedianConsensus()
        settings.formulas.minerEmission = SoftmaxMinerEmission()
        let one = try SimulationRunner.run(settings, keepHistory: true, threads: 1)
        let two = try SimulationRunner.run(settings, keepHistory: true, threads: 2)
        #expect(one.history == two.history)
        let defaults = try SimulationRunner.run(try TestSupport.settings("  epochs: 20\n  validators_per_task: 5\n"), keepHistory: true)
        #expect(one.history != defaults.history)
    }
}
