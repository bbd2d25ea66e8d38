import ScoringCore

/// Scores an epoch's submissions from its ``EpochDraws`` (spec step 3b up to the breakthrough
/// multiplier), one task's submissions at a time, through the formulas the config selected.
///
/// A batch is the submissions of one task by a contiguous range of miners (rows
/// `t · minerCount + first ..< t · minerCount + end` of the draws): each stage below calls its
/// formula's batch method once for the whole batch, through the role protocol.
///
/// A submission's score depends only on its own draws, so scoring is by miner range and the two
/// threads of a ``DrawPipeline`` run may each score their own miners. The results go into the
/// draws' per-submission slots (`cms` before any plagiarism penalty, `consensus`, `evalScores`,
/// `breakthrough`) and per-miner dimension sums; the engine later reads them in submission order,
/// so sums over submissions keep the spec's order.
///
/// One scorer per thread (it owns its scratch). `@unchecked Sendable` so the pipeline's thread can
/// own one: it is used by one thread at a time, and its formulas and tables are read-only.
final class SubmissionScorer: @unchecked Sendable {
    private let domains: [any TaskDomain]
    private let objectiveFormula: any ObjectiveScoreFormula
    private let consensusFormula: any ConsensusFormula
    private let finalFormula: any FinalScoreFormula
    private let compositeFormula: any CompositeScoreFormula
    private let breakthroughFormula: any BreakthroughFormula
    private let table: RunTables
    private let k: Int
    private let arena = _UnsafeArena()
    // Scratch for one batch (at most one task's submissions by every miner).
    private let checks: _UnsafeArenaBuffer<Double>
    private let objectiveScores: _UnsafeArenaBuffer<Double>
    private let evalStakes: _UnsafeArenaBuffer<Double>
    private let finalScores: _UnsafeArenaBuffer<Double>
    private let measuredCMS: _UnsafeArenaBuffer<Double>
    private let rescaled: _UnsafeArenaBuffer<DimensionScores>
    private let rescaledCMS: _UnsafeArenaBuffer<Double>

    init(formulas: FormulaSet, domains: [any TaskDomain], table: RunTables, k: Int) {
        self.domains = domains
        objectiveFormula = formulas.objectiveScore
        consensusFormula = formulas.consensus
        finalFormula = formulas.finalScore
        compositeFormula = formulas.compositeScore
        breakthroughFormula = formulas.breakthrough
        self.table = table
        self.k = k
        let m = table.minerCount
        checks = arena.buffer(m * table.maxChecks, repeating: 0)
        objectiveScores = arena.buffer(m, repeating: 0)
        evalStakes = arena.buffer(m * k, repeating: 0)
        finalScores = arena.buffer(m, repeating: 0)
        measuredCMS = arena.buffer(m, repeating: 0)
        rescaled = arena.buffer(m, repeating: DimensionScores(quality: 0, accuracy: 0, novelty: 0, efficiency: 0))
        rescaledCMS = arena.buffer(m, repeating: 0)
    }

    @inline(__always)
    static func clamp01(_ x: Double) -> Double { max(0.0, min(1.0, x)) }

    /// Scores, task by task, every submission of the honest miners in `miners` (or of the copycats,
    /// when `copycats`) — their dimensions must be in `draws` — and sets those miners' dimension sums.
    func score(_ miners: Range<Int>, draws: EpochDraws, copycats: Bool = false) {
        let minerCount = table.minerCount
        forEachBatch(of: miners, copycats: copycats) { batch in
            for m in batch { draws.dimensionSums.slice((4 * m)..<(4 * m + 4)).fill(0, count: 4) }
        }
        for (t, task) in draws.tasks.enumerated() {
            forEachBatch(of: miners, copycats: copycats) { batch in
                score(task, rows: (t * minerCount + batch.lowerBound)..<(t * minerCount + batch.upperBound),
                      firstMiner: batch.lowerBound, draws: draws)
            }
        }
    }

    /// Calls `body` with each maximal run of consecutive miners of `miners` that are copycats
    /// (`copycats`) or honest (otherwise).
    @inline(__always)
    private func forEachBatch(of miners: Range<Int>, copycats: Bool, _ body: (Range<Int>) -> Void) {
        guard table.hasCopycats else {
            if !copycats && !miners.isEmpty { body(miners) }
            return
        }
        var start = miners.lowerBound
        while start < miners.upperBound {
            guard table.isCopycat[start] == copycats else {
                start += 1
                continue
            }
            var end = start + 1
            while end < miners.upperBound && table.isCopycat[end] == copycats { end += 1 }
            body(start..<end)
            start = end
        }
    }

    /// One batch: step 3b for the submissions `rows` of `task`, by miners from `firstMiner` on.
    private func score(_ task: SimulatedTask, rows: Range<Int>, firstMiner: Int, draws: EpochDraws) {
        addDimensionSums(rows: rows, firstMiner: firstMiner, draws: draws)
        scoreObjectively(task, rows: rows, draws: draws)
        evaluateByValidators(rows: rows, draws: draws)
        reachConsensus(rows: rows, draws: draws)
        scoreFinally(rows: rows, draws: draws)
        rescaleAndCompose(rows: rows, draws: draws)
        applyBreakthroughs(task, rows: rows, draws: draws)
    }

