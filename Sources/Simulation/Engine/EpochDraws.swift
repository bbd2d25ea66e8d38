import ScoringCore

/// Every random draw of one epoch that no earlier epoch's results can change: the epoch's tasks,
/// each honest miner's measured dimensions and step count per task, and for every submission the
/// validators assigned to it and the noise each adds to its score — plus the per-submission results
/// of scoring them (``SubmissionScorer``).
///
/// These come from generators that nothing else reads (the per-epoch task and assignment
/// generators, each validator's and each honest miner's own generator), in the same order per
/// generator as the spec's loop, so they can be drawn ahead of the scoring — on another thread
/// (``DrawPipeline``) — without changing any number. Copycat dimensions, plagiarism and the
/// settlement are done by ``EpochEngine`` when it completes the epoch.
///
/// Layout: submission `(t, m)` of task `t` by miner `m` is row `t · minerCount + m`, so one task's
/// submissions are contiguous (a batch for the formulas); its `k` assignments are
/// `assigned[row · k ..< row · k + k]`, with the noise and the validators' scores at the same
/// indexes. Sized once for the run; an epoch overwrites every slot it reads.
///
/// `@unchecked Sendable`: one instance is written by one thread, then handed to another through
/// ``DrawPipeline``'s lock (which orders the writes before the reads), and not written again until
/// that thread hands it back.
final class EpochDraws: @unchecked Sendable {
    let minerCount: Int
    let taskCapacity: Int
    let k: Int
    var tasks: [SimulatedTask] = []
    private let arena = _UnsafeArena()
    let dims: _UnsafeArenaBuffer<DimensionScores>
    let steps: _UnsafeArenaBuffer<Int>
    let assigned: _UnsafeArenaBuffer<Int>
    let validatorNoise: _UnsafeArenaBuffer<Double>
    // Written when the submissions are scored (``SubmissionScorer``):
    /// Each validator's score of each submission (same indexes as `assigned`).
    let evalScores: _UnsafeArenaBuffer<Double>
    /// Per submission: the consensus, the CMS before any plagiarism penalty, whether it was a breakthrough.
    let consensus: _UnsafeArenaBuffer<Double>
    let cms: _UnsafeArenaBuffer<Double>
    let breakthrough: _UnsafeArenaBuffer<Bool>
    /// Per miner, the sums of its dimensions over the epoch's tasks (`4·m + i`, Q A N Eff).
    let dimensionSums: _UnsafeArenaBuffer<Double>

    init(minerCount: Int, taskCapacity: Int, k: Int) {
        self.minerCount = minerCount
        self.taskCapacity = taskCapacity
        self.k = k
        let rows = minerCount * taskCapacity
        dims = arena.buffer(rows, repeating: DimensionScores(quality: 0, accuracy: 0, novelty: 0, efficiency: 0))
        steps = arena.buffer(rows, repeating: 0)
        assigned = arena.buffer(rows * k, repeating: 0)
        validatorNoise = arena.buffer(rows * k, repeating: 0)
        evalScores = arena.buffer(rows * k, repeating: 0)
        consensus = arena.buffer(rows, repeating: 0)
        cms = arena.buffer(rows, repeating: 0)
        breakthrough = arena.buffer(rows, repeating: false)
        dimensionSums = arena.buffer(4 * minerCount, repeating: 0)
        tasks.reserveCapacity(taskCapacity)
    }

    /// Bytes one epoch's draws take for this shape (for sizing a pipeline's ring).
    static func bytes(minerCount: Int, tasks: Int, k: Int) -> Int {
        let rows = max(1, minerCount * tasks)
        return rows * (MemoryLayout<DimensionScores>.stride + MemoryLayout<Int>.stride + 2 * MemoryLayout<Double>.stride + 1)
            + rows * k * (MemoryLayout<Int>.stride + 2 * MemoryLayout<Double>.stride) + 32 * minerCount
    }
}

/// Draws an engine's ``EpochDraws``: the task and assignment generators of each epoch, the
/// validators' generators, and the honest miners' generators.
///
/// Holds views of its ``EpochEngine``'s generator buffers and tables. Ownership is by range:
/// ``drawShared(epoch:into:)`` advances the per-epoch and validator generators, and
/// ``drawMiners(_:into:)`` only the generators of the miners in its range, so two threads may draw
/// disjoint miner ranges, one of them also drawing the shared part, with no generator touched by
/// both. `@unchecked Sendable` for that reason; the engine outlives every use (``DrawPipeline``
/// joins its thread before the run ends).
struct EpochDrawer<R: NormalNoiseSource>: @unchecked Sendable {
    let plan: SeedPlan
    let generator: TaskGenerator
    let k: Int
    let referenceDraws: Bool
    let minerRNG: _UnsafeArenaBuffer<R>
    let validatorRNG: _UnsafeArenaBuffer<R>
    let table: RunTables
    /// Scratch for sampling (``drawShared(epoch:into:)`` only): one slot per validator.
    let pool: _UnsafeArenaBuffer<Int>

