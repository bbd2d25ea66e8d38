import ScoringCore
import ReasonForge

/// Scores submissions from an epoch's ``EpochDraws`` (step 3b up to the breakthrough multiplier):
/// objective score, the assigned validators' scores, consensus, final score, CMS and breakthrough.
///
/// A submission's score depends only on its own draws, so scoring is by miner range and the two
/// threads of a ``DrawPipeline`` run may each score their own miners. The results go into the
/// draws' per-submission slots (`cms` before any plagiarism penalty, `consensus`, `evalScores`,
/// `breakthrough`) and per-miner dimension sums; the engine later reads them in submission order,
/// so sums over submissions keep the spec's order. The default per-submission formulas are
/// evaluated in place (``InlineFormulas``, ``TrimmedMeanKernel``); others are called through their
/// role protocols.
///
/// One scorer per thread (it owns scratch buffers). `@unchecked Sendable` so the pipeline's thread
/// can own one: it is used by one thread at a time, and its formulas and tables are read-only.
final class SubmissionScorer: @unchecked Sendable {
    let formulas: FormulaSet
    let inline: InlineFormulas
    let table: EngineTables
    let domains: [any TaskDomain]
    let checkWeights: [[Double]]
    let defaultChecks: [Bool]
    let minerCount: Int
    let k: Int
    /// Per miner: whether it is a copycat; `nil` when the roster has none.
    let isCopycat: UnsafePointer<Bool>?
    private let evalStakes: UnsafeMutablePointer<Double>
    private let order: UnsafeMutablePointer<Int>
    private var checks: [Double] = []

    init(formulas: FormulaSet, table: EngineTables, domains: [any TaskDomain], checkWeights: [[Double]],
         defaultChecks: [Bool], minerCount: Int, k: Int, isCopycat: UnsafePointer<Bool>?) {
        self.isCopycat = isCopycat
        self.formulas = formulas
        inline = InlineFormulas(formulas)
        self.table = table
        self.domains = domains
        self.checkWeights = checkWeights
        self.defaultChecks = defaultChecks
        self.minerCount = minerCount
        self.k = k
        evalStakes = .filled(0, count: k)
        order = .filled(0, count: 2 * k)
    }

    deinit {
        evalStakes.deallocate()
        order.deallocate()
    }

    @inline(__always)
    static func clamp01(_ x: Double) -> Double { max(0.0, min(1.0, x)) }

