import Foundation
import Reputation
import ScoringCore
import Testing

@Suite("Policy building blocks: score maps, tier-map, blend")
struct PolicyBlockTests {
    let registry = try! ScoringRegistry(modules: [ReputationModule()])

    func policy(_ yaml: String) throws -> any WeightingPolicy {
        let reader = try ConfigReader(try ConfigLoader().parse(yaml: yaml, name: "p.yaml"))
        return try reader.component("policy", kind: .policy, default: "tier-clamp", in: registry, as: (any WeightingPolicy).self)
    }

    @Test("score maps: clamp, log10 and piecewise-linear by hand")
    func scoreMaps() throws {
        #expect(ClampScoreMap().factor(1.5) == 1.2 && ClampScoreMap().factor(0.5) == 0.8 && ClampScoreMap().factor(1.1) == 1.1)
        #expect(abs(Log10ScoreMap().factor(1.2) - (1 + log10(1.2))) < 1e-15)
        #expect(Log10ScoreMap().factor(0) == 0.8 && Log10ScoreMap().factor(100) == 1.2)
        let p = try PiecewiseLinearScoreMap(xs: [0, 1, 2], ys: [0.5, 1, 2])
        #expect(p.factor(-1) == 0.5 && p.factor(0.5) == 0.75 && p.factor(1.5) == 1.5 && p.factor(3) == 2)
        #expect(throws: TierTableError.self) { try PiecewiseLinearScoreMap(xs: [0, 0], ys: [1, 1]) }
    }

    @Test("tier-map: a Platinum tier above Diamond with a piecewise-linear score map")
    func tierMap() throws {
        let p = try policy("""
            policy:
              type: tier-map
              options:
                table: {Platinum: 1.25, Diamond: 1.15, Neutral: 1.0, Watch: 0.8}
                score_map: {type: piecewise-linear, options: {x: [0.0, 1.0, 2.0], y: [0.5, 1.0, 1.5]}}
            """)
        let r = try p.weigh([WeightingInput(miner: "a", baseReward: 2, reputation: MinerReputation(score: 1.5, tier: "Platinum"))])
        #expect(abs(r.entries[0].finalReward - 2 * 1.25 * 1.25) < 1e-12)
    }

    @Test("blend: online quality against reputation, weighted")
    func blend() throws {
        let p = try policy("""
            policy: {type: blend, options: {a: none, b: tier-clamp, weight_a: 0.3, weight_b: 0.7}}
            """)
        let r = try p.weigh([WeightingInput(miner: "a", baseReward: 1, reputation: MinerReputation(score: 1.4, tier: "Diamond"))])
        // 0.3 · 1 + 0.7 · (1 · 1.15 · 1.2) = 1.266
        #expect(abs(r.entries[0].finalReward - 1.266) < 1e-12)
        #expect(abs(r.entries[0].scoreFactor - 1.266) < 1e-12 && r.entries[0].tierFactor == 1)
    }

    @Test("the bundled building-blocks config differs from phase 3 in each block and loads")
    func bundledConfig() throws {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let node = try ConfigLoader().load(file: root.path + "/configs/reputation/building-blocks.yaml")
        let r = try ConfigReader(node).section("reputation")
        let p = try r.component("policy", kind: .policy, default: "tier-clamp", in: registry, as: (any WeightingPolicy).self)
        let blend = try #require(p as? BlendPolicy)
        let tierMap = try #require(blend.b as? TierMapPolicy)
        #expect(tierMap.table.names.first == "Platinum")
        #expect(tierMap.scoreMap is PiecewiseLinearScoreMap)
        #expect(blend.a is NoReputationPolicy)
    }
}
