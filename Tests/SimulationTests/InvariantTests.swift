import ReasonForge
import ScoringCore
import Testing
@testable import Simulation

/// A miner emission formula that pays out only half the pool: breaks conservation on purpose.
struct LeakyMinerEmission: MinerEmissionFormula {
    static let descriptor = ComponentDescriptor(key: "leaky-emission", kind: .formula, summary: "pays half the pool")
    init(parameters: ParameterValues) throws {}
    func distribute(pool: Double, scores: [Double], bonuses: [Double]) -> [Double] {
        scores.map { _ in pool / 2 / Double(scores.count) }
    }
}

/// A VAS formula that returns NaN.
struct BrokenAccuracy: ValidatorAccuracyFormula {
    static let descriptor = ComponentDescriptor(key: "broken-vas", kind: .formula, summary: "NaN")
    init(parameters: ParameterValues) throws {}
    func accuracy(scores: [Double], consensus: [Double]) -> Double { .nan }
}

struct TestFormulasModule: ScoringModule {
    var name: String { "test" }
    func register(into registry: inout ScoringRegistry) throws {
        try registry.register(LeakyMinerEmission.self)
        try registry.register(BrokenAccuracy.self)
    }
}

struct InvariantTests {
    func settings(_ formulas: String) throws -> SimulationSettings {
        let registry = try ScoringRegistry(modules: [ReasonForgeModule(), SimulationModule(), TestFormulasModule()])
        let node = try ConfigLoader().parse(yaml: "pipeline: simulation\nsimulation:\n  epochs: 3\n  formulas:\n" + formulas, name: "inline")
        let loaded = try ScoringConfig.load(node: node, path: "inline.yaml", registry: registry)
        return (loaded.pipeline as! SimulationPipeline).settings
    }

    @Test func nonConservingMinerEmissionStopsTheRunNamingEpochAndFormula() throws {
        let s = try settings("    miner-emission: leaky-emission\n")
        do {
            _ = try SimulationRunner.run(s)
            Issue.record("the run did not stop")
        } catch let error as SimulationError {
            #expect(error.epoch == 1)
            #expect(error.component == "leaky-emission")
            #expect(error.role == .minerEmission)
            #expect(error.description.contains("not conserved"))
        }
    }

    @Test func nanAccuracyStopsTheRun() throws {
        let s = try settings("    validator-accuracy: broken-vas\n")
        #expect(throws: SimulationError(epoch: 1, component: "broken-vas", role: .validatorAccuracy,
                                        message: "VAS of v-001 is nan, outside [0, 1]")) {
            _ = try SimulationRunner.run(s)
        }
    }
}
