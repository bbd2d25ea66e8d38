import Testing
import ScoringCore
import ScoringTestKit
import Reputation

struct ReputationPolicyConformanceTests {
    static let registry = try! ScoringRegistry(modules: [ReputationModule()])

    @Test(arguments: registry.policyKeys)
    func everyPolicyKeepsTheContract(key: ComponentKey) {
        let checker = PolicyConformance(knownTiers: TierTable.miidPhase3.names, iterations: 200)
        #expect(checker.check(key, in: Self.registry) == [])
    }

    @Test func customTablesAndRangesKeepTheContract() throws {
        let checker = PolicyConformance(knownTiers: ["A", "Neutral", "Z"], iterations: 100)
        let p = TierClampPolicy(table: try TierTable(tiers: [.init(name: "A", multiplier: 1.5), .init(name: "Neutral", multiplier: 1),
                                                             .init(name: "Z", multiplier: 0.5)]),
                                scoreRange: 0.5...2.0)
        #expect(checker.check(p) == [])
        #expect(checker.check(LogScorePolicy(scoreRange: 0.1...3)) == [])
    }
}