    /// The per-miner sums of the measured dimensions (for the report's means), in task order.
    private func addDimensionSums(rows: Range<Int>, firstMiner: Int, draws: EpochDraws) {
        let sums = draws.dimensionSums, dims = draws.dims
        for (offset, row) in rows.enumerated() {
            let d = dims[row], m = firstMiner + offset
            sums[4 * m] += d.quality
            sums[4 * m + 1] += d.accuracy
            sums[4 * m + 2] += d.novelty
            sums[4 * m + 3] += d.efficiency
        }
    }

    /// The domain's check results, then O (Eq. 11) with the domain's weights.
    private func scoreObjectively(_ task: SimulatedTask, rows: Range<Int>, draws: EpochDraws) {
        let count = rows.count, c = table.checkCount[task.domain]
        let checks = self.checks, domain = domains[task.domain]
        draws.dims.slice(rows).withSpan { dimensions in
            checks.withMutableSpan(count: count * c) { results in
                domain.checkResults(for: dimensions, difficulty: task.difficulty, into: &results)
            }
        }
        let objective = objectiveFormula, scores = objectiveScores
        checks.withSpan(count: count * c) { results in
            table.weights(of: task.domain).withSpan { weights in
                scores.withMutableSpan(count: count) { objective.objectiveScores(checks: results, weights: weights, into: &$0) }
            }
        }
    }

    /// Each assigned validator scores the submission: `clamp01(O + bias + noise)`; its stake goes
    /// next to the score for the consensus.
    private func evaluateByValidators(rows: Range<Int>, draws: EpochDraws) {
        let k = self.k, bias = table.validatorBias, stakes = table.stakes, objective = objectiveScores
        let assigned = draws.assigned, noise = draws.validatorNoise, evalScores = draws.evalScores, evalStakes = self.evalStakes
        for (offset, row) in rows.enumerated() {
            let o = objective[offset]
            for i in 0..<k {
                let slot = row * k + i, v = assigned[slot]
                evalScores[slot] = Self.clamp01((o + bias[v]) + noise[slot])
                evalStakes[offset * k + i] = stakes[v]
            }
        }
    }

    /// C (Eq. 12) from each submission's validator scores and stakes.
    private func reachConsensus(rows: Range<Int>, draws: EpochDraws) {
        let k = self.k, consensus = consensusFormula, stakes = evalStakes
        draws.evalScores.slice((rows.lowerBound * k)..<(rows.upperBound * k)).withSpan { scores in
            stakes.withSpan(count: rows.count * k) { stakes in
                draws.consensus.slice(rows).withMutableSpan { consensus.consensusScores(scores: scores, stakes: stakes, into: &$0) }
            }
        }
    }

    /// F (Eq. 13) from O and C.
    private func scoreFinally(rows: Range<Int>, draws: EpochDraws) {
        let final = finalFormula, out = finalScores
        objectiveScores.withSpan(count: rows.count) { objective in
            draws.consensus.slice(rows).withSpan { consensus in
                out.withMutableSpan(count: rows.count) { final.finalScores(objective: objective, consensus: consensus, into: &$0) }
            }
        }
    }

    /// CMS (Eq. 2) of the measured dimensions, the dimensions rescaled by F / CMS (1 when CMS is 0)
    /// and clamped, then CMS of the rescaled dimensions.
    private func rescaleAndCompose(rows: Range<Int>, draws: EpochDraws) {
        let count = rows.count, composite = compositeFormula
        let measured = measuredCMS, rescaled = self.rescaled, rescaledCMS = self.rescaledCMS
        draws.dims.slice(rows).withSpan { dimensions in
            measured.withMutableSpan(count: count) { composite.compositeScores(dimensions, into: &$0) }
        }
        let dims = draws.dims, finalScores = self.finalScores
        for (offset, row) in rows.enumerated() {
            let d = dims[row], cms = measured[offset]
            let scale = cms > 0 ? finalScores[offset] / cms : 1.0
            rescaled[offset] = DimensionScores(
                quality: Self.clamp01(d.quality * scale), accuracy: Self.clamp01(d.accuracy * scale),
                novelty: Self.clamp01(d.novelty * scale), efficiency: Self.clamp01(d.efficiency * scale))
        }
        rescaled.withSpan(count: count) { dimensions in
            rescaledCMS.withMutableSpan(count: count) { composite.compositeScores(dimensions, into: &$0) }
        }
    }

    /// Eq. 6 on the rescaled CMS: the submissions' CMS and whether each was a breakthrough.
    private func applyBreakthroughs(_ task: SimulatedTask, rows: Range<Int>, draws: EpochDraws) {
        let breakthrough = breakthroughFormula
        rescaledCMS.withSpan(count: rows.count) { cms in
            draws.cms.slice(rows).withMutableSpan { scores in
                draws.breakthrough.slice(rows).withMutableSpan { flags in
                    breakthrough.apply(cms: cms, previouslyUnsolved: task.previouslyUnsolved, scores: &scores, isBreakthrough: &flags)
                }
            }
        }
    }
}
