import ScoringCore

/// Every random draw of one epoch that no earlier epoch's results can change: the epoch's tasks,
/// each honest miner's measured dimensions and step count per task, and for every submission the
/// validators assigned to it and the noise each adds to its score.
///
/// These come from generators that nothing else reads (the per-epoch task and assignment
/// generators, each validator's and each honest miner's own generator), in the same order per
/// generator as the spec's loop, so they can be drawn ahead of the scoring — on another thread
/// (``DrawPipeline``) — without changing any number. Copycat dimensions, plagiarism and everything
/// from the objective score on are computed by ``EpochEngine`` when it scores the epoch.
///
/// Layout: submission `(t, m)` of task `t` by miner `m` is row `t · minerCount + m`; its `k`
/// assignments are `assigned[row · k ..< row · k + k]`, with the noise in `validatorNoise` at the
/// same indexes. Sized once for the run; an epoch overwrites every slot it reads.
///
/// `@unchecked Sendable`: one instance is written by one thread, then handed to another through
/// ``DrawPipeline``'s lock (which orders the writes before the reads), and not written again until
/// that thread hands it back.
final class EpochDraws: @unchecked Sendable {
    let minerCount: Int
    let taskCapacity: Int
    let k: Int
    var tasks: [SimulatedTask] = []
    let dims: UnsafeMutablePointer<DimensionScores>
    let steps: UnsafeMutablePointer<Int>
    let assigned: UnsafeMutablePointer<Int>
    let validatorNoise: UnsafeMutablePointer<Double>
    // Written when the submissions are scored (``SubmissionScorer``):
    /// Each validator's score of each submission (same indexes as `assigned`).
    let evalScores: UnsafeMutablePointer<Double>
    /// Per submission: the consensus, the CMS before any plagiarism penalty, whether it was a breakthrough.
    let consensus: UnsafeMutablePointer<Double>
    let cms: UnsafeMutablePointer<Double>
    let breakthrough: UnsafeMutablePointer<Bool>
    /// Per miner, the sums of its dimensions over the epoch's tasks (`4·m + i`, Q A N Eff).
    let dimensionSums: UnsafeMutablePointer<Double>

    init(minerCount: Int, taskCapacity: Int, k: Int) {
        self.minerCount = minerCount
        self.taskCapacity = taskCapacity
        self.k = k
        let rows = minerCount * taskCapacity
        dims = .filled(DimensionScores(quality: 0, accuracy: 0, novelty: 0, efficiency: 0), count: rows)
        steps = .filled(0, count: rows)
        assigned = .filled(0, count: rows * k)
        validatorNoise = .filled(0, count: rows * k)
        evalScores = .filled(0, count: rows * k)
        consensus = .filled(0, count: rows)
        cms = .filled(0, count: rows)
        breakthrough = .filled(false, count: rows)
        dimensionSums = .filled(0, count: 4 * minerCount)
        tasks.reserveCapacity(taskCapacity)
    }

