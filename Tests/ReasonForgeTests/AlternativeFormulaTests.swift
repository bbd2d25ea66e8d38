import Foundation
import Testing
import ReasonForge
import ScoringCore

/// Hand-calculated values for the alternatives to the reference formulas.
@Suite struct AlternativeFormulaTests {
    func near(_ a: Double, _ b: Double, _ tol: Double = 1e-12) -> Bool { abs(a - b) <= tol }

    @Test func medianConsensusTakesTheStakeWeightedMedian() {
        let f = MedianConsensus()
        #expect(f.consensus(scores: [], stakes: []) == 0)
        #expect(f.consensus(scores: [0.3, 0.7], stakes: [0, 0]) == 0)
        #expect(f.consensus(scores: [0.2, 0.8, 0.5], stakes: [1, 1, 2]) == 0.5)
        #expect(f.consensus(scores: [0.2, 0.8], stakes: [1, 1]) == 0.5)            // exactly half: midpoint
        #expect(f.consensus(scores: [0.1, 0.9, 0.95], stakes: [10, 1, 1]) == 0.1)  // a stake majority decides
        #expect(f.consensus(scores: [0.0, 0.4, 0.6], stakes: [0, 1, 1]) == 0.5)    // zero stake has no say
        #expect(f.consensus(scores: [0.9, 0.3, 0.3, 0.3, 0.0], stakes: [1, 1, 1, 1, 1]) == 0.3)
        #expect(f.consensus(scores: [0.42], stakes: [7]) == 0.42)
    }

    @Test func meanConsensusIsThePlainStakeWeightedMean() {
        let f = MeanConsensus()
        #expect(f.consensus(scores: [], stakes: []) == 0)
        #expect(f.consensus(scores: [0.5], stakes: [0]) == 0)
        #expect(near(f.consensus(scores: [0.2, 0.8, 0.5], stakes: [1, 1, 2]), 0.5))
        #expect(near(f.consensus(scores: [0, 1], stakes: [3, 1]), 0.25))
        #expect(near(f.consensus(scores: [0, 0, 1, 1, 1], stakes: [1, 1, 1, 1, 1]), 0.6))  // nothing trimmed
    }

    @Test func linearBonusGrowsLinearlyToTheCap() {
        let f = LinearExcellenceBonus()
        #expect(near(f.bonus(rank: 1, streak: 10), 0.5))
        #expect(near(f.bonus(rank: 2, streak: 4), 0.1))
        #expect(f.bonus(rank: 1, streak: 15) == f.bonus(rank: 1, streak: 10))
        #expect(f.bonus(rank: 11, streak: 4) == 0)
        #expect(f.bonus(rank: 1, streak: 0) == 0)
        #expect(f.bonus(rank: 1, streak: 2) < SqrtExcellenceBonus().bonus(rank: 1, streak: 2))
    }

    @Test func softmaxEmissionFavoursHigherScoresAndConserves() {
        let f = SoftmaxMinerEmission()
        #expect(f.distribute(pool: 90, scores: [], bonuses: []) == [])
        #expect(f.distribute(pool: 90, scores: [0, 0, 0], bonuses: [0, 0, 0]) == [30, 30, 30])
        let r = f.distribute(pool: 90, scores: [1, 0], bonuses: [0, 0])
        #expect(near(r[0], 90 * exp(10) / (exp(10) + 1), 1e-9))
        #expect(near(r[0] + r[1], 90))
        let hot = SoftmaxMinerEmission(temperature: 1000).distribute(pool: 90, scores: [1, 0], bonuses: [0, 0])
        #expect(abs(hot[0] - 45) < 0.05)
        let cold = SoftmaxMinerEmission(temperature: 1e-6).distribute(pool: 90, scores: [1, 0.5], bonuses: [0, 0])
        #expect(cold == [90, 0])  // no overflow even at a tiny temperature
    }

    @Test func groundTruthPenaltyMeasuresTheShortfall() {
        let f = GroundTruthTrapPenalty()
        #expect(f.penalty(trapScores: [], groundTruths: []) == 1)
        #expect(f.penalty(trapScores: [1.0], groundTruths: [0.95]) == 1)  // above the truth is not penalised
        #expect(f.penalty(trapScores: [0.5], groundTruths: [1.0]) == 0.5)
        #expect(near(f.penalty(trapScores: [0.5, 0.9], groundTruths: [1.0, 0.9]), 0.75))
        #expect(f.penalty(trapScores: [0.4], groundTruths: []) == 0.4)  // a missing truth counts 1.0
        let symmetric = GroundTruthTrapPenalty(penalizeOvershoot: true)
        #expect(near(symmetric.penalty(trapScores: [1.0], groundTruths: [0.9]), 0.9))
    }

    @Test func alternativesFillTheSameRolesAsTheReference() throws {
        let registry = try ScoringRegistry(modules: [ReasonForgeModule()])
        #expect(registry.formulaKeys(role: .consensus) == ["consensus-mean", "consensus-median", "consensus-trimmed-mean"])
        #expect(registry.formulaKeys(role: .excellenceBonus) == ["peb-linear", "peb-sqrt"])
        #expect(registry.formulaKeys(role: .minerEmission) == ["miner-emission-proportional", "miner-emission-softmax"])
        #expect(registry.formulaKeys(role: .trapPenalty) == ["trap-penalty-ground-truth", "trap-penalty-threshold"])
    }
}
