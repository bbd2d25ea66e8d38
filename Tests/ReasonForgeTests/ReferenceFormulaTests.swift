import Foundation
import Testing
import ReasonForge
import ScoringCore

/// Hand-calculated values for each reference formula, boundaries included.
@Suite struct ReferenceFormulaTests {
    func near(_ a: Double, _ b: Double, _ tol: Double = 1e-12) -> Bool { abs(a - b) <= tol }

    // Eq. 1
    @Test func emissionSplitGivesNinetyAndTen() {
        let f = EmissionSplit()
        #expect(f.validatorShare == 0.10)
        #expect(f.split(total: 100) == EmissionShares(miners: 90, validators: 10))
        #expect(f.split(total: 0) == EmissionShares(miners: 0, validators: 0))
        let all = EmissionSplit(minerShare: 1)
        #expect(all.split(total: 7) == EmissionShares(miners: 7, validators: 0))
        let third = EmissionSplit(minerShare: 1.0 / 3.0).split(total: 250.5)
        #expect(near(third.miners + third.validators, 250.5, 250.5 * 1e-12))
    }

    // Eq. 2
    @Test func compositeScoreWeighsFourDimensions() throws {
        let f = try WeightedCompositeScore()
        #expect(f.compositeScore(DimensionScores(quality: 0, accuracy: 0, novelty: 0, efficiency: 0)) == 0)
        #expect(f.compositeScore(DimensionScores(quality: 1, accuracy: 1, novelty: 1, efficiency: 1)) == 1)
        #expect(near(f.compositeScore(DimensionScores(quality: 0.8, accuracy: 0.6, novelty: 0.4, efficiency: 0.2)), 0.59))
        #expect(near(f.compositeScore(DimensionScores(quality: 1, accuracy: 0, novelty: 0, efficiency: 0)), 0.40))
        #expect(near(f.compositeScore(DimensionScores(quality: 0, accuracy: 0, novelty: 0, efficiency: 1)), 0.15))
        #expect(throws: ConfigError.self) {
            try WeightedCompositeScore(weights: DimensionScores(quality: 0.5, accuracy: 0.5, novelty: 0.5, efficiency: 0))
        }
    }

    // Eq. 3
    @Test func epochScoreIsTheDifficultyWeightedMeanTimesPenalty() throws {
        let f = try DifficultyWeightedEpochScore()
        #expect(f.epochScore(scores: [], difficulties: [], trapPenalty: 1) == 0)
        #expect(near(f.epochScore(scores: [0.5, 0.8], difficulties: [2, 9], trapPenalty: 1), 1.05))
        #expect(near(f.epochScore(scores: [0.5, 0.8], difficulties: [2, 9], trapPenalty: 0.5), 0.525))
        #expect(f.epochScore(scores: [0.4], difficulties: [5], trapPenalty: 0) == 0)
        #expect((1...10).map(f.difficultyMultiplier) == [1.0, 1.0, 1.25, 1.25, 1.5, 1.5, 1.75, 1.75, 2.0, 2.0])
        #expect(f.difficultyMultiplier(0) == 1.0 && f.difficultyMultiplier(11) == 1.0)
        #expect(throws: ConfigError.self) { try DifficultyWeightedEpochScore(multipliers: []) }
    }

    // Eq. 4
    @Test func excellenceBonusFollowsRankAndCappedStreak() {
        let f = SqrtExcellenceBonus()
        #expect(f.bonus(rank: 1, streak: 1) == 0.2)
        #expect(near(f.bonus(rank: 2, streak: 4), 0.2))
        #expect(near(f.bonus(rank: 1, streak: 10), 0.2 * 10.0.squareRoot()))
        #expect(f.bonus(rank: 1, streak: 25) == f.bonus(rank: 1, streak: 10))
        #expect(f.bonus(rank: 10, streak: 3) > 0)
        #expect(f.bonus(rank: 11, streak: 3) == 0)  // rank beyond K
        #expect(f.bonus(rank: 0, streak: 3) == 0)
        #expect(f.bonus(rank: 1, streak: 0) == 0)
        #expect(f.bonus(rank: 1, streak: -2) == 0)
        #expect(f.topK == 10)
    }

    // Eq. 5
    @Test func minerEmissionIsProportionalAndConserving() {
        let f = ProportionalMinerEmission()
        #expect(f.distribute(pool: 90, scores: [1, 1], bonuses: [0.5, 0]) == [54, 36])
        #expect(f.distribute(pool: 90, scores: [0, 0, 0], bonuses: [0, 0, 0]) == [30, 30, 30])  // all-zero weights
        #expect(f.distribute(pool: 90, scores: [], bonuses: []) == [])
        #expect(f.distribute(pool: 90, scores: [0.3], bonuses: [0.2]) == [90])
        #expect(f.distribute(pool: 90, scores: [0, 2], bonuses: [1, 0]) == [0, 90])
        let huge = f.distribute(pool: 10, scores: [Double.greatestFiniteMagnitude, Double.greatestFiniteMagnitude], bonuses: [1, 1])
        #expect(huge == [5, 5])
    }

    // Eq. 6
    @Test func breakthroughDoublesOnlyUnsolvedTasksAboveThreshold() {
        let f = ThresholdBreakthrough()
        #expect(f.apply(cms: 0.9, previouslyUnsolved: true) == BreakthroughResult(score: 1.8, isBreakthrough: true))
        #expect(f.apply(cms: 0.8, previouslyUnsolved: true) == BreakthroughResult(score: 0.8, isBreakthrough: false))
        #expect(f.apply(cms: 0.95, previouslyUnsolved: false) == BreakthroughResult(score: 0.95, isBreakthrough: false))
        #expect(f.apply(cms: 1, previouslyUnsolved: true).score == 2)
    }

    // Eq. 7
    @Test func validatorAccuracyIsOneMinusMeanAbsoluteDeviation() {
        let f = MeanAbsoluteValidatorAccuracy()
        #expect(f.accuracy(scores: [], consensus: []) == 1)
        #expect(near(f.accuracy(scores: [0.5, 0.7], consensus: [0.6, 0.6]), 0.9))
        #expect(f.accuracy(scores: [0.3, 0.3], consensus: [0.3, 0.3]) == 1)
        #expect(f.accuracy(scores: [1, 1], consensus: [0, 0]) == 0)
    }

    // Eq. 8
    @Test func validatorEmissionWeighsAccuracyStakeAndReputation() {
        let f = ProportionalValidatorEmission()
        #expect(f.distribute(pool: 10, accuracy: [1, 0.5], stakes: [100, 200], reputations: [1.5, 1]) == [6, 4])
        #expect(f.distribute(pool: 10, accuracy: [0, 0], stakes: [100, 200], reputations: [1, 1]) == [5, 5])
        #expect(f.distribute(pool: 10, accuracy: [1, 1], stakes: [0, 0], reputations: [1, 1]) == [5, 5])
        #expect(f.distribute(pool: 10, accuracy: [], stakes: [], reputations: []) == [])
    }

    // Eq. 9
    @Test func trapPenaltyIsOneAboveThresholdAndLinearBelow() {
        let f = ThresholdTrapPenalty()
        #expect(f.penalty(trapScores: [], groundTruths: []) == 1)
        #expect(f.penalty(trapScores: [0.3], groundTruths: [1]) == 1)
        #expect(near(f.penalty(trapScores: [0.15], groundTruths: [1]), 0.5))
        #expect(f.penalty(trapScores: [0, 0], groundTruths: [1, 1]) == 0)
        #expect(f.penalty(trapScores: [0.1, 0.5], groundTruths: [1, 1]) == 1)
        #expect(f.penalty(trapScores: [1.0], groundTruths: [1]) == 1)
    }

    // Eq. 10
    @Test func slashingIsQuadraticBelowThreshold() {
        let f = QuadraticSlashing()
        #expect(f.slash(stake: 1000, history: []) == 0)
        #expect(f.slash(stake: 1000, history: [0.6]) == 0)
        #expect(near(f.slash(stake: 1000, history: [0.4]), 2.0))
        #expect(near(f.slash(stake: 1000, history: [0.0]), 18.0))
        #expect(f.slash(stake: 1000, history: [0] + Array(repeating: 0.6, count: 7)) == 0)  // window of 7
        #expect(near(f.slash(stake: 1000, history: Array(repeating: 0.6, count: 6) + [0]), 0.05 * 1000 * pow(0.6 - 3.6 / 7, 2)))
        #expect(f.slash(stake: 0, history: [0]) == 0)
        #expect(f.recentAccuracy([]) == 1)
    }

    // Eq. 11
    @Test func objectiveScoreWeighsChecksAndMissingOnesCountZero() {
        let f = WeightedObjectiveScore()
        #expect(near(f.objectiveScore(checks: [1, 0.5], weights: [0.6, 0.25, 0.15]), 0.725))
        #expect(f.objectiveScore(checks: [], weights: [0.6, 0.4]) == 0)
        #expect(f.objectiveScore(checks: [1, 1], weights: []) == 0)
        #expect(near(f.objectiveScore(checks: [1, 1], weights: [0.3, 0.7]), 1))
    }

    // Eq. 12
    @Test func consensusIsAStakeWeightedTrimmedMean() {
        let f = TrimmedMeanConsensus()
        #expect(f.consensus(scores: [], stakes: []) == 0)
        #expect(f.consensus(scores: [0.5, 0.7], stakes: [0, 0]) == 0)
        #expect(near(f.consensus(scores: [0.2, 0.8, 0.5], stakes: [1, 1, 2]), 0.5))
        #expect(f.consensus(scores: [0.42], stakes: [3]) == 0.42)
        // fewer than five validators: nothing trimmed
        #expect(near(f.consensus(scores: [0, 0, 1, 1], stakes: [1, 1, 1, 1]), 0.5))
        // five validators: one dropped at each end
        #expect(near(f.consensus(scores: [0, 0, 1, 1, 1], stakes: [1, 1, 1, 1, 1]), 2.0 / 3.0))
        #expect(near(f.consensus(scores: [1, 0.6, 0, 0.5, 0.4], stakes: [9, 1, 9, 1, 1]), 0.5))
        // twenty validators: two dropped at each end
        let scores = (0..<20).map { Double($0) / 19 }
        #expect(near(f.consensus(scores: scores, stakes: Array(repeating: 1, count: 20)), 0.5))
        #expect(near(f.consensus(scores: [0, 1, 0.3, 0.3, 0.3], stakes: [1, 1, 1, 1, 1]), 0.3))  // ties
    }

    /// Three validators (the reference's case) take a branch-free sort in the formula's batch body:
    /// it must give, bit for bit, the spec's steps done by hand (stake total, weights, stable sort
    /// by score, weight total and weighted sum in sorted order), with ties and zero stakes.
    @Test func threeValidatorConsensusFollowsTheSpecsStepsBitForBit() {
        let f = TrimmedMeanConsensus()
        var rng = Xoshiro256(seed: 7)
        for trial in 0..<20_000 {
            var scores = (0..<3).map { _ in trial % 5 == 0 ? Double(rng.randbelow(3)) / 2 : rng.random() }
            if trial % 7 == 0 { scores[2] = scores[0] }
            let stakes = (0..<3).map { i in trial % 13 == 0 || (trial % 3 == 0 && i == 1) ? 0 : Double(rng.randbelow(5000)) }
            var total = 0.0
            for s in stakes { total += s }
            var expected = 0.0
            if total > 0 {
                let order = [0, 1, 2].sorted { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
                var totalWeight = 0.0, weighted = 0.0, plain = 0.0
                for i in order {
                    totalWeight += stakes[i] / total
                    weighted += scores[i] * (stakes[i] / total)
                    plain += scores[i]
                }
                expected = totalWeight <= 0 ? plain / 3 : weighted / totalWeight
            }
            let got = f.consensus(scores: scores, stakes: stakes)
            #expect(got.bitPattern == expected.bitPattern, "scores \(scores), stakes \(stakes)")
        }
    }

    // Eq. 13
    @Test func finalScoreWeighsObjectiveAndConsensus() throws {
        let f = try WeightedFinalScore()
        #expect(f.finalScore(objective: 1, consensus: 0) == 0.6)
        #expect(f.finalScore(objective: 0, consensus: 1) == 0.4)
        #expect(near(f.finalScore(objective: 0.5, consensus: 1), 0.7))
        #expect(f.finalScore(objective: 1, consensus: 1) == 1)
        #expect(throws: ConfigError.self) { try WeightedFinalScore(objectiveWeight: 0.7, consensusWeight: 0.4) }
    }

    // Reputation multiplier
    @Test func reputationMultiplierRewardsHighRecentAccuracy() {
        let f = ThresholdReputationMultiplier()
        #expect(f.multiplier(history: []) == 1.5)  // mean taken as 1.0, as in the reference
        #expect(f.multiplier(history: [0.8]) == 1.0)
        #expect(f.multiplier(history: [0.5]) == 1.0)
        #expect(near(f.multiplier(history: [0.9]), 1.25))
        #expect(f.multiplier(history: [1, 1, 1]) == 1.5)
        #expect(near(f.multiplier(history: [0] + Array(repeating: 0.9, count: 30)), 1.25))  // window of 30
        #expect(f.window == 30)
    }
}

