import Testing
import ReasonForge
import ScoringCore
import ScoringTestKit

/// Every formula and domain the ReasonForge module registers passes the TestKit's conformance checks.
@Suite struct ConformanceTests {
    static let registry = try! ScoringRegistry(modules: [ReasonForgeModule()])

    @Test(arguments: registry.formulaKeys)
    func formulaConforms(_ key: ComponentKey) {
        let problems = FormulaConformance().check(key, in: Self.registry)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test(arguments: registry.domainKeys)
    func domainConforms(_ key: ComponentKey) {
        let problems = DomainConformance().check(key, in: Self.registry)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// The simulator calls batch methods; the scalar ones must agree with them bit for bit.
    @Test(arguments: registry.formulaKeys)
    func formulaBatchesAsItScores(_ key: ComponentKey) {
        let problems = BatchConformance().check(key, in: Self.registry)
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    /// The fourteen roles each have a default (the formulas the batch check covers above), and
    /// non-default parameters keep batch and scalar equal too (trimming from three validators).
    @Test func everyRoleIsCoveredByTheBatchCheck() throws {
        let defaults = ReasonForgeModule.referenceFormulas.map { $0.role }
        #expect(Set(defaults) == Set(FormulaRole.builtIn))
        #expect(BatchConformance().check(TrimmedMeanConsensus(trimFraction: 0.2, minValidators: 3)).isEmpty)
        #expect(BatchConformance().check(ThresholdReputationMultiplier(window: 3)).isEmpty)
        #expect(BatchConformance().check(QuadraticSlashing(window: 2)).isEmpty)
    }

    /// A batch that disagrees with its scalar method is reported.
    @Test func batchConformanceCatchesADisagreement() {
        struct Skewed: FinalScoreFormula {
            static let descriptor = ComponentDescriptor(key: "skewed", kind: .formula, summary: "test", equation: "F", parameters: [])
            init(parameters: ParameterValues) throws {}
            init() {}
            func finalScore(objective: Double, consensus: Double) -> Double { objective }
            func finalScores(objective: Span<Double>, consensus: Span<Double>, into scores: inout MutableSpan<Double>) {
                for i in 0..<objective.count { scores[i] = consensus[i] }
            }
        }
        #expect(BatchConformance().check(Skewed()).contains { $0.contains("batch method") })
    }

    @Test func theRegistryReportsEveryFormulaTheModuleDeclares() {
        let declared = (ReasonForgeModule.referenceFormulas + ReasonForgeModule.alternativeFormulas).map { $0.descriptor.key }
        #expect(Set(Self.registry.formulaKeys) == Set(declared))
        #expect(Self.registry.formulaKeys.count == 19)
    }

    @Test func conformanceCatchesABrokenFormula() {
        // The symmetric ground-truth penalty falls when a trap score overshoots its truth: the checker must say so.
        let problems = FormulaConformance().check(GroundTruthTrapPenalty(penalizeOvershoot: true))
        #expect(problems.contains { $0.contains("must not fall") })
    }
}
