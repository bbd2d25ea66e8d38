import Foundation
import Reputation
import ScoringCore
import Testing

@Suite("Policy building blocks: score maps, tier-map, blend, emission split")
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

    func emission(_ yaml: String) throws -> EmissionSplit {
        let reader = try ConfigReader(try ConfigLoader().parse(yaml: yaml, name: "e.yaml"))
        return try reader.component("emission", kind: .emissionSplit, default: EmissionSplit.allToMinersKey, in: registry,
                                    as: EmissionSplit.self)
    }

    @Test("emission split: burn UID and pools get their shares exactly, the miners the rest")
    func emissionSplit() throws {
        let e = try emission("""
            emission:
              type: burn-and-pools
              options:
                burn_uid: 0
                burn: 0.2
                pools: [{name: treasury, uids: [1], share: 0.1}, {name: reviewers, uids: [2, 3], share: 0.1}]
            """)
        #expect(abs(e.minerShare - 0.6) < 1e-15)
        #expect(e.reservedUIDs == [0, 1, 2, 3])
        // Miner rewards total 3: each reserve's amount is 3 · s / 0.6 (burn 1.0, treasury 0.5, reviewers 0.25 each).
        let r = e.reservedAmounts(minerTotal: 3)
        #expect(r.map(\.uid) == [0, 1, 2, 3])
        #expect(r.map(\.label) == ["burn", "treasury", "reviewers", "reviewers"])
        let expected = [1.0, 0.5, 0.25, 0.25]
        for (a, b) in zip(r.map(\.amount), expected) {
            let d: Double = abs(a - b)
            #expect(d < 1e-12)
        }
        // Normalised with the miners' 3, the reserves hold 0.4 of the weight.
        let reservedTotal: Double = r.map(\.amount).reduce(0, +)
        let reservedFraction: Double = reservedTotal / (3 + reservedTotal)
        #expect(abs(reservedFraction - 0.4) < 1e-12)
        // No miner reward: everything to the reserves, in their ratios.
        #expect(e.reservedAmounts(minerTotal: 0).map(\.amount) == [0.2, 0.1, 0.05, 0.05])
        #expect(EmissionSplit.allToMiners.reservedAmounts(minerTotal: 5).isEmpty)
        #expect(try emission("other: 1") == .allToMiners)
    }

    @Test("emission split: shares of 1 or more, a UID reserved twice, a pool without UID are refused with their location")
    func emissionSplitErrors() throws {
        for (yaml, words) in [
            ("emission: {type: burn-and-pools, options: {burn: 0.7, pools: [{name: p, uids: [1], share: 0.3}]}}", "add up to 1"),
            ("emission: {type: burn-and-pools, options: {burn: 0.1, pools: [{name: p, uids: [0], share: 0.1}]}}", "reserved twice"),
            ("emission: {type: burn-and-pools, options: {pools: [{name: p, uids: [], share: 0.1}]}}", "names no UID"),
            ("emission: {type: burn-and-pools, options: {pools: [{name: p, uids: [1], share: 0.1, extra: 2}]}}", "extra"),
            ("emission: {type: burn-and-pools, options: {burn: 1.5}}", "burn"),
        ] {
            #expect {
                _ = try emission(yaml)
            } throws: { error in
                let text = "\(error)"
                return text.contains("e.yaml:1") && text.contains(words)
            }
        }
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
        let split = try r.component("emission", kind: .emissionSplit, default: EmissionSplit.allToMinersKey, in: registry,
                                    as: EmissionSplit.self)
        #expect(split.burnUID == 200 && split.burnShare == 0.1 && split.pools.count == 2)
        #expect(abs(split.minerShare - 0.8) < 1e-12)
    }
}
