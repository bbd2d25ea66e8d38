import Testing
import ScoringCore
import ScoringTestKit

/// A Swift module can add a domain with behaviour: here the check results depend on difficulty,
/// which a YAML domain cannot express.
struct ProofAssistantDomain: TaskDomain {
    var key: ComponentKey { "proof-assistant" }
    var summary: String { "Machine-checked proofs: the kernel check fails on hard tasks unless quality is high" }
    var checks: [DomainCheck] { [DomainCheck("kernel", weight: 0.7), DomainCheck("readability", weight: 0.3)] }
    var templates: [TaskTemplate] { [TaskTemplate("Formalise and prove that every group of prime order is cyclic.")] }
    var traps: [TrapTemplate] { [TrapTemplate("Prove 1 + 1 = 2 in Peano arithmetic.", groundTruth: 1.0)] }

    /// The kernel either accepts (1) or rejects (0): above difficulty 6 it needs quality ≥ 0.8,
    /// otherwise ≥ 0.5. Readability is the mean of novelty and efficiency.
    func checkResults(for d: DimensionScores, difficulty: Int, into results: inout [Double]) {
        if results.count != 2 { results = [0, 0] }
        results[0] = d.quality >= (difficulty > 6 ? 0.8 : 0.5) ? 1 : 0
        results[1] = (d.novelty + d.efficiency) / 2
    }
}

struct ProofAssistantModule: ScoringModule {
    var name: String { "proof-assistant" }
    func register(into registry: inout ScoringRegistry) throws {
        try registry.register(domain: ProofAssistantDomain())
    }
}

@Suite struct CustomDomainTests {
    @Test func aModuleRegistersADomainWithItsOwnCheckResults() throws {
        let registry = try ScoringRegistry(modules: [ProofAssistantModule()])
        #expect(registry.domainKeys == ["proof-assistant"])
        #expect(try registry.descriptor(.domain, "proof-assistant").module == "proof-assistant")
        let domain = try registry.make(.domain, "proof-assistant", as: (any TaskDomain).self)
        var results: [Double] = []
        let d = DimensionScores(quality: 0.7, accuracy: 0, novelty: 0.4, efficiency: 0.6)
        domain.checkResults(for: d, difficulty: 3, into: &results)
        #expect(results == [1, 0.5])
        domain.checkResults(for: d, difficulty: 9, into: &results)
        #expect(results == [0, 0.5])
    }

    @Test func theCustomDomainPassesDomainConformance() throws {
        let registry = try ScoringRegistry(modules: [ProofAssistantModule()])
        #expect(DomainConformance().check("proof-assistant", in: registry).isEmpty)
    }

    @Test func domainConformanceReportsABrokenDomain() {
        struct Broken: TaskDomain {
            var key: ComponentKey { "broken" }
            var summary: String { "" }
            var checks: [DomainCheck] { [DomainCheck("a", weight: 0.6), DomainCheck("a", weight: 0.6)] }
            var templates: [TaskTemplate] { [] }
            var traps: [TrapTemplate] { [TrapTemplate("t", groundTruth: 1.5)] }
            func checkResults(for d: DimensionScores, difficulty: Int, into results: inout [Double]) { results = [2] }
        }
        let problems = DomainConformance().check(Broken())
        #expect(problems.count >= 5, "\(problems)")
        #expect(problems.contains { $0.contains("duplicate") })
        #expect(problems.contains { $0.contains("wrote 1 values for 2 checks") })
    }
}
