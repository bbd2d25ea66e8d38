import Testing
import ReasonForge
import ScoringCore

/// Emission conservation across Eq. 1, 5 and 8 together, over random epochs of many sizes.
@Suite struct EmissionPropertyTests {
    static let minerRules: [any MinerEmissionFormula] = [ProportionalMinerEmission(), SoftmaxMinerEmission()]

    @Test(arguments: 0..<2)
    func minersPlusValidatorsReceiveTheWholeEmission(_ rule: Int) {
        var random = Xoshiro256(seed: 77 + UInt64(rule))
        let split = EmissionSplit()
        let peb = SqrtExcellenceBonus()
        let validators = ProportionalValidatorEmission()
        let reputation = ThresholdReputationMultiplier()
        for round in 0..<300 {
            let total = [1.0, 100, 250.5, 1e6][round % 4] * (0.5 + random.random())
            let miners = 1 + random.randbelow(300)
            let scores = (0..<miners).map { _ in round % 17 == 0 ? 0 : random.random() * 2 }
            let bonuses = (0..<miners).map { peb.bonus(rank: $0 + 1, streak: random.randbelow(30)) }
            let v = 1 + random.randbelow(64)
            let vas = (0..<v).map { _ in random.random() }
            let stakes = (0..<v).map { _ in Double(1 + random.randbelow(10_000)) }
            let reps = (0..<v).map { _ in reputation.multiplier(history: (0..<random.randbelow(40)).map { _ in random.random() }) }
            let shares = split.split(total: total)
            let m = Self.minerRules[rule].distribute(pool: shares.miners, scores: scores, bonuses: bonuses)
            let r = validators.distribute(pool: shares.validators, accuracy: vas, stakes: stakes, reputations: reps)
            let paid = m.reduce(0, +) + r.reduce(0, +)
            #expect(abs(paid - total) <= 1e-9 * total, "round \(round): paid \(paid) of \(total)")
            #expect(m.allSatisfy { $0 >= 0 && $0.isFinite } && r.allSatisfy { $0 >= 0 && $0.isFinite })
        }
    }

    @Test func rankBeyondKEarnsNoBonusAtAnyStreak() {
        let peb = SqrtExcellenceBonus()
        for rank in 11...40 { for streak in 0...30 { #expect(peb.bonus(rank: rank, streak: streak) == 0) } }
    }
}
