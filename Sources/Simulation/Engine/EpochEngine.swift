import ScoringCore
import ReasonForge

/// The epoch loop of the spec, generic over the generator so each generator gets its own
/// specialised copy of the hot loop.
///
/// One engine is one run: it owns every participant's generator and state (streaks, totals, VAS
/// history) and reusable per-epoch buffers, so an epoch allocates only its report. Formulas are
/// called through their role protocols, except the per-submission ones when they are the
/// ReasonForge defaults, which the loop evaluates in place with the same operations
/// (``InlineFormulas``, ``TrimmedMeanKernel``). The hot loop reads only engine-owned raw buffers
/// (``EngineTables``), so parallel Monte Carlo runs share no reference-counted object in it.
///
/// Noise: `gauss(0, σ)` from CPython's algorithm for `python-compat` (bit-exact, with the
/// reference's unused step draws advanced by `discardGauss`), ``Ziggurat`` for `xoshiro`.
///
/// Memory does not grow with epochs: each validator keeps only the VAS values its reputation and
/// slashing windows can see, and the plagiarism buffer keeps `buffer_epochs` epochs.
final class EpochEngine<R: SimulationRandom> {
    let settings: SimulationSettings
    let plan: SeedPlan
    let formulas: FormulaSet
    let generator: TaskGenerator
    let minerCount: Int
    let validatorCount: Int
    let domainCount: Int

    // Participant generators and state.
    var streak: [Int]
    var rank: [Int]
    var minerTotal: [Double]
    var minerBreakthroughs: [Int]
    var vasHistory: [[Double]]
    var validatorTotal: [Double]
    let historyWindow: Int

    // Static per-run tables (the hot loop reads their copies in ``table``).
    let noise: [Double]
    let stakes: [Double]
    let checkWeights: [[Double]]
    /// Per domain: whether its check results are the protocol's default mapping (check i takes
    /// dimension `[Q, A, N, Eff][i mod 4]`), so the loop fills them itself instead of calling the
    /// domain — same values, no call into a value shared by every run (see ``usesDefaultChecks(_:)``).
    let defaultChecks: [Bool]
    let domains: [any TaskDomain]
    /// Non-copycat miners first (roster order), then copycats: the order submissions arrive in.
    let submissionOrder: [Int]
    let copycatTarget: [Int?]         // fixed target index, nil for leader or honest
    let isCopycat: [Bool]
    let copyNoise: [Double]

    // Per-epoch buffers, reused. The hot ones are raw buffers owned by the engine (one engine is
    // one run on one thread), so the loop pays no copy-on-write or exclusivity checks.
    var tasks: [SimulatedTask] = []
    let minerRNGBuffer: UnsafeMutablePointer<R>
    let validatorRNGBuffer: UnsafeMutablePointer<R>
    let dimsBuffer: UnsafeMutablePointer<DimensionScores>
    let evalScoresBuffer: UnsafeMutablePointer<Double>
    let evalStakesBuffer: UnsafeMutablePointer<Double>
    let assignedBuffer: UnsafeMutablePointer<Int>
    let poolBuffer: UnsafeMutablePointer<Int>
    let orderBuffer: UnsafeMutablePointer<Int>
    /// CMS of each submission of the epoch, `[task · minerCount + miner]`.
    var scoreLog: UnsafeMutablePointer<Double> = .allocate(capacity: 0)
    var scoreLogCapacity = 0
    /// Every evaluation of the epoch in submission order: validator, score given, consensus.
    var evalLogValidator: UnsafeMutablePointer<Int> = .allocate(capacity: 0)
    var evalLogScore: UnsafeMutablePointer<Double> = .allocate(capacity: 0)
    var evalLogConsensus: UnsafeMutablePointer<Double> = .allocate(capacity: 0)
    var evalLogCapacity = 0
    /// The evaluation log grouped by validator (same capacity as the log).
    var evalGroupedScore: UnsafeMutablePointer<Double> = .allocate(capacity: 0)
    var evalGroupedConsensus: UnsafeMutablePointer<Double> = .allocate(capacity: 0)
    /// `validatorCount + 1` counters for the grouping.
    let validatorCursor: UnsafeMutablePointer<Int>
    var steps: [Int]
    var minerScores: [[Double]]
    var trapScores: [[Double]]
    var trapTruths: [[Double]]
    var difficulties: [Int] = []
    var given: [[Double]]
    var consensusSeen: [[Double]]
    var checks: [Double] = []
    var penaltyFactor: [Double]
    var flags: [Int]
    var plagiarism: PlagiarismDetector<R>?
    /// Per miner, the sums of its measured dimensions this epoch (Q, A, N, Eff interleaved:
    /// `4·m + i`), for ``MinerEpochResult/dimensions``.
    let dimensionSums: UnsafeMutablePointer<Double>
    /// The per-submission formulas' parameters when they are the defaults (evaluated in place).
    let inline: InlineFormulas
    /// Raw per-run copies of the tables the loop reads.
    let table: EngineTables
    let hasCopycats: Bool
    // Reused by `settle` (one slot per miner or validator; every slot is written before it is read).
    var scratchS: [Double], scratchPenalties: [Double], scratchPEB: [Double], scratchRankedScores: [Double]
    var scratchRankedBonuses: [Double], scratchVAS: [Double], scratchReputation: [Double], scratchSlashed: [Double]
    var scratchRanked: [Int], scratchSeen: [Bool]

