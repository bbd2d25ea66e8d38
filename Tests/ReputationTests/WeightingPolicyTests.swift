import Testing
import ScoringCore
import Reputation

func input(_ base: Double, _ score: Double, _ tier: String, miner: String = "m") -> WeightingInput {
    WeightingInput(miner: miner, baseReward: base, reputation: ScoringCore.MinerReputation(score: score, tier: tier))
}

struct TierClampMathTests {
    let policy = TierClampPolicy()

    @Test func neutralMinerIsUnchanged() throws {
        let r = try policy.weigh([input(0.73, 1.0, "Neutral")]).entries[0]
        #expect(r.finalReward == 0.73)
        #expect(r.bonus == 0)
        #expect(r.tierFactor == 1.0 && r.scoreFactor == 1.0)
    }

    @Test func diamondAtOnePointTwo() throws {
        let r = try policy.weigh([input(0.5, 1.2, "Diamond")]).entries[0]
        #expect(r.finalReward == 0.5 * 1.15 * 1.2)
        #expect(r.tierFactor == 1.15 && r.scoreFactor == 1.2)
        #expect(r.bonus == 0.5 * 1.15 * 1.2 - 0.5)
    }

    @Test func watchAtPointEight() throws {
        let r = try policy.weigh([input(0.5, 0.8, "Watch")]).entries[0]
        #expect(r.finalReward == 0.5 * 0.90 * 0.8)
    }

    @Test func scoreIsClampedBothWays() throws {
        let rs = try policy.weigh([input(1, 1.9, "Gold"), input(1, 0.1, "Bronze")]).entries
        #expect(rs[0].scoreFactor == 1.2)
        #expect(rs[0].finalReward == 1.10 * 1.2)
        #expect(rs[1].scoreFactor == 0.8)
        #expect(rs[1].finalReward == 1.02 * 0.8)
    }

    @Test(arguments: ["Diamond", "Gold", "Silver", "Bronze", "Neutral", "Watch"])
    func everySeedTierHasItsMultiplier(tier: String) throws {
        let expected: [String: Double] = ["Diamond": 1.15, "Gold": 1.10, "Silver": 1.05, "Bronze": 1.02,
                                          "Neutral": 1.00, "Watch": 0.90]
        let r = try policy.weigh([input(2, 1.0, tier)]).entries[0]
        #expect(r.tierFactor == expected[tier])
        #expect(!r.unknownTier)
    }

    @Test func unknownTierCountsAsNeutralAndIsCounted() throws {
        let result = try policy.weigh([input(1, 1.1, "Platinum"), input(1, 1.0, "gold"), input(1, 1.0, "Gold")])
        #expect(result.entries[0].tierFactor == 1.0)
        #expect(result.entries[0].finalReward == 1.1)
        #expect(result.entries[0].unknownTier)
        #expect(result.unknownTierCount == 2)
    }

    @Test(arguments: [Double.nan, .infinity, -0.1])
    func refusesBadBaseRewards(value: Double) {
        #expect(throws: WeightingError.self) { try policy.weigh([input(value, 1, "Neutral")]) }
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity, -1])
    func refusesBadScores(value: Double) throws {
        let error = try #require(throws: WeightingError.self) { try policy.weigh([input(1, value, "Gold", miner: "5Abc")]) }
        #expect(error.field == "rep_score")
        #expect(error.description.contains("5Abc"))
    }

    @Test func zeroBaseStaysZero() throws {
        #expect(try policy.weigh([input(0, 1.4, "Diamond")]).entries[0].finalReward == 0)
    }
}

struct OtherPolicyTests {
    @Test func logScoreFactor() throws {
        let p = LogScorePolicy()
        #expect(p.scoreFactor(1.0) == 1.0)
        #expect(p.scoreFactor(10) == 1.2)
        #expect(p.scoreFactor(0) == 0.8)
        #expect(abs(p.scoreFactor(1.1) - 1.0413926851582251) < 1e-12)
        let r = try p.weigh([input(1, 1.0, "Neutral"), input(2, 1.1, "Silver")]).entries
        #expect(r[0].finalReward == 1)
        #expect(abs(r[1].finalReward - 2 * 1.05 * 1.0413926851582251) < 1e-12)
    }

    @Test func noneLeavesRewardsAlone() throws {
        let r = try NoReputationPolicy().weigh([input(0.3, 1.5, "Diamond"), input(0.2, 0.5, "Nope")])
        #expect(r.entries.map(\.finalReward) == [0.3, 0.2])
        #expect(r.unknownTierCount == 1)
        #expect(throws: WeightingError.self) { try NoReputationPolicy().weigh([input(.nan, 1, "Neutral")]) }
    }
}
