import ScoringCore
import ReasonForge

/// The parameters of the per-submission formulas when they are the ReasonForge defaults, so the
/// hot loop can evaluate them in place instead of calling through an existential.
///
/// Each inline evaluation is the formula's own expression, operation for operation and in the
/// same order, so the results are identical bit for bit (the parity fixtures and
/// `InlineFormulaTests` check it). A `nil` slot means "call the configured formula".
struct InlineFormulas: Sendable {
    /// `WeightedObjectiveScore` (no parameters): `O = Σ_k w_k·check_k`, from 0.0, in check order.
    var objective: Bool
    /// `WeightedCompositeScore`'s weights.
    var composite: DimensionScores?
    /// `WeightedFinalScore`'s objective and consensus weights.
    var final: (objective: Double, consensus: Double)?
    /// `ThresholdBreakthrough`'s multiplier and threshold.
    var breakthrough: (multiplier: Double, threshold: Double)?

    /// `ThresholdTrapPenalty`'s threshold.
    var trapThreshold: Double?
    /// `DifficultyWeightedEpochScore`'s multipliers (difficulty 1, 2, …).
    var difficultyMultipliers: [Double]?
    /// `MeanAbsoluteValidatorAccuracy` (no parameters).
    var meanAbsoluteAccuracy: Bool

    /// Whether the epoch's trap penalties, epoch scores and validator accuracies can be computed
    /// from the engine's per-epoch logs (the three formulas are the defaults), so the per-miner and
    /// per-validator arrays those formulas take need not be built.
    var settlesOnLogs: Bool { trapThreshold != nil && difficultyMultipliers != nil && meanAbsoluteAccuracy }

    init(_ formulas: FormulaSet) {
        trapThreshold = (formulas.trapPenalty as? ThresholdTrapPenalty)?.threshold
        difficultyMultipliers = (formulas.epochScore as? DifficultyWeightedEpochScore)?.multipliers.map { $0 }
        meanAbsoluteAccuracy = formulas.validatorAccuracy is MeanAbsoluteValidatorAccuracy
        objective = formulas.objectiveScore is WeightedObjectiveScore
        composite = (formulas.compositeScore as? WeightedCompositeScore)?.weights
        final = (formulas.finalScore as? WeightedFinalScore).map { ($0.objectiveWeight, $0.consensusWeight) }
        breakthrough = (formulas.breakthrough as? ThresholdBreakthrough).map { ($0.multiplier, $0.threshold) }
    }

    /// `WeightedCompositeScore.compositeScore` with weights `w`.
    @inline(__always)
    static func composite(_ w: DimensionScores, _ d: DimensionScores) -> Double {
        w.quality * d.quality + w.accuracy * d.accuracy + w.novelty * d.novelty + w.efficiency * d.efficiency
    }
}

/// Per-run copies of the tables the hot loop reads, in raw buffers owned by one engine.
///
/// Nothing here points into values shared with other runs, so runs on different threads never
/// touch (or reference-count) the same memory in the loop. ``EngineTables/free()`` releases them.
struct EngineTables {
    let domainBonus: UnsafeMutablePointer<Double>      // minerCount × domainCount
    let base: UnsafeMutablePointer<DimensionScores>
    let noise: UnsafeMutablePointer<Double>
    let stakes: UnsafeMutablePointer<Double>
    let validatorBias: UnsafeMutablePointer<Double>
    let validatorNoise: UnsafeMutablePointer<Double>
    /// Every domain's check weights, one after the other; domain `d` starts at `weightOffset[d]`.
    let weights: UnsafeMutablePointer<Double>
    let weightOffset: UnsafeMutablePointer<Int>
    let weightCount: UnsafeMutablePointer<Int>
    /// For three validators per submission and at most ``TrimmedMeanKernel/tripleTableLimit``
    /// validators: the consensus weights `stake/Σstake` of every ordered triple `(a, b, c)` at
    /// `3·(a·n² + b·n + c)`, computed as the kernel computes them (see
    /// ``TrimmedMeanKernel/consensus3(scores:weights:)``); `nil` otherwise.
    let tripleWeights: UnsafeMutablePointer<Double>?
    let validatorCount: Int

    init(domainBonus: [Double], base: [DimensionScores], noise: [Double], stakes: [Double], validatorBias: [Double],
         validatorNoise: [Double], checkWeights: [[Double]], validatorsPerSubmission: Int) {
        func copy<T>(_ a: [T]) -> UnsafeMutablePointer<T> {
            let p = UnsafeMutablePointer<T>.allocate(capacity: max(1, a.count))
            p.initialize(from: a, count: a.count)
            return p
        }
        self.domainBonus = copy(domainBonus)
        self.base = copy(base)
        self.noise = copy(noise)
        self.stakes = copy(stakes)
        self.validatorBias = copy(validatorBias)
        self.validatorNoise = copy(validatorNoise)
        weights = copy(checkWeights.flatMap { $0 })
        var offsets: [Int] = []
        var total = 0
        for w in checkWeights { offsets.append(total); total += w.count }
        weightOffset = copy(offsets)
        weightCount = copy(checkWeights.map(\.count))
        let n = stakes.count
        validatorCount = n
        if validatorsPerSubmission == 3, n >= 3, n <= TrimmedMeanKernel.tripleTableLimit {
            let table = UnsafeMutablePointer<Double>.filled(0, count: 3 * n * n * n)
            for a in 0..<n {
                for b in 0..<n {
                    for c in 0..<n {
                        let w = TrimmedMeanKernel.weights3(stakes[a], stakes[b], stakes[c])
                        let slot = 3 * (a * n * n + b * n + c)
                        table[slot] = w.0
                        table[slot + 1] = w.1
                        table[slot + 2] = w.2
                    }
                }
            }
            tripleWeights = table
        } else {
            tripleWeights = nil
        }
    }

    func free() {
        domainBonus.deallocate(); base.deallocate(); noise.deallocate(); stakes.deallocate()
        validatorBias.deallocate(); validatorNoise.deallocate(); weights.deallocate(); weightOffset.deallocate()
        weightCount.deallocate()
        tripleWeights?.deallocate()
    }
}