    var minerCount: Int { table.minerCount }

    /// CPython's `sample(range(n), k)` into `assigned` (same draws, no allocation; `pool` needs `n`
    /// slots): the pool method for small populations, set-based rejection above `setsize`.
    @inline(__always)
    static func sampleValidators(_ rng: inout R, n: Int, k: Int, assigned: _UnsafeArenaBuffer<Int>,
                                 pool: _UnsafeArenaBuffer<Int>) {
        var setsize = 21
        if k > 5 {
            var power = 1
            while power < 3 * k { power *= 4 }
            setsize += power
        }
        if n <= setsize {
            for i in 0..<n { pool[i] = i }
            for i in 0..<k {
                let j = rng.randbelow(n - i)
                assigned[i] = pool[j]
                pool[j] = pool[n - i - 1]
            }
        } else {
            for i in 0..<k {
                var j = rng.randbelow(n)
                var taken = true
                while taken {
                    taken = false
                    for p in 0..<i where assigned[p] == j { taken = true; break }
                    if taken { j = rng.randbelow(n) }
                }
                assigned[i] = j
            }
        }
    }

    /// The epoch's tasks (step 1), then for every submission in scoring order (task by task,
    /// miners in roster order) its validators and their noise (step 3b's sampling).
    func drawShared(epoch: Int, into draws: EpochDraws) {
        var taskRNG: R = plan.tasks(epoch: epoch)
        // The reference seeds both epoch generators with the same seed: copy instead of seeding twice
        // (a copy continues the same sequence independently).
        var assignRNG: R = plan.scheme == .reference ? taskRNG : plan.assignment(epoch: epoch)
        generator.generate(&taskRNG, into: &draws.tasks)
        let submissions = draws.tasks.count * minerCount
        let k = self.k, n = table.validatorCount
        let ziggurat = Ziggurat.shared
        let sigma = table.validatorNoise, validatorRNG = self.validatorRNG, pool = self.pool
        let assigned = draws.assigned, noise = draws.validatorNoise
        for row in 0..<submissions {
            let slots = assigned.slice((row * k)..<(row * k + k))
            Self.sampleValidators(&assignRNG, n: n, k: k, assigned: slots, pool: pool)
            for i in 0..<k {
                let v = slots[i]
                noise[row * k + i] = validatorRNG[v].normalNoise(sigma[v], ziggurat)
            }
        }
    }

    /// Every honest miner of `miners` solves every task of `draws` (step 3a; the tasks must already
    /// be drawn): its four measured dimensions and its step count, in task order.
    func drawMiners(_ miners: Range<Int>, into draws: EpochDraws) {
        let table = self.table, rng = self.minerRNG, referenceDraws = self.referenceDraws
        let dims = draws.dims, steps = draws.steps, minerCount = self.minerCount
        let ziggurat = Ziggurat.shared
        for (t, task) in draws.tasks.enumerated() {
            let penalty = Double(task.difficulty - 5) * 0.015
            let row = t * minerCount
            for m in miners where !table.isCopycat[m] {
                let bonus = table.domainBonus[m * table.domainCount + task.domain]
                let base = table.base[m]
                let sigma = table.minerNoise[m]
                // In the order Q, A, N, Eff, each from the miner's own generator.
                let q = SubmissionScorer.clamp01(((base.quality + bonus) - penalty) + rng[m].normalNoise(sigma, ziggurat))
                let a = SubmissionScorer.clamp01(((base.accuracy + bonus) - penalty) + rng[m].normalNoise(sigma, ziggurat))
                let nv = SubmissionScorer.clamp01(((base.novelty + bonus) - penalty) + rng[m].normalNoise(sigma, ziggurat))
                let e = SubmissionScorer.clamp01(((base.efficiency + bonus) - penalty) + rng[m].normalNoise(sigma, ziggurat))
                let stepCount = rng[m].randint(2, 5)
                if referenceDraws {
                    // The reference draws a confidence per step and a solve time, and never uses them.
                    for _ in 0..<stepCount { rng[m].discardGauss() }
                    _ = rng[m].randint(1000, 60000)
                }
                dims[row + m] = DimensionScores(quality: q, accuracy: a, novelty: nv, efficiency: e)
                steps[row + m] = stepCount
            }
        }
    }
}