    init(settings: SimulationSettings, plan: SeedPlan) {
        self.settings = settings
        self.plan = plan
        formulas = settings.formulas
        generator = TaskGenerator(settings: settings)
        let miners = settings.roster.miners
        let validators = settings.roster.validators
        minerCount = miners.count
        validatorCount = validators.count
        domains = settings.domains.domains
        domainCount = domains.count
        var minerRNG: [R] = []
        minerRNG.reserveCapacity(minerCount)
        var domainBonus: [Double] = []     // minerCount × domainCount, only for ``table``
        domainBonus.reserveCapacity(minerCount * domainCount)
        for i in 0..<minerCount {
            var rng: R = plan.miner(i)
            for _ in 0..<domainCount { domainBonus.append(rng.uniform(-0.05, 0.10)) }
            minerRNG.append(rng)
        }
        let validatorRNG: [R] = (0..<validatorCount).map { plan.validator($0) }
        minerRNGBuffer = .allocate(capacity: max(1, minerCount))
        minerRNGBuffer.initialize(from: minerRNG, count: minerCount)
        validatorRNGBuffer = .allocate(capacity: max(1, validatorCount))
        validatorRNGBuffer.initialize(from: validatorRNG, count: validatorCount)
        streak = Array(repeating: 0, count: minerCount)
        rank = Array(repeating: 0, count: minerCount)
        minerTotal = Array(repeating: 0, count: minerCount)
        minerBreakthroughs = Array(repeating: 0, count: minerCount)
        vasHistory = Array(repeating: [], count: validatorCount)
        validatorTotal = Array(repeating: 0, count: validatorCount)
        historyWindow = max(1, formulas.reputationMultiplier.window, formulas.slashing.window)
        noise = miners.map(\.profile.noise)
        stakes = validators.map(\.stake)
        // Fresh storage (not the domains' own arrays, which every run shares).
        checkWeights = domains.map { $0.checkWeights.map { $0 } }
        defaultChecks = domains.map { Self.usesDefaultChecks($0) }
        isCopycat = miners.map(\.behaviour.isCopycat)
        submissionOrder = miners.indices.filter { !miners[$0].behaviour.isCopycat } + miners.indices.filter { miners[$0].behaviour.isCopycat }
        copycatTarget = miners.map { m in
            if case .copycat(.miner(let id), _) = m.behaviour { return miners.firstIndex { $0.id == id } }
            return nil
        }
        copyNoise = miners.map { m in
            if case .copycat(_, let noise) = m.behaviour { return noise }
            return 0
        }
        dimsBuffer = .allocate(capacity: max(1, minerCount))
        dimsBuffer.initialize(repeating: DimensionScores(quality: 0, accuracy: 0, novelty: 0, efficiency: 0), count: max(1, minerCount))
        steps = Array(repeating: 0, count: minerCount)
        minerScores = Array(repeating: [], count: minerCount)
        trapScores = Array(repeating: [], count: minerCount)
        trapTruths = Array(repeating: [], count: minerCount)
        given = Array(repeating: [], count: validatorCount)
        consensusSeen = Array(repeating: [], count: validatorCount)
        let k = settings.assignedValidators
        evalScoresBuffer = .allocate(capacity: max(1, k))
        evalScoresBuffer.initialize(repeating: 0, count: max(1, k))
        evalStakesBuffer = .allocate(capacity: max(1, k))
        evalStakesBuffer.initialize(repeating: 0, count: max(1, k))
        assignedBuffer = .allocate(capacity: max(1, k))
        assignedBuffer.initialize(repeating: 0, count: max(1, k))
        poolBuffer = .allocate(capacity: max(1, validatorCount))
        poolBuffer.initialize(repeating: 0, count: max(1, validatorCount))
        orderBuffer = .allocate(capacity: max(2 * k, minerCount, 1))
        orderBuffer.initialize(repeating: 0, count: max(2 * k, minerCount, 1))
        penaltyFactor = Array(repeating: 1, count: minerCount)
        flags = Array(repeating: 0, count: minerCount)
        validatorCursor = .allocate(capacity: validatorCount + 1)
        validatorCursor.initialize(repeating: 0, count: validatorCount + 1)
        dimensionSums = .allocate(capacity: max(1, 4 * minerCount))
        dimensionSums.initialize(repeating: 0, count: max(1, 4 * minerCount))
        inline = InlineFormulas(formulas)
        table = EngineTables(domainBonus: domainBonus, base: miners.map(\.profile.base), noise: noise, stakes: stakes,
                             validatorBias: validators.map(\.profile.bias), validatorNoise: validators.map(\.profile.noise),
                             checkWeights: checkWeights)
        hasCopycats = isCopycat.contains(true)
        scratchS = Array(repeating: 0, count: minerCount)
        scratchPenalties = Array(repeating: 1, count: minerCount)
        scratchPEB = Array(repeating: 0, count: minerCount)
        scratchRankedScores = Array(repeating: 0, count: minerCount)
        scratchRankedBonuses = Array(repeating: 0, count: minerCount)
        scratchRanked = Array(0..<minerCount)
        scratchSeen = Array(repeating: false, count: minerCount)
        scratchVAS = Array(repeating: 1, count: validatorCount)
        scratchReputation = Array(repeating: 1, count: validatorCount)
        scratchSlashed = Array(repeating: 0, count: validatorCount)
        if settings.plagiarism.enabled {
            plagiarism = PlagiarismDetector(settings: settings, plan: plan)
        }
    }