    deinit {
        dims.deallocate()
        steps.deallocate()
        assigned.deallocate()
        validatorNoise.deallocate()
        evalScores.deallocate()
        consensus.deallocate()
        cms.deallocate()
        breakthrough.deallocate()
        dimensionSums.deallocate()
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
/// Holds raw pointers into its ``EpochEngine``'s generator buffers and tables. Ownership is by
/// range: ``drawShared(epoch:into:)`` advances the per-epoch and validator generators, and
/// ``drawMiners(_:into:)`` only the generators of the miners in its range, so two threads may draw
/// disjoint miner ranges, one of them also drawing the shared part, with no generator touched by
/// both. `@unchecked Sendable` for that reason; the engine outlives every use (``DrawPipeline``
/// joins its thread before the run ends).
struct EpochDrawer<R: SimulationRandom>: @unchecked Sendable {
    let plan: SeedPlan
    let generator: TaskGenerator
    let minerCount: Int
    let validatorCount: Int
    let domainCount: Int
    let k: Int
    let referenceDraws: Bool
    let minerRNG: UnsafeMutablePointer<R>
    let validatorRNG: UnsafeMutablePointer<R>
    let table: EngineTables
    /// Per miner: whether it is a copycat (copycats draw nothing; they copy when scored).
    let isCopycat: UnsafeMutablePointer<Bool>
    let hasCopycats: Bool
    /// Scratch for sampling (drawShared only): `validatorCount` slots.
    let pool: UnsafeMutablePointer<Int>

    /// CPython's `sample(range(n), k)` into `assigned` (same draws, no allocation; `pool` needs `n`
    /// slots): the pool method for small populations, set-based rejection above `setsize`.
    @inline(__always)
    static func sampleValidators(_ rng: inout R, n: Int, k: Int, assigned: UnsafeMutablePointer<Int>,
                                 pool: UnsafeMutablePointer<Int>) {
        var setsize = 21
        if k > 5 {
            var power = 1
            while power < 3 * k { power &*= 4 }
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

    /// The epoch's tasks, then for every submission in scoring order (task by task, miners in
    /// roster order) its validators and their noise.
    func drawShared(epoch: Int, into draws: EpochDraws) {
        var taskRNG: R = plan.tasks(epoch: epoch)
        // The reference seeds both epoch generators with the same seed: copy instead of seeding twice
        // (a copy continues the same sequence independently).
        var assignRNG: R = plan.scheme == .reference ? taskRNG : plan.assignment(epoch: epoch)
        generator.generate(&taskRNG, into: &draws.tasks)
        let submissions = draws.tasks.count &* minerCount
        let k = self.k, n = validatorCount, pool = self.pool, validatorRNG = self.validatorRNG
        let zig = Ziggurat.shared
        let assigned = draws.assigned, noise = draws.validatorNoise, sigma = table.validatorNoise
        for row in 0..<submissions {
            let slots = assigned + row &* k
            Self.sampleValidators(&assignRNG, n: n, k: k, assigned: slots, pool: pool)
            for i in 0..<k {
                let v = slots[i]
                noise[row &* k &+ i] = EpochEngine<R>.noise(validatorRNG + v, sigma[v], zig)
            }
        }
    }

    /// Every honest miner of `miners`: its four measured dimensions and its step count for each
    /// task of `draws` (whose tasks must already be drawn), in task order.
    func drawMiners(_ miners: Range<Int>, into draws: EpochDraws) {
        let minerCount = self.minerCount, domainCount = self.domainCount, table = self.table
        let minerRNG = self.minerRNG, isCopycat = self.isCopycat, hasCopycats = self.hasCopycats
        let referenceDraws = self.referenceDraws
        let dims = draws.dims, steps = draws.steps
        let zig = Ziggurat.shared
        for (t, task) in draws.tasks.enumerated() {
            let penalty = Double(task.difficulty - 5) * 0.015
            let row = t &* minerCount
            for m in miners {
                if hasCopycats && isCopycat[m] { continue }
                let b = table.domainBonus[m &* domainCount &+ task.domain]
                let p = table.base[m]
                let sigma = table.noise[m]
                let rng = minerRNG + m
                let q = EpochEngine<R>.clamp01(((p.quality + b) - penalty) + EpochEngine<R>.noise(rng, sigma, zig))
                let a = EpochEngine<R>.clamp01(((p.accuracy + b) - penalty) + EpochEngine<R>.noise(rng, sigma, zig))
                let nv = EpochEngine<R>.clamp01(((p.novelty + b) - penalty) + EpochEngine<R>.noise(rng, sigma, zig))
                let e = EpochEngine<R>.clamp01(((p.efficiency + b) - penalty) + EpochEngine<R>.noise(rng, sigma, zig))
                let stepCount = rng.pointee.randint(2, 5)
                if referenceDraws {
                    // The reference draws a confidence per step and a solve time, and never uses them.
                    for _ in 0..<stepCount { rng.pointee.discardGauss() }
                    _ = rng.pointee.randint(1000, 60000)
                }
                dims[row &+ m] = DimensionScores(quality: q, accuracy: a, novelty: nv, efficiency: e)
                steps[row &+ m] = stepCount
            }
        }
    }
}
