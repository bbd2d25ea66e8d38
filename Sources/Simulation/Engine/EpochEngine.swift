import Dispatch
import ScoringCore
import ReasonForge

/// The epoch loop of the spec, generic over the generator so each generator gets its own
/// specialised copy of the hot loop.
///
/// One engine is one run: it owns every participant's generator and state (streaks, totals, VAS
/// history) and reusable per-epoch buffers, so an epoch allocates only its report. An epoch is
/// three stages: its draws (``EpochDrawer`` into ``EpochDraws``: tasks, honest answers, validator
/// assignments and noise — nothing an earlier epoch's result can change), the scoring of the honest
/// submissions (``SubmissionScorer``), then, in order, copycats, plagiarism, the submission log and
/// the settlement. The first two may run ahead on another thread (``DrawPipeline``); the results
/// are the same. Formulas are called through their role protocols, except the per-submission ones
/// when they are the ReasonForge defaults, which are evaluated in place with the same operations
/// (``InlineFormulas``, ``TrimmedMeanKernel``). The hot loops read only engine-owned raw buffers
/// (``EngineTables``), so parallel Monte Carlo runs share no reference-counted object in them.
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
    /// CMS of each submission of the epoch, `[task · minerCount + miner]`.
    var scoreLog: UnsafeMutablePointer<Double> = .allocate(capacity: 0)
    var scoreLogCapacity = 0
    var evalLogCapacity = 0
    /// The epoch's evaluations (validator scores with their submission's consensus) grouped by
    /// validator, in submission order within a validator.
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
    var penaltyFactor: [Double]
    var flags: [Int]
    var plagiarism: PlagiarismDetector<R>?
    /// The per-submission formulas' parameters when they are the defaults (evaluated in place).
    let inline: InlineFormulas
    /// Raw per-run copies of the tables the loop reads.
    let table: EngineTables
    /// Draws every epoch's random values that no earlier result can change (see ``EpochDraws``).
    let drawer: EpochDrawer<R>
    /// The draws of the epoch being run, when the engine draws them itself (``runEpoch(_:)``).
    let ownDraws: EpochDraws
    let isCopycatBuffer: UnsafeMutablePointer<Bool>
    let drawPool: UnsafeMutablePointer<Int>
    /// Scores the submissions this thread scores.
    let scorer: SubmissionScorer
    /// Time spent drawing and scoring this thread's miners in ``runEpoch(_:draws:ownMiners:)``
    /// (for ``SimulationRunner``'s rebalancing; reset by the runner).
    var ownMinerNanos: UInt64 = 0
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
        steps = Array(repeating: 0, count: minerCount)
        minerScores = Array(repeating: [], count: minerCount)
        trapScores = Array(repeating: [], count: minerCount)
        trapTruths = Array(repeating: [], count: minerCount)
        given = Array(repeating: [], count: validatorCount)
        consensusSeen = Array(repeating: [], count: validatorCount)
        let k = settings.assignedValidators
        penaltyFactor = Array(repeating: 1, count: minerCount)
        flags = Array(repeating: 0, count: minerCount)
        validatorCursor = .filled(0, count: validatorCount + 1)
        inline = InlineFormulas(formulas)
        table = EngineTables(domainBonus: domainBonus, base: miners.map(\.profile.base), noise: noise, stakes: stakes,
                             validatorBias: validators.map(\.profile.bias), validatorNoise: validators.map(\.profile.noise),
                             checkWeights: checkWeights, validatorsPerSubmission: k)
        hasCopycats = isCopycat.contains(true)
        isCopycatBuffer = .filled(false, count: minerCount)
        for m in 0..<minerCount { isCopycatBuffer[m] = isCopycat[m] }
        drawPool = .filled(0, count: validatorCount)
        drawer = EpochDrawer(plan: plan, generator: generator, minerCount: minerCount, validatorCount: validatorCount,
                             domainCount: domainCount, k: k, referenceDraws: settings.generator == .pythonCompat,
                             minerRNG: minerRNGBuffer, validatorRNG: validatorRNGBuffer, table: table,
                             isCopycat: isCopycatBuffer, hasCopycats: hasCopycats, pool: drawPool)
        scorer = SubmissionScorer(formulas: formulas, table: table, domains: domains, checkWeights: checkWeights,
                                  defaultChecks: defaultChecks, minerCount: minerCount, k: k,
                                  isCopycat: hasCopycats ? UnsafePointer(isCopycatBuffer) : nil)
        ownDraws = EpochDraws(minerCount: minerCount, taskCapacity: settings.tasksPerEpoch, k: k)
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

    /// A scorer of its own for another thread (``DrawPipeline``); valid while the engine lives.
    func makeScorer() -> SubmissionScorer {
        SubmissionScorer(formulas: formulas, table: table, domains: domains, checkWeights: checkWeights,
                         defaultChecks: defaultChecks, minerCount: minerCount, k: settings.assignedValidators,
                         isCopycat: hasCopycats ? UnsafePointer(isCopycatBuffer) : nil)
    }

    deinit {
        minerRNGBuffer.deinitialize(count: minerCount)
        minerRNGBuffer.deallocate()
        validatorRNGBuffer.deinitialize(count: validatorCount)
        validatorRNGBuffer.deallocate()
        scoreLog.deallocate()
        table.free()
        evalGroupedScore.deallocate()
        evalGroupedConsensus.deallocate()
        validatorCursor.deallocate()
        isCopycatBuffer.deallocate()
        drawPool.deallocate()
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

    /// Makes sure the per-epoch logs hold `submissions` submissions.
    private func reserveLogs(submissions: Int) {
        let k = settings.assignedValidators
        if submissions > scoreLogCapacity {
            scoreLog.deallocate()
            scoreLog = .allocate(capacity: submissions)
            scoreLogCapacity = submissions
        }
        if submissions * k > evalLogCapacity {
            evalLogCapacity = submissions * k
            evalGroupedScore.deallocate(); evalGroupedConsensus.deallocate()
            evalGroupedScore = .allocate(capacity: evalLogCapacity)
            evalGroupedConsensus = .allocate(capacity: evalLogCapacity)
        }
    }

    /// Runs epoch `epoch` (from 1) and returns its report, drawing the epoch's random values itself.
    /// - Throws: ``SimulationError`` when an invariant fails.
    func runEpoch(_ epoch: Int) throws(SimulationError) -> EpochReport {
        drawer.drawShared(epoch: epoch, into: ownDraws)
        drawer.drawMiners(0..<minerCount, into: ownDraws)
        scorer.score(0..<minerCount, draws: ownDraws)
        return try score(epoch, draws: ownDraws)
    }

    /// Runs epoch `epoch` from draws made elsewhere (``DrawPipeline``): `draws` holds the epoch's
    /// shared draws, and the dimensions and scores of every honest miner from `ownMiners` on; this
    /// call draws and scores the honest miners below `ownMiners` first.
    func runEpoch(_ epoch: Int, draws: EpochDraws, ownMiners: Int) throws(SimulationError) -> EpochReport {
        if ownMiners > 0 {
            let start = DispatchTime.now().uptimeNanoseconds
            drawer.drawMiners(0..<ownMiners, into: draws)
            scorer.score(0..<ownMiners, draws: draws)
            ownMinerNanos &+= DispatchTime.now().uptimeNanoseconds &- start
        }
        return try score(epoch, draws: draws)
    }

    /// Completes epoch `epoch` from its draws, whose honest submissions are scored: copycats copy
    /// and are scored, plagiarism is checked, the CMS are logged in submission order, and the epoch
    /// is settled (steps 4–12).
    private func score(_ epoch: Int, draws: EpochDraws) throws(SimulationError) -> EpochReport {
        tasks = draws.tasks
        let k = settings.assignedValidators
        let n = validatorCount
        let minerCount = self.minerCount
        let tasks = self.tasks
        let submissions = tasks.count &* minerCount
        reserveLogs(submissions: submissions)
        let scoreLog = self.scoreLog
        let allDims = draws.dims, allSteps = draws.steps
        var steps = self.steps, penaltyFactor = self.penaltyFactor
        var flags = self.flags, minerBreakthroughs = self.minerBreakthroughs, difficulties = self.difficulties
        self.steps = []; self.penaltyFactor = []; self.flags = []; self.minerBreakthroughs = []
        self.difficulties = []
        let isCopycat = self.isCopycat, copycatTarget = self.copycatTarget
        let plagiarism = self.plagiarism
        let leader = leaderIndex()

        for m in 0..<minerCount { flags[m] = 0 }
        difficulties.removeAll(keepingCapacity: true)
        for task in tasks { difficulties.append(task.difficulty) }
        if hasCopycats {
            // 3a: copycats submit their target's answer (the previous epoch's leader by default).
            for t in 0..<tasks.count {
                let row = t &* minerCount
                for m in 0..<minerCount where isCopycat[m] {
                    let target = copycatTarget[m] ?? leader
                    allDims[row &+ m] = allDims[row &+ target]
                    allSteps[row &+ m] = allSteps[row &+ target]
                }
            }
            scorer.score(0..<minerCount, draws: draws, copycats: true)
        }
        var cmsSum = 0.0
        var epochBreakthroughs = 0
        var plagiarismFlags = 0
        let cmsIn = draws.cms, breakthroughIn = draws.breakthrough
        for (taskIndex, task) in tasks.enumerated() {
            let row = taskIndex &* minerCount
            if let detector = plagiarism {
                for m in 0..<minerCount {
                    steps[m] = allSteps[row &+ m]
                    penaltyFactor[m] = 1
                }
                detector.submit(epoch: epoch, taskIndex: taskIndex, task: task, order: submissionOrder, steps: steps,
                                copyTargets: copycatTarget, leader: leader, copyNoise: copyNoise, factors: &penaltyFactor)
                for m in 0..<minerCount where penaltyFactor[m] != 1 {
                    flags[m] += 1
                    plagiarismFlags += 1
                }
            }
            // The submissions' CMS in submission order (the penalty after the breakthrough multiplier).
            for m in 0..<minerCount {
                var cms = cmsIn[row &+ m]
                if breakthroughIn[row &+ m] {
                    epochBreakthroughs += 1
                    minerBreakthroughs[m] += 1
                }
                if plagiarism != nil { cms *= penaltyFactor[m] }
                scoreLog[row &+ m] = cms
                cmsSum += cms
            }
        }
        let cmsCount = submissions
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
        let evalCount = submissions &* k
        let assignedAll = draws.assigned, evalScoresAll = draws.evalScores, consensusAll = draws.consensus
        for v in 0...n { cursor[v] = 0 }
        for e in 0..<evalCount { cursor[assignedAll[e] &+ 1] &+= 1 }
        for v in 0..<n { cursor[v &+ 1] &+= cursor[v] }
        let groupedScore = self.evalGroupedScore, groupedConsensus = self.evalGroupedConsensus
        for row in 0..<submissions {
            let c = consensusAll[row]
            for e in (row &* k)..<(row &* k &+ k) {
                let v = assignedAll[e]
                let slot = cursor[v]
                groupedScore[slot] = evalScoresAll[e]
                groupedConsensus[slot] = c
                cursor[v] = slot &+ 1
            }
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
        self.steps = steps; self.penaltyFactor = penaltyFactor
        self.flags = flags; self.minerBreakthroughs = minerBreakthroughs; self.difficulties = difficulties
        plagiarism?.endEpoch()
        return try settle(epoch: epoch, dimensionSums: draws.dimensionSums, cmsSum: cmsSum, cmsCount: cmsCount,
                          breakthroughs: epochBreakthroughs,
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
    private func settle(epoch: Int, dimensionSums: UnsafeMutablePointer<Double>, cmsSum: Double, cmsCount: Int, breakthroughs: Int,
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