    /// Scores, task by task, every submission of the honest miners in `miners` (or of the copycats,
    /// when `copycats`) — their dimensions must be in `draws` — and sets those miners' dimension sums.
    func score(_ miners: Range<Int>, draws: EpochDraws, copycats: Bool = false) {
        let isCopycat = self.isCopycat
        @inline(__always) func include(_ m: Int) -> Bool { isCopycat.map { $0[m] == copycats } ?? !copycats }
        let objective = formulas.objectiveScore
        let consensus = formulas.consensus
        let final = formulas.finalScore
        let composite = formulas.compositeScore
        let breakthrough = formulas.breakthrough
        let inline = self.inline, table = self.table, k = self.k, minerCount = self.minerCount
        let fastConsensus = formulas.consensusIsDefaultTrimmedMean
        let triples = fastConsensus && k == 3 ? table.tripleWeights : nil
        let n = table.validatorCount
        let evalStakes = self.evalStakes, order = self.order
        let allDims = draws.dims, assignedAll = draws.assigned, noiseAll = draws.validatorNoise
        let evalScoresAll = draws.evalScores, consensusOut = draws.consensus, cmsOut = draws.cms
        let breakthroughOut = draws.breakthrough, dimensionSums = draws.dimensionSums
        for m in miners where include(m) {
            for i in 0..<4 { dimensionSums[4 &* m &+ i] = 0 }
        }
        var checks = self.checks
        self.checks = []
        defer { self.checks = checks }
        for (t, task) in draws.tasks.enumerated() {
            let isDefaultChecks = defaultChecks[task.domain]
            let weightCount = table.weightCount[task.domain]
            let w = table.weights + table.weightOffset[task.domain]
            if !isDefaultChecks || !inline.objective {
                if checks.count != weightCount { checks = [Double](repeating: 0, count: weightCount) }
            }
            let rowBase = t &* minerCount
            for m in miners where include(m) {
                let row = rowBase &+ m
                let d = allDims[row]
                dimensionSums[4 &* m] += d.quality
                dimensionSums[4 &* m &+ 1] += d.accuracy
                dimensionSums[4 &* m &+ 2] += d.novelty
                dimensionSums[4 &* m &+ 3] += d.efficiency
                let o: Double
                if isDefaultChecks && inline.objective {
                    // WeightedObjectiveScore over the default mapping (check i = d[i mod 4]).
                    var total = 0.0
                    for i in 0..<weightCount { total += w[i] * d[i] }
                    o = total
                } else {
                    if isDefaultChecks {
                        checks.withUnsafeMutableBufferPointer { c in
                            for i in 0..<c.count { c[i] = d[i] }
                        }
                    } else {
                        domains[task.domain].checkResults(for: d, difficulty: task.difficulty, into: &checks)
                    }
                    o = objective.objectiveScore(checks: checks, weights: checkWeights[task.domain])
                }
                let slot = row &* k
                let assigned = assignedAll + slot, noise = noiseAll + slot, evalScores = evalScoresAll + slot
                let c: Double
                if let triples {
                    // Three validators, default consensus: weights from the engine's table.
                    let a = assigned[0], b = assigned[1], v2 = assigned[2]
                    evalScores[0] = Self.clamp01((o + table.validatorBias[a]) + noise[0])
                    evalScores[1] = Self.clamp01((o + table.validatorBias[b]) + noise[1])
                    evalScores[2] = Self.clamp01((o + table.validatorBias[v2]) + noise[2])
                    c = TrimmedMeanKernel.consensus3(scores: evalScores, weights: triples + 3 &* ((a &* n &+ b) &* n &+ v2))
                } else {
                    for i in 0..<k {
                        let v = assigned[i]
                        evalScores[i] = Self.clamp01((o + table.validatorBias[v]) + noise[i])
                        evalStakes[i] = table.stakes[v]
                    }
                    if fastConsensus {
                        c = TrimmedMeanKernel.consensus(scores: evalScores, stakes: evalStakes, count: k, order: order)
                    } else {
                        c = consensus.consensus(scores: Array(UnsafeBufferPointer(start: evalScores, count: k)),
                                                stakes: Array(UnsafeBufferPointer(start: evalStakes, count: k)))
                    }
                }
                let f: Double
                if let fw = inline.final {
                    f = fw.objective * o + fw.consensus * c
                } else {
                    f = final.finalScore(objective: o, consensus: c)
                }
                let cms0: Double
                if let cw = inline.composite { cms0 = InlineFormulas.composite(cw, d) } else { cms0 = composite.compositeScore(d) }
                let scale = cms0 > 0 ? f / cms0 : 1.0
                let adjusted = DimensionScores(
                    quality: Self.clamp01(d.quality * scale), accuracy: Self.clamp01(d.accuracy * scale),
                    novelty: Self.clamp01(d.novelty * scale), efficiency: Self.clamp01(d.efficiency * scale))
                let cms1: Double
                if let cw = inline.composite { cms1 = InlineFormulas.composite(cw, adjusted) } else { cms1 = composite.compositeScore(adjusted) }
                let cms: Double
                let isBreakthrough: Bool
                if let bt = inline.breakthrough {
                    isBreakthrough = task.previouslyUnsolved && cms1 > bt.threshold
                    cms = isBreakthrough ? cms1 * bt.multiplier : cms1
                } else {
                    let result = breakthrough.apply(cms: cms1, previouslyUnsolved: task.previouslyUnsolved)
                    isBreakthrough = result.isBreakthrough
                    cms = result.score
                }
                consensusOut[row] = c
                cmsOut[row] = cms
                breakthroughOut[row] = isBreakthrough
            }
        }
    }
}
