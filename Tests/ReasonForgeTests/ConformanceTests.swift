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