@Suite struct TrimmedMeanTieTests {
    @Test func aTieAtTheTrimBoundaryDoesNotDependOnValidatorOrder() {
        let f = TrimmedMeanConsensus()
        // Five validators: one is trimmed at each end. Two share the lowest score 0 with stakes 1 and 9.
        let a = f.consensus(scores: [0, 0, 0.5, 0.6, 1], stakes: [1, 9, 1, 1, 1])
        let b = f.consensus(scores: [0, 0, 0.5, 0.6, 1], stakes: [9, 1, 1, 1, 1])
        #expect(a == b)
        // The stake-9 zero is kept: (0·9 + 0.5 + 0.6) / 11.
        #expect(abs(a - 1.1 / 11) < 1e-12)
    }

    @Test func withoutASplitTieTheReferenceOrderIsKept() {
        let f = TrimmedMeanConsensus()
        #expect(abs(f.consensus(scores: [0.1, 0.2, 0.2, 0.2, 0.9], stakes: [5, 1, 2, 3, 5]) - 0.2) < 1e-15)
    }
}

@Suite struct TrimmedMeanBatchTests {
    /// The batch body over several submissions gives each submission the bits of the array entry
    /// point, ties and large rosters (the sorted path above 32 validators) included.
    @Test func batchAndArrayEntryPointsAgree() {
        let f = TrimmedMeanConsensus()
        var random = Xoshiro256(seed: 4)
        for trial in 0..<600 {
            let n = 1 + trial % 70, rows = 1 + trial % 4
            var scores = (0..<(n * rows)).map { _ in (random.random() * 8).rounded() / 8 }  // many ties
            if trial % 5 == 0 { scores = scores.map { _ in 0.5 } }
            let stakes = (0..<(n * rows)).map { _ in trial % 13 == 0 ? 0 : Double(random.randbelow(5000)) }
            var batch = [Double](repeating: .nan, count: rows)
            var out = batch.mutableSpan
            f.consensusScores(scores: scores.span, stakes: stakes.span, into: &out)
            for r in 0..<rows {
                let viaArray = f.consensus(scores: Array(scores[(r * n)..<(r * n + n)]), stakes: Array(stakes[(r * n)..<(r * n + n)]))
                #expect(batch[r].bitPattern == viaArray.bitPattern, "n=\(n) row \(r)")
            }
            var shuffled = Array(0..<n)
            random.shuffle(&shuffled)
            let row0 = f.consensus(scores: Array(scores[0..<n]), stakes: Array(stakes[0..<n]))
            let permuted = f.consensus(scores: shuffled.map { scores[$0] }, stakes: shuffled.map { stakes[$0] })
            #expect(abs(permuted - row0) <= 1e-12, "n=\(n)")
        }
    }
}
