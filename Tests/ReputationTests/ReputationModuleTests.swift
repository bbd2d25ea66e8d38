import Testing
import ScoringCore
import Reputation

private func load(_ yaml: String) throws -> (any WeightingPolicy, ConfigNode) {
    let registry = try ScoringRegistry(modules: [ReputationModule()])
    let node = try ConfigLoader().parse(yaml: yaml, name: "test.yaml")
    let reader = try ConfigReader(node)
    let policy = try reader.component("policy", kind: .policy, default: "tier-clamp", in: registry,
                                      as: (any WeightingPolicy).self)
    try reader.finish()
    return (policy, reader.resolved)
}

struct ReputationModuleTests {
    @Test func registersItsComponents() throws {
        let registry = try ScoringRegistry(modules: [ReputationModule()])
        #expect(registry.policyKeys == ["blend", "log-score", "none", "tier-clamp", "tier-map"])
        #expect(registry.keys(.scoreMap) == ["clamp", "log10", "piecewise-linear"])
        #expect(registry.keys(.tierTable) == ["inline", "miid-phase3"])
        #expect(registry.keys(.tierAssignment) == ["miid-phase3"])
        let table: TierTable = try registry.make(.tierTable, "miid-phase3")
        #expect(table == .miidPhase3)
        #expect(registry.descriptors(.policy).allSatisfy { $0.module == "reputation" })
    }

    @Test func defaultPolicyIsTheSeed() throws {
        let (policy, resolved) = try load("policy: tier-clamp\n")
        let p = try #require(policy as? TierClampPolicy)
        #expect(p.table == .miidPhase3)
        #expect(p.scoreRange == 0.8...1.2)
        #expect(resolved["policy"]?["options"]?["score_min"]?.doubleValue == 0.8)
    }

    @Test func clampRangeAndInlineTableFromConfig() throws {
        let (policy, _) = try load("""
            policy:
              type: tier-clamp
              options:
                score_min: 0.5
                score_max: 1.5
                table: {Gold: 1.3, Neutral: 1.0, Watch: 0.5}
            """)
        let p = try #require(policy as? TierClampPolicy)
        #expect(p.scoreRange == 0.5...1.5)
        #expect(p.table.names == ["Gold", "Neutral", "Watch"])
        let r = try p.weigh([input(1, 1.4, "Gold")])
        #expect(r.entries[0].finalReward == 1.3 * 1.4)
    }

    @Test func inlineTableSelection() throws {
        let (policy, _) = try load("""
            policy:
              type: log-score
              options:
                table:
                  type: inline
                  options: {tiers: {A: 2.0, Neutral: 1.0}}
            """)
        let p = try #require(policy as? LogScorePolicy)
        #expect(p.table.multiplier(for: "A") == 2.0)
    }

    @Test func badOptionsAreLocated() throws {
        let e1 = try #require(throws: ConfigError.self) {
            try load("policy: {type: tier-clamp, options: {score_min: 1.3}}\n")
        }
        #expect(e1.message.contains("score_max"))
        #expect(e1.location?.line == 1)
        let e2 = try #require(throws: ConfigError.self) {
            try load("policy: {type: tier-clamp, options: {table: {Gold: -1}}}\n")
        }
        #expect(e2.message.contains("Gold"))
        let e3 = try #require(throws: ConfigError.self) {
            try load("policy: {type: tier-clamp, options: {table: platinum}}\n")
        }
        #expect(e3.choices.contains("miid-phase3"))
        let e4 = try #require(throws: ConfigError.self) { try load("policy: tier-clmap\n") }
        #expect(e4.suggestion == "tier-clamp")
    }

    @Test func tablesResolveWithoutTheModuleInstalled() throws {
        let p = try TierClampPolicy(parameters: .defaults(for: TierClampPolicy.descriptor.parameters))
        #expect(p.table == .miidPhase3)
    }
}

struct TierAssignmentTests {
    @Test(arguments: [(1.5, "Diamond"), (1.4, "Diamond"), (1.39, "Gold"), (1.2, "Gold"), (1.1, "Silver"),
                      (1.0, "Bronze"), (0.99, "Neutral"), (0.9, "Neutral"), (0.89, "Watch"), (0.0, "Watch")])
    func seedThresholds(score: Double, tier: String) {
        #expect(TierAssignment.miidPhase3.tier(for: score) == tier)
    }

    @Test func thresholdsOverridable() throws {
        let registry = try ScoringRegistry(modules: [ReputationModule()])
        let node = try ConfigLoader().parse(yaml: "a: {type: miid-phase3, options: {diamond: 2.0}}\n", name: "t.yaml")
        let a = try ConfigReader(node).component("a", kind: .tierAssignment, default: nil, in: registry,
                                                 as: TierAssignment.self)
        #expect(a.tier(for: 1.5) == "Gold")
        #expect(a.tier(for: 2.0) == "Diamond")
        let bad = try ConfigLoader().parse(yaml: "a: {type: miid-phase3, options: {neutral: 1.05}}\n", name: "t.yaml")
        #expect(throws: ConfigError.self) {
            try ConfigReader(bad).component("a", kind: .tierAssignment, default: nil, in: registry, as: TierAssignment.self)
        }
    }
}