    deinit {
        minerRNGBuffer.deinitialize(count: minerCount)
        minerRNGBuffer.deallocate()
        validatorRNGBuffer.deinitialize(count: validatorCount)
        validatorRNGBuffer.deallocate()
        dimsBuffer.deallocate()
        evalScoresBuffer.deallocate()
        evalStakesBuffer.deallocate()
        assignedBuffer.deallocate()
        poolBuffer.deallocate()
        orderBuffer.deallocate()
        scoreLog.deallocate()
        evalLogValidator.deallocate()
        evalLogScore.deallocate()
        evalLogConsensus.deallocate()
        dimensionSums.deallocate()
        table.free()
        evalGroupedScore.deallocate()
        evalGroupedConsensus.deallocate()
        validatorCursor.deallocate()
    }

    @inline(__always)
    static func clamp01(_ x: Double) -> Double { max(0.0, min(1.0, x)) }

    /// A normal variate with mean 0 and standard deviation `sigma` from the generator at `rng`:
    /// `gauss(0, sigma)` (CPython's, for `python-compat`), or ``Ziggurat`` for ``ScoringCore/Xoshiro256``
    /// (the default generator, not bound to Python's draws). The branch is resolved at specialisation.
    @inline(__always)
    static func noise(_ rng: UnsafeMutablePointer<R>, _ sigma: Double, _ zig: Ziggurat) -> Double {
        if R.self == Xoshiro256.self {
            let x = UnsafeMutableRawPointer(rng).assumingMemoryBound(to: Xoshiro256.self)
            return zig.normal(&x.pointee) * sigma
        }
        return rng.pointee.gauss(0, sigma)
    }

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

    /// Makes sure the per-epoch logs hold `submissions` submissions.
    private func reserveLogs(submissions: Int) {
        let k = settings.assignedValidators
        if submissions > scoreLogCapacity {
            scoreLog.deallocate()
            scoreLog = .allocate(capacity: submissions)
            scoreLogCapacity = submissions
        }
        if submissions * k > evalLogCapacity {
            evalLogValidator.deallocate(); evalLogScore.deallocate(); evalLogConsensus.deallocate()
            evalLogCapacity = submissions * k
            evalLogValidator = .allocate(capacity: evalLogCapacity)
            evalLogScore = .allocate(capacity: evalLogCapacity)
            evalLogConsensus = .allocate(capacity: evalLogCapacity)
            evalGroupedScore.deallocate(); evalGroupedConsensus.deallocate()
            evalGroupedScore = .allocate(capacity: evalLogCapacity)
            evalGroupedConsensus = .allocate(capacity: evalLogCapacity)
        }
    }

    /// Runs epoch `epoch` (from 1) and returns its report.
    /// - Throws: ``SimulationError`` when an invariant fails.
    func runEpoch(_ epoch: Int) throws(SimulationError) -> EpochReport {
        var taskRNG: R = plan.tasks(epoch: epoch)
        // The reference seeds both epoch generators with the same seed: copy instead of seeding twice
        // (a copy continues the same sequence independently).
        var assignRNG: R = plan.scheme == .reference ? taskRNG : plan.assignment(epoch: epoch)
        generator.generate(&taskRNG, into: &tasks)

        let objective = formulas.objectiveScore
        let consensus = formulas.consensus
        let final = formulas.finalScore
        let composite = formulas.compositeScore
        let breakthrough = formulas.breakthrough
        let inline = self.inline
        let fastConsensus = formulas.consensusIsDefaultTrimmedMean
        let referenceDraws = settings.generator == .pythonCompat
        let k = settings.assignedValidators
        let n = validatorCount
        let minerCount = self.minerCount
        let tasks = self.tasks
        reserveLogs(submissions: tasks.count * minerCount)
        // Hot state lives in engine-owned raw buffers (no copy-on-write or exclusivity checks in the
        // loop, and nothing shared with other runs: no reference counting on shared objects); the
        // arrays the plagiarism detector needs move into locals for the epoch.
        let minerRNG = self.minerRNGBuffer, validatorRNG = self.validatorRNGBuffer, dims = self.dimsBuffer
        let evalScores = self.evalScoresBuffer, evalStakes = self.evalStakesBuffer, assigned = self.assignedBuffer
        let pool = self.poolBuffer, order = self.orderBuffer
        let scoreLog = self.scoreLog, evalLogValidator = self.evalLogValidator
        let evalLogScore = self.evalLogScore, evalLogConsensus = self.evalLogConsensus
        let dimensionSums = self.dimensionSums, table = self.table
        var steps = self.steps, checks = self.checks, penaltyFactor = self.penaltyFactor
        var flags = self.flags, minerBreakthroughs = self.minerBreakthroughs, difficulties = self.difficulties
        self.steps = []; self.checks = []; self.penaltyFactor = []; self.flags = []; self.minerBreakthroughs = []
        self.difficulties = []
        let isCopycat = self.isCopycat, copycatTarget = self.copycatTarget, domainCount = self.domainCount
        let checkWeights = self.checkWeights, domains = self.domains, defaultChecks = self.defaultChecks
        let plagiarism = self.plagiarism
        let hasCopycats = self.hasCopycats
        let zig = Ziggurat.shared

        for m in 0..<minerCount { flags[m] = 0 }
        dimensionSums.update(repeating: 0, count: 4 * minerCount)
        difficulties.removeAll(keepingCapacity: true)
        var cmsSum = 0.0
        var cmsCount = 0
        var epochBreakthroughs = 0
        var plagiarismFlags = 0
        var evalCount = 0
        let leader = leaderIndex()

        for (taskIndex, task) in tasks.enumerated() {
            difficulties.append(task.difficulty)
            let penalty = Double(task.difficulty - 5) * 0.015
            let bonusOffset = task.domain
            // 3a: every honest miner solves the task with its own generator; copycats copy.
            for m in 0..<minerCount {
                if hasCopycats && isCopycat[m] { continue }
                let b = table.domainBonus[m &* domainCount &+ bonusOffset]
                let p = table.base[m]
                let sigma = table.noise[m]
                let q = Self.clamp01(((p.quality + b) - penalty) + Self.noise(minerRNG + m, sigma, zig))
                let a = Self.clamp01(((p.accuracy + b) - penalty) + Self.noise(minerRNG + m, sigma, zig))
                let nv = Self.clamp01(((p.novelty + b) - penalty) + Self.noise(minerRNG + m, sigma, zig))
                let e = Self.clamp01(((p.efficiency + b) - penalty) + Self.noise(minerRNG + m, sigma, zig))
                let stepCount = minerRNG[m].randint(2, 5)
                if referenceDraws {
                    // The reference draws a confidence per step and a solve time, and never uses them.
                    for _ in 0..<stepCount { minerRNG[m].discardGauss() }
                    _ = minerRNG[m].randint(1000, 60000)
                }
                dims[m] = DimensionScores(quality: q, accuracy: a, novelty: nv, efficiency: e)
                table.steps[m] = stepCount
            }
            if hasCopycats {
                for m in 0..<minerCount where isCopycat[m] {
                    let target = copycatTarget[m] ?? leader
                    dims[m] = dims[target]
                    table.steps[m] = table.steps[target]
                }
            }
            if let detector = plagiarism {
                for m in 0..<minerCount {
                    steps[m] = table.steps[m]
                    penaltyFactor[m] = 1
                }
                detector.submit(epoch: epoch, taskIndex: taskIndex, task: task, order: submissionOrder, steps: steps,
                                copyTargets: copycatTarget, leader: leader, copyNoise: copyNoise, factors: &penaltyFactor)
                for m in 0..<minerCount where penaltyFactor[m] != 1 {
                    flags[m] += 1
                    plagiarismFlags += 1
                }
            }
            let isDefaultChecks = defaultChecks[task.domain]
            let weightCount = table.weightCount[task.domain]
            let w = table.weights + table.weightOffset[task.domain]
            if !isDefaultChecks || !inline.objective {
                if checks.count != weightCount { checks = [Double](repeating: 0, count: weightCount) }
            }
            let logBase = taskIndex &* minerCount
            // 3b: score every miner's submission, roster order.
            for m in 0..<minerCount {
                let d = dims[m]
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
                Self.sampleValidators(&assignRNG, n: n, k: k, assigned: assigned, pool: pool)
                for i in 0..<k {
                    let v = assigned[i]
                    let g = Self.noise(validatorRNG + v, table.validatorNoise[v], zig)
                    evalScores[i] = Self.clamp01((o + table.validatorBias[v]) + g)
                    evalStakes[i] = table.stakes[v]
                }
                let c: Double
                if fastConsensus {
                    c = TrimmedMeanKernel.consensus(scores: evalScores, stakes: evalStakes, count: k, order: order)
                } else {
                    c = consensus.consensus(scores: Array(UnsafeBufferPointer(start: evalScores, count: k)),
                                            stakes: Array(UnsafeBufferPointer(start: evalStakes, count: k)))
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
                var cms: Double
                let isBreakthrough: Bool
                if let bt = inline.breakthrough {
                    isBreakthrough = task.previouslyUnsolved && cms1 > bt.threshold
                    cms = isBreakthrough ? cms1 * bt.multiplier : cms1
                } else {
                    let result = breakthrough.apply(cms: cms1, previouslyUnsolved: task.previouslyUnsolved)
                    isBreakthrough = result.isBreakthrough
                    cms = result.score
                }
                if isBreakthrough {
                    epochBreakthroughs += 1
                    minerBreakthroughs[m] += 1
                }
                if plagiarism != nil { cms *= penaltyFactor[m] }
                for i in 0..<k {
                    evalLogValidator[evalCount] = assigned[i]
                    evalLogScore[evalCount] = evalScores[i]
                    evalLogConsensus[evalCount] = c
                    evalCount &+= 1
                }
                scoreLog[logBase &+ m] = cms
                cmsSum += cms
                cmsCount &+= 1
            }
        }
        // Per-miner scores (task order) and per-validator evaluations (submission order), as the
        // formulas of `settle` take them (moved into locals: no exclusivity checks per append);
        // not built when `settle` reads the logs directly (default formulas).
        let buildArrays = !inline.settlesOnLogs
        var minerScores = self.minerScores, trapScores = self.trapScores, trapTruths = self.trapTruths
        var given = self.given, consensusSeen = self.consensusSeen
        self.minerScores = []; self.trapScores = []; self.trapTruths = []; self.given = []; self.consensusSeen = []
        if buildArrays {
            for m in 0..<minerCount {
                minerScores[m].removeAll(keepingCapacity: true)
                trapScores[m].removeAll(keepingCapacity: true)
                trapTruths[m].removeAll(keepingCapacity: true)
            }
            let taskCount = tasks.count
            for m in 0..<minerCount {
                minerScores[m].append(contentsOf: repeatElement(0.0, count: taskCount))
                minerScores[m].withUnsafeMutableBufferPointer { out in
                    for t in 0..<taskCount { out[t] = scoreLog[t &* minerCount &+ m] }
                }
            }
            for (t, task) in tasks.enumerated() where task.isTrap {
                for m in 0..<minerCount {
                    trapScores[m].append(scoreLog[t &* minerCount &+ m])
                    trapTruths[m].append(task.groundTruth)
                }
            }
        }
        // Grouped by validator (a stable counting sort of the evaluation log into the scratch
        // buffers), then copied into each validator's array in one go.
        let cursor = self.validatorCursor
        for v in 0...n { cursor[v] = 0 }
        for e in 0..<evalCount { cursor[evalLogValidator[e] &+ 1] &+= 1 }
        for v in 0..<n { cursor[v &+ 1] &+= cursor[v] }
        let groupedScore = self.evalGroupedScore, groupedConsensus = self.evalGroupedConsensus
        for e in 0..<evalCount {
            let v = evalLogValidator[e]
            let slot = cursor[v]
            groupedScore[slot] = evalLogScore[e]
            groupedConsensus[slot] = evalLogConsensus[e]
            cursor[v] = slot &+ 1
        }
        var start = 0
        for v in 0..<n where buildArrays {
            let end = cursor[v]
            given[v].removeAll(keepingCapacity: true)
            consensusSeen[v].removeAll(keepingCapacity: true)
            given[v].append(contentsOf: UnsafeBufferPointer(start: groupedScore + start, count: end - start))
            consensusSeen[v].append(contentsOf: UnsafeBufferPointer(start: groupedConsensus + start, count: end - start))
            start = end
        }
        self.minerScores = minerScores; self.trapScores = trapScores; self.trapTruths = trapTruths
        self.given = given; self.consensusSeen = consensusSeen
        self.steps = steps; self.checks = checks; self.penaltyFactor = penaltyFactor
        self.flags = flags; self.minerBreakthroughs = minerBreakthroughs; self.difficulties = difficulties
        plagiarism?.endEpoch()
        return try settle(epoch: epoch, cmsSum: cmsSum, cmsCount: cmsCount, breakthroughs: epochBreakthroughs,
                          plagiarismFlags: plagiarismFlags)
    }

    /// Whether `domain` is of a type known to keep ``ScoringCore/TaskDomain``'s default check mapping
    /// (the ReasonForge domains and YAML domains); `SimulationTests` checks the equivalence.
    static func usesDefaultChecks(_ domain: any TaskDomain) -> Bool {
        domain is ReasonForgeDomain || domain is DataTaskDomain
    }

    /// The best-ranked honest miner of the previous epoch (the first honest miner before any ranking).
    func leaderIndex() -> Int {
        var best = -1
        for m in 0..<minerCount where !isCopycat[m] {
            if best < 0 { best = m; continue }
            if rank[m] > 0 && (rank[best] == 0 || rank[m] < rank[best]) { best = m }
        }
        return best
    }

    private func fail(_ epoch: Int, _ role: FormulaRole?, _ message: String) -> SimulationError {
        SimulationError(epoch: epoch, component: role.map { formulas.key($0) } ?? "simulation-loop", role: role, message: message)
    }

    /// Steps 4–12: epoch scores, ranks, streaks, bonuses, rewards, VAS, reputation, slashing; checks invariants.
    private func settle(epoch: Int, cmsSum: Double, cmsCount: Int, breakthroughs: Int,
                        plagiarismFlags: Int) throws(SimulationError) -> EpochReport {
        let trap = formulas.trapPenalty
        let epochScore = formulas.epochScore
        // Reused buffers (moved out for the epoch): no array allocation here, so no generic
        // metadata lookups or allocator traffic per epoch.
        var s = self.scratchS, penalties = self.scratchPenalties, peb = self.scratchPEB, ranked = self.scratchRanked
        var seen = self.scratchSeen, rankedScores = self.scratchRankedScores, rankedBonuses = self.scratchRankedBonuses
        var vas = self.scratchVAS, reputation = self.scratchReputation, slashed = self.scratchSlashed
        self.scratchS = []; self.scratchPenalties = []; self.scratchPEB = []; self.scratchRanked = []; self.scratchSeen = []
        self.scratchRankedScores = []; self.scratchRankedBonuses = []; self.scratchVAS = []; self.scratchReputation = []
        self.scratchSlashed = []
        // Run state too (no exclusivity checks per element), and read-only views of the epoch's arrays.
        var streak = self.streak, rank = self.rank, minerTotal = self.minerTotal, vasHistory = self.vasHistory
        var validatorTotal = self.validatorTotal
        self.streak = []; self.rank = []; self.minerTotal = []; self.vasHistory = []; self.validatorTotal = []
        let minerScores = self.minerScores, trapScores = self.trapScores, trapTruths = self.trapTruths
        let given = self.given, consensusSeen = self.consensusSeen, difficulties = self.difficulties
        let flags = self.flags, minerBreakthroughs = self.minerBreakthroughs, stakes = self.stakes
        let minerCount = self.minerCount, validatorCount = self.validatorCount, historyWindow = self.historyWindow
        let dimensionSums = self.dimensionSums
        defer {
            self.streak = streak; self.rank = rank; self.minerTotal = minerTotal; self.vasHistory = vasHistory
            self.validatorTotal = validatorTotal
            self.scratchS = s; self.scratchPenalties = penalties; self.scratchPEB = peb; self.scratchRanked = ranked
            self.scratchSeen = seen; self.scratchRankedScores = rankedScores; self.scratchRankedBonuses = rankedBonuses
            self.scratchVAS = vas; self.scratchReputation = reputation; self.scratchSlashed = slashed
        }
        let onLogs = inline.settlesOnLogs
        let tasks = self.tasks, taskCount = tasks.count, scoreLog = self.scoreLog
        let trapThreshold = inline.trapThreshold ?? 0, multipliers = inline.difficultyMultipliers ?? []
        for m in 0..<minerCount {
            let tp: Double
            let value: Double
            if onLogs {
                // ThresholdTrapPenalty and DifficultyWeightedEpochScore on the score log: the same
                // sums in the same (task) order as the formulas over the arrays.
                var trapSum = 0.0
                var trapCount = 0
                var weighted = 0.0
                for t in 0..<taskCount {
                    let score = scoreLog[t &* minerCount &+ m]
                    if tasks[t].isTrap {
                        trapSum += score
                        trapCount += 1
                    }
                }
                if trapCount == 0 {
                    tp = 1.0
                } else {
                    let average = trapSum / Double(trapCount)
                    tp = average >= trapThreshold ? 1.0 : max(0.0, average / trapThreshold)
                }
                for t in 0..<taskCount {
                    let d = difficulties[t]
                    weighted += scoreLog[t &* minerCount &+ m] * (d >= 1 && d <= multipliers.count ? multipliers[d - 1] : 1.0)
                }
                value = taskCount == 0 ? 0 : (weighted / Double(taskCount)) * tp
            } else {
                tp = trap.penalty(trapScores: trapScores[m], groundTruths: trapTruths[m])
                value = minerScores[m].isEmpty ? 0 : epochScore.epochScore(scores: minerScores[m], difficulties: difficulties, trapPenalty: tp)
            }
            guard tp.isFinite, tp >= 0, tp <= 1 else {
                throw fail(epoch, .trapPenalty, "trap penalty of \(settings.roster.miners[m].id) is \(tp), outside [0, 1]")
            }
            penalties[m] = tp
            guard value.isFinite, value >= 0 else {
                throw fail(epoch, .epochScore, "S_epoch of \(settings.roster.miners[m].id) is \(value); it must be finite and ≥ 0")
            }
            s[m] = value
        }
        // Rank: S descending, ties in roster order (Python's stable sort).
        for m in 0..<minerCount { ranked[m] = m }
        ranked.sort { s[$0] > s[$1] || (s[$0] == s[$1] && $0 < $1) }
        let bonus = formulas.excellenceBonus
        let topK = bonus.topK
        for m in 0..<minerCount { seen[m] = false }
        for (position, m) in ranked.enumerated() {
            guard !seen[m] else { throw fail(epoch, nil, "ranking is not a permutation (miner \(m) ranked twice)") }
            seen[m] = true
            rank[m] = position + 1
            streak[m] = (position + 1 <= topK && s[m] > 0) ? streak[m] + 1 : 0
        }
        for m in 0..<minerCount {
            let value = bonus.bonus(rank: rank[m], streak: streak[m])
            guard value.isFinite, value >= 0 else {
                throw fail(epoch, .excellenceBonus, "PEB of \(settings.roster.miners[m].id) is \(value); it must be finite and ≥ 0")
            }
            peb[m] = value
        }
        let emission = settings.emission
        let shares = formulas.emissionSplit.split(total: emission)
        guard shares.miners.isFinite, shares.validators.isFinite, shares.miners >= 0, shares.validators >= 0,
              abs(shares.miners + shares.validators - emission) <= 1e-9 * emission else {
            throw fail(epoch, .emissionSplit, "shares \(shares.miners) + \(shares.validators) do not conserve the emission \(emission)")
        }
        for (position, m) in ranked.enumerated() {
            rankedScores[position] = s[m]
            rankedBonuses[position] = peb[m]
        }
        let rewards = formulas.minerEmission.distribute(pool: shares.miners, scores: rankedScores, bonuses: rankedBonuses)
        try checkSplit(rewards, count: minerCount, pool: shares.miners, epoch: epoch, role: .minerEmission)
        var minerRows: [MinerEpochResult] = []
        minerRows.reserveCapacity(minerCount)
        for (position, m) in ranked.enumerated() {
            let tao = PythonRounding.round6(rewards[position])
            minerTotal[m] += tao
            let submissions = Double(max(1, taskCount))
            let means = DimensionScores(
                quality: dimensionSums[4 * m] / submissions, accuracy: dimensionSums[4 * m + 1] / submissions,
                novelty: dimensionSums[4 * m + 2] / submissions, efficiency: dimensionSums[4 * m + 3] / submissions)
            minerRows.append(MinerEpochResult(
                miner: m, rank: position + 1, sEpoch: s[m], peb: peb[m], streak: streak[m], epochTao: tao,
                totalTao: minerTotal[m], trapPenalty: penalties[m], breakthroughs: minerBreakthroughs[m],
                plagiarismFlags: flags[m], dimensions: means))
        }
        // Validators.
        let accuracyFormula = formulas.validatorAccuracy
        let reputationFormula = formulas.reputationMultiplier
        let slashing = formulas.slashing
        for v in 0..<validatorCount {
            let value: Double
            if onLogs {
                // MeanAbsoluteValidatorAccuracy on validator v's group of the sorted evaluation log.
                let end = validatorCursor[v], start = v == 0 ? 0 : validatorCursor[v - 1]
                if end == start {
                    value = 1.0
                } else {
                    var deviation = 0.0
                    for i in start..<end { deviation += abs(evalGroupedScore[i] - evalGroupedConsensus[i]) }
                    value = max(0.0, 1.0 - deviation / Double(end - start))
                }
            } else {
                value = accuracyFormula.accuracy(scores: given[v], consensus: consensusSeen[v])
            }
            guard value.isFinite, value >= 0, value <= 1 else {
                throw fail(epoch, .validatorAccuracy, "VAS of \(settings.roster.validators[v].id) is \(value), outside [0, 1]")
            }
            vas[v] = value
            if vasHistory[v].count >= 2 * historyWindow { vasHistory[v].removeFirst(historyWindow) }
            vasHistory[v].append(value)
            let rep = reputationFormula.multiplier(history: vasHistory[v])
            guard rep.isFinite, rep > 0 else {
                throw fail(epoch, .reputationMultiplier, "reputation of \(settings.roster.validators[v].id) is \(rep); it must be finite and > 0")
            }
            reputation[v] = rep
            let cut = slashing.slash(stake: stakes[v], history: vasHistory[v])
            guard cut.isFinite, cut >= 0, cut <= stakes[v] else {
                throw fail(epoch, .slashing, "slash of \(settings.roster.validators[v].id) is \(cut), outside [0, stake]")
            }
            slashed[v] = cut
        }
        let validatorRewards = formulas.validatorEmission.distribute(pool: shares.validators, accuracy: vas, stakes: stakes,
                                                                      reputations: reputation)
        try checkSplit(validatorRewards, count: validatorCount, pool: shares.validators, epoch: epoch, role: .validatorEmission)
        var validatorRows: [ValidatorEpochResult] = []
        validatorRows.reserveCapacity(validatorCount)
        for v in 0..<validatorCount {
            let tao = PythonRounding.round6(validatorRewards[v])
            validatorTotal[v] += tao
            validatorRows.append(ValidatorEpochResult(validator: v, vas: vas[v], reputation: reputation[v], epochTao: tao,
                                                      totalTao: validatorTotal[v], slashed: slashed[v]))
        }
        return EpochReport(
            epoch: epoch, totalEmission: emission, minerPool: shares.miners, validatorPool: shares.validators,
            tasksProcessed: tasks.count, trapsInjected: tasks.reduce(0) { $0 + ($1.isTrap ? 1 : 0) },
            breakthroughs: breakthroughs, avgCMS: cmsCount > 0 ? cmsSum / Double(cmsCount) : 0,
            miners: minerRows, validators: validatorRows, plagiarismFlags: plagiarismFlags)
    }

    /// Rewards: one per participant, finite, ≥ 0, summing to the pool (unrounded, 1e-9 relative).
    private func checkSplit(_ rewards: [Double], count: Int, pool: Double, epoch: Int, role: FormulaRole) throws(SimulationError) {
        guard rewards.count == count else {
            throw fail(epoch, role, "returned \(rewards.count) rewards for \(count) participants")
        }
        var total = 0.0
        for (i, r) in rewards.enumerated() {
            guard r.isFinite, r >= 0 else { throw fail(epoch, role, "reward #\(i + 1) is \(r); rewards must be finite and ≥ 0") }
            total += r
        }
        guard abs(total - pool) <= 1e-9 * max(1, pool) else {
            throw fail(epoch, role, "rewards sum to \(total), but the pool is \(pool) (emission not conserved)")
        }
    }
}
