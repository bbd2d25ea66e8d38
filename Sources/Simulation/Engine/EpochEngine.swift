import Dispatch
import ScoringCore

/// The epoch loop of the spec (`reasonforge.md`, "The epoch loop"), generic over the generator so
/// each generator gets its own specialised copy of the loop.
///
/// One engine is one run: it owns every participant's generator and state (streaks, ranks,
/// totals, VAS history) and the per-epoch scratch, all in its ``_UnsafeArena``, so an epoch
/// allocates only its report. An epoch is three stages: its draws (``EpochDrawer`` into
/// ``EpochDraws``: tasks, honest answers, validator assignments and noise — nothing an earlier
/// epoch's result can change), the scoring of the honest submissions (``SubmissionScorer``), then
/// ``complete(_:draws:)``: copycats, plagiarism, the submission log and steps 4–12, each a
/// function below. The first two may run ahead on another thread (``DrawPipeline``); the results
/// are the same.
///
/// Every formula is the one the config (or a Swift caller, through ``FormulaSet``) selected, called
/// through its role protocol, once per batch: a task's submissions, or the epoch's miners or
/// validators.
///
/// Memory does not grow with epochs: the VAS history keeps only what the reputation and slashing
/// windows can see, and the plagiarism buffer keeps `buffer_epochs` epochs.
final class EpochEngine<R: NormalNoiseSource> {
    let settings: SimulationSettings
    let plan: SeedPlan
    let formulas: FormulaSet
    let minerCount: Int
    let validatorCount: Int
    let table: RunTables
    /// Draws every epoch's random values that no earlier result can change (see ``EpochDraws``).
    let drawer: EpochDrawer<R>
    /// Time spent drawing and scoring this thread's miners in ``runEpoch(_:draws:ownMiners:)``
    /// (for ``SimulationRunner``'s rebalancing; reset by the runner).
    var ownMinerNanos: UInt64 = 0

    private let arena = _UnsafeArena()
    private let scorer: SubmissionScorer
    /// The draws of the epoch being run, when the engine draws them itself (``runEpoch(_:)``).
    private let ownDraws: EpochDraws
    private let state: RunState
    private let scratch: EpochScratch
    private let copycats: CopycatPlan
    private var plagiarism: PlagiarismDetector<R>?
    /// `steps` and `penaltyFactor` in the form ``PlagiarismDetector`` takes them.
    private var plagiarismSteps: [Int]
    private var penaltyFactor: [Double]
    /// The chain that pays miners and validators when one is configured (`nil`: Eq. 5 and Eq. 8 pay).
    let chainStage: ChainStage?
    /// This epoch's chain payout (`nil` between tempos or without a chain).
    private var chainPayout: ChainStage.Payout?

    init(settings: SimulationSettings, plan: SeedPlan) {
        self.settings = settings
        self.plan = plan
        formulas = settings.formulas
        let miners = settings.roster.miners
        minerCount = miners.count
        validatorCount = settings.roster.validators.count
        let domainCount = settings.domains.domains.count
        // Each miner's generator draws its domain bonuses first (domain order), then its answers.
        var minerRNG: [R] = []
        var domainBonus: [Double] = []
        for i in 0..<minerCount {
            var rng: R = plan.miner(i)
            for _ in 0..<domainCount { domainBonus.append(rng.uniform(-0.05, 0.10)) }
            minerRNG.append(rng)
        }
        table = RunTables(settings: settings, domainBonus: domainBonus, arena: arena)
        let k = settings.assignedValidators
        drawer = EpochDrawer(plan: plan, generator: TaskGenerator(settings: settings), k: k,
                             referenceDraws: settings.generator == .pythonCompat,
                             minerRNG: arena.buffer(copying: minerRNG),
                             validatorRNG: arena.buffer(copying: (0..<validatorCount).map { plan.validator($0) }),
                             table: table, pool: arena.buffer(validatorCount, repeating: 0))
        scorer = SubmissionScorer(formulas: formulas, domains: settings.domains.domains, table: table, k: k)
        ownDraws = EpochDraws(minerCount: minerCount, taskCapacity: settings.tasksPerEpoch, k: k)
        let historyWindow = max(1, formulas.reputationMultiplier.window, formulas.slashing.window)
        state = RunState(minerCount: minerCount, validatorCount: validatorCount, historyWindow: historyWindow, arena: arena)
        scratch = EpochScratch(minerCount: minerCount, validatorCount: validatorCount, tasks: settings.tasksPerEpoch,
                               k: k, keepsMiners: settings.chain != nil, arena: arena)
        copycats = CopycatPlan(settings.roster)
        plagiarismSteps = Array(repeating: 0, count: minerCount)
        penaltyFactor = Array(repeating: 1, count: minerCount)
        if settings.plagiarism.enabled {
            plagiarism = PlagiarismDetector(settings: settings, plan: plan)
        }
        chainStage = settings.chain.map { ChainStage(settings: $0, roster: settings.roster) }
    }

    /// A scorer of its own for another thread (``DrawPipeline``).
    func makeScorer() -> SubmissionScorer {
        SubmissionScorer(formulas: formulas, domains: settings.domains.domains, table: table, k: settings.assignedValidators)
    }

    /// Each miner's total reward so far, roster order.
    var minerTotals: [Double] { state.minerTotal.array }
    /// Each validator's total reward so far, roster order.
    var validatorTotals: [Double] { state.validatorTotal.array }

    /// Runs epoch `epoch` (from 1) and returns its report, drawing the epoch's random values itself.
    /// - Throws: ``SimulationError`` when an invariant fails.
    func runEpoch(_ epoch: Int) throws(SimulationError) -> EpochReport {
        drawer.drawShared(epoch: epoch, into: ownDraws)
        drawer.drawMiners(0..<minerCount, into: ownDraws)
        scorer.score(0..<minerCount, draws: ownDraws)
        return try complete(epoch, draws: ownDraws)
    }

    /// Runs epoch `epoch` from draws made elsewhere (``DrawPipeline``): `draws` holds the epoch's
    /// shared draws, and the dimensions and scores of every honest miner from `ownMiners` on; this
    /// call draws and scores the honest miners below `ownMiners` first.
    func runEpoch(_ epoch: Int, draws: EpochDraws, ownMiners: Int) throws(SimulationError) -> EpochReport {
        if ownMiners > 0 {
            let start = DispatchTime.now().uptimeNanoseconds
            drawer.drawMiners(0..<ownMiners, into: draws)
            scorer.score(0..<ownMiners, draws: draws)
            ownMinerNanos += DispatchTime.now().uptimeNanoseconds - start
        }
        return try complete(epoch, draws: draws)
    }

    /// Completes epoch `epoch` from its draws, whose honest submissions are scored: the copycats'
    /// submissions (3a–3b), the submission log with plagiarism penalties, then steps 4–12.
    private func complete(_ epoch: Int, draws: EpochDraws) throws(SimulationError) -> EpochReport {
        let leader = leaderIndex()
        if table.hasCopycats {
            copyAnswers(draws, leader: leader)
            scorer.score(0..<minerCount, draws: draws, copycats: true)
        }
        let log = logSubmissions(epoch, draws: draws, leader: leader)
        logTraps(draws.tasks)
        groupEvaluationsByValidator(draws)
        try scoreMinersForEpoch(epoch, tasks: draws.tasks)
        try rankMiners(epoch)
        try awardExcellenceBonuses(epoch)
        var shares = try splitEmission(epoch)
        if let chainStage {
            chainStage.observe(scores: scratch.groupedScores, miners: scratch.groupedMiners, ends: scratch.groupEnds)
            shares = try payFromChain(epoch, chainStage)
        } else {
            try payMiners(epoch, pool: shares.miners)
        }
        try scoreValidatorAccuracy(epoch)
        try updateReputations(epoch)
        try computeSlashes(epoch)
        if chainStage == nil { try payValidators(epoch, pool: shares.validators) }
        return report(epoch, draws: draws, shares: shares, log: log)
    }

    // MARK: - Step 3: copycats, plagiarism and the submission log

    /// The best-ranked honest miner of the previous epoch (the first honest miner before any ranking).
    func leaderIndex() -> Int {
        var best = -1
        for m in 0..<minerCount where !table.isCopycat[m] {
            if best < 0 { best = m; continue }
            if state.rank[m] > 0 && (state.rank[best] == 0 || state.rank[m] < state.rank[best]) { best = m }
        }
        return best
    }

    /// 3a for copycats: each submits its target's answer (the previous epoch's leader by default).
    private func copyAnswers(_ draws: EpochDraws, leader: Int) {
        for t in 0..<draws.tasks.count {
            let row = t * minerCount
            for m in 0..<minerCount where table.isCopycat[m] {
                let target = copycats.target[m] ?? leader
                draws.dims[row + m] = draws.dims[row + target]
                draws.steps[row + m] = draws.steps[row + target]
            }
        }
    }

    /// What the submission log adds up over the epoch.
    struct SubmissionTotals {
        var cmsSum = 0.0
        var breakthroughs = 0
        var plagiarismFlags = 0
    }

    /// Every submission's CMS in submission order (task by task) into the score log, after the
    /// plagiarism penalty when detection is on (the penalty applies after the breakthrough multiplier).
    private func logSubmissions(_ epoch: Int, draws: EpochDraws, leader: Int) -> SubmissionTotals {
        var totals = SubmissionTotals()
        scratch.flags.fill(0, count: minerCount)
        let cmsIn = draws.cms, breakthrough = draws.breakthrough, scoreLog = scratch.scoreLog
        let breakthroughs = state.breakthroughs, detecting = plagiarism != nil
        for (t, task) in draws.tasks.enumerated() {
            let row = t * minerCount
            if detecting { totals.plagiarismFlags += checkPlagiarism(epoch, task: task, taskIndex: t, draws: draws, leader: leader) }
            for m in 0..<minerCount {
                var cms = cmsIn[row + m]
                if breakthrough[row + m] {
                    totals.breakthroughs += 1
                    breakthroughs[m] += 1
                }
                if detecting { cms *= penaltyFactor[m] }
                scoreLog[row + m] = cms
                totals.cmsSum += cms
            }
            scratch.difficulties[t] = task.difficulty
        }
        plagiarism?.endEpoch()
        return totals
    }

    /// Every miner's submission to task `taskIndex` checked in arrival order; sets `penaltyFactor`
    /// and counts the flags. Returns the number of flagged submissions.
    private func checkPlagiarism(_ epoch: Int, task: SimulatedTask, taskIndex: Int, draws: EpochDraws, leader: Int) -> Int {
        guard let detector = plagiarism else { return 0 }
        let row = taskIndex * minerCount
        for m in 0..<minerCount {
            plagiarismSteps[m] = draws.steps[row + m]
            penaltyFactor[m] = 1
        }
        detector.submit(epoch: epoch, taskIndex: taskIndex, task: task, order: copycats.submissionOrder, steps: plagiarismSteps,
                        copyTargets: copycats.target, leader: leader, copyNoise: copycats.noise, factors: &penaltyFactor)
        var flagged = 0
        for m in 0..<minerCount where penaltyFactor[m] != 1 {
            scratch.flags[m] += 1
            flagged += 1
        }
        return flagged
    }

    /// The trap tasks' rows of the score log, in task order, with their ground truths (for Eq. 9).
    private func logTraps(_ tasks: [SimulatedTask]) {
        var traps = 0
        for (t, task) in tasks.enumerated() where task.isTrap {
            scratch.trapLog.slice((traps * minerCount)..<((traps + 1) * minerCount))
                .assign(from: scratch.scoreLog.slice((t * minerCount)..<((t + 1) * minerCount)), count: minerCount)
            scratch.trapTruths[traps] = task.groundTruth
            traps += 1
        }
        scratch.trapCount = traps
    }

    /// The epoch's evaluations grouped by validator (a stable counting sort: within a validator, in
    /// submission order), each with its submission's consensus (for Eq. 7) and, when a chain is
    /// configured, its miner (for the validators' own views).
    private func groupEvaluationsByValidator(_ draws: EpochDraws) {
        let k = settings.assignedValidators, submissions = draws.tasks.count * minerCount
        let ends = scratch.groupEnds, assigned = draws.assigned, evalScores = draws.evalScores, consensus = draws.consensus
        let groupedScores = scratch.groupedScores, groupedConsensus = scratch.groupedConsensus
        ends.fill(0, count: validatorCount + 1)
        for e in 0..<(submissions * k) { ends[assigned[e] + 1] += 1 }
        for v in 0..<validatorCount { ends[v + 1] += ends[v] }
        let keepMiners = chainStage != nil, groupedMiners = scratch.groupedMiners
        var miner: Int32 = 0
        let m = Int32(minerCount)
        for row in 0..<submissions {
            let c = consensus[row]
            for e in (row * k)..<(row * k + k) {
                let v = assigned[e], slot = ends[v]
                groupedScores[slot] = evalScores[e]
                groupedConsensus[slot] = c
                if keepMiners { groupedMiners[slot] = miner }
                ends[v] = slot + 1
            }
            // Rows run task by task, miner by miner.
            miner += 1
            if miner == m { miner = 0 }
        }
        // Now ends[v] is where validator v's group ends (and v + 1's starts).
    }

    // MARK: - Steps 4–7: miners

    /// Step 4: each miner's trap penalty (Eq. 9) from its trap scores, then its epoch score (Eq. 3).
    private func scoreMinersForEpoch(_ epoch: Int, tasks: [SimulatedTask]) throws(SimulationError) {
        let m = minerCount, traps = scratch.trapCount, taskCount = tasks.count
        let penaltyFormula = formulas.trapPenalty, epochScore = formulas.epochScore
        scratch.trapLog.withSpan(count: traps * m) { trapScores in
            scratch.trapTruths.withSpan(count: traps) { truths in
                scratch.trapPenalty.withMutableSpan { penaltyFormula.penalties(trapScores: trapScores, groundTruths: truths, into: &$0) }
            }
        }
        for j in 0..<m {
            let tp = scratch.trapPenalty[j]
            guard tp.isFinite, tp >= 0, tp <= 1 else {
                throw fail(epoch, .trapPenalty, "trap penalty of \(minerID(j)) is \(tp), outside [0, 1]")
            }
        }
        scratch.scoreLog.withSpan(count: taskCount * m) { scores in
            scratch.difficulties.withSpan(count: taskCount) { difficulties in
                scratch.trapPenalty.withSpan { penalties in
                    scratch.sEpoch.withMutableSpan {
                        epochScore.epochScores(scores: scores, difficulties: difficulties, trapPenalties: penalties, into: &$0)
                    }
                }
            }
        }
        for j in 0..<m {
            let value = scratch.sEpoch[j]
            guard value.isFinite, value >= 0 else {
                throw fail(epoch, .epochScore, "S_epoch of \(minerID(j)) is \(value); it must be finite and ≥ 0")
            }
        }
    }

    /// Step 5: rank by S_epoch descending (ties in roster order, as Python's stable sort); a
    /// miner's streak grows when it ranks within the bonus's top K with a positive score, else resets.
    private func rankMiners(_ epoch: Int) throws(SimulationError) {
        let s = scratch.sEpoch, ranked = scratch.ranked, topK = formulas.excellenceBonus.topK
        for m in 0..<minerCount { ranked[m] = m }
        ranked.sort(count: minerCount) { s[$0] > s[$1] || (s[$0] == s[$1] && $0 < $1) }
        scratch.seen.fill(false, count: minerCount)
        for position in 0..<minerCount {
            let m = ranked[position]
            guard !scratch.seen[m] else { throw fail(epoch, nil, "ranking is not a permutation (miner \(m) ranked twice)") }
            scratch.seen[m] = true
            state.rank[m] = position + 1
            state.streak[m] = (position + 1 <= topK && s[m] > 0) ? state.streak[m] + 1 : 0
        }
    }

    /// Step 6: each miner's excellence bonus (Eq. 4) from its new rank and streak.
    private func awardExcellenceBonuses(_ epoch: Int) throws(SimulationError) {
        let bonus = formulas.excellenceBonus
        state.rank.withSpan { ranks in
            state.streak.withSpan { streaks in scratch.peb.withMutableSpan { bonus.bonuses(ranks: ranks, streaks: streaks, into: &$0) } }
        }
        for m in 0..<minerCount {
            let value = scratch.peb[m]
            guard value.isFinite, value >= 0 else {
                throw fail(epoch, .excellenceBonus, "PEB of \(minerID(m)) is \(value); it must be finite and ≥ 0")
            }
        }
    }

    /// Eq. 1: the epoch's emission split between miners and validators.
    private func splitEmission(_ epoch: Int) throws(SimulationError) -> EmissionShares {
        let emission = settings.emission, split = formulas.emissionSplit
        scratch.emission[0] = emission
        scratch.emission.withSpan { totals in
            scratch.minerShare.withMutableSpan { miners in
                scratch.validatorShare.withMutableSpan { split.splits(totals: totals, miners: &miners, validators: &$0) }
            }
        }
        let shares = EmissionShares(miners: scratch.minerShare[0], validators: scratch.validatorShare[0])
        guard shares.miners.isFinite, shares.validators.isFinite, shares.miners >= 0, shares.validators >= 0,
              abs(shares.miners + shares.validators - emission) <= 1e-9 * emission else {
            throw fail(epoch, .emissionSplit, "shares \(shares.miners) + \(shares.validators) do not conserve the emission \(emission)")
        }
        return shares
    }

    /// Step 7: the miner pool split by Eq. 5 over the ranked miners; each reward rounded to 6
    /// decimals and added to the miner's total.
    private func payMiners(_ epoch: Int, pool: Double) throws(SimulationError) {
        for position in 0..<minerCount {
            let m = scratch.ranked[position]
            scratch.rankedScores[position] = scratch.sEpoch[m]
            scratch.rankedBonuses[position] = scratch.peb[m]
        }
        let emission = formulas.minerEmission
        scratch.rankedScores.withSpan { scores in
            scratch.rankedBonuses.withSpan { bonuses in
                scratch.minerRewards.withMutableSpan { emission.distribute(pool: pool, scores: scores, bonuses: bonuses, into: &$0) }
            }
        }
        try checkSplit(scratch.minerRewards, pool: pool, epoch: epoch, role: .minerEmission)
        for position in 0..<minerCount {
            let m = scratch.ranked[position]
            state.minerTotal[m] += PythonRounding.round6(scratch.minerRewards[position])
        }
    }

    /// Steps 7 and 11 when a chain is configured: at the end of a tempo every validator sets its
    /// weights and the chain splits the tempo's emission; each UID's TAO, rounded to 6 decimals, is
    /// added to its total. Between tempos nobody is paid.
    private func payFromChain(_ epoch: Int, _ chain: ChainStage) throws(SimulationError) -> EmissionShares {
        do {
            chainPayout = try chain.settle(epoch: epoch, excellence: formulas.excellenceBonus)
        } catch {
            throw fail(epoch, nil, error.message)
        }
        var miners = 0.0, validators = 0.0
        for position in 0..<minerCount {
            let m = scratch.ranked[position]
            let tao = chainPayout?.perUID[m] ?? 0
            guard tao.isFinite, tao >= 0 else { throw fail(epoch, nil, "the chain paid \(minerID(m)) \(tao) TAO") }
            scratch.minerRewards[position] = tao
            state.minerTotal[m] += PythonRounding.round6(tao)
            miners += tao
        }
        for v in 0..<validatorCount {
            let tao = chainPayout?.perUID[minerCount + v] ?? 0
            guard tao.isFinite, tao >= 0 else { throw fail(epoch, nil, "the chain paid \(validatorID(v)) \(tao) TAO") }
            scratch.validatorRewards[v] = tao
            state.validatorTotal[v] += PythonRounding.round6(tao)
            validators += tao
        }
        if let payout = chainPayout {
            let distributed = payout.emission - payout.ownerTao
            guard abs(miners + validators - distributed) <= 1e-6 * max(1, distributed) else {
                throw fail(epoch, nil, "the chain paid \(miners + validators) TAO of \(distributed) (emission not conserved)")
            }
        }
        return EmissionShares(miners: miners, validators: validators)
    }

    // MARK: - Steps 8–11: validators

    /// Step 8: each validator's accuracy (Eq. 7), appended to its VAS history.
    private func scoreValidatorAccuracy(_ epoch: Int) throws(SimulationError) {
        let accuracy = formulas.validatorAccuracy
        let evaluations = validatorCount > 0 ? scratch.groupEnds[validatorCount - 1] : 0
        scratch.groupedScores.withSpan(count: evaluations) { scores in
            scratch.groupedConsensus.withSpan(count: evaluations) { consensus in
                scratch.groupEnds.withSpan(count: validatorCount) { ends in
                    scratch.vas.withMutableSpan { accuracy.accuracies(scores: scores, consensus: consensus, groupEnds: ends, into: &$0) }
                }
            }
        }
        for v in 0..<validatorCount {
            let value = scratch.vas[v]
            guard value.isFinite, value >= 0, value <= 1 else {
                throw fail(epoch, .validatorAccuracy, "VAS of \(validatorID(v)) is \(value), outside [0, 1]")
            }
        }
        state.appendToHistory(scratch.vas)
    }

    /// Step 9: each validator's reputation multiplier from its VAS history.
    private func updateReputations(_ epoch: Int) throws(SimulationError) {
        let reputation = formulas.reputationMultiplier
        state.withHistory { histories in scratch.reputation.withMutableSpan { reputation.multipliers(histories: histories, into: &$0) } }
        for v in 0..<validatorCount {
            let rep = scratch.reputation[v]
            guard rep.isFinite, rep > 0 else {
                throw fail(epoch, .reputationMultiplier, "reputation of \(validatorID(v)) is \(rep); it must be finite and > 0")
            }
        }
    }

    /// Step 10: the stake each validator would be slashed (Eq. 10; reported, not deducted).
    private func computeSlashes(_ epoch: Int) throws(SimulationError) {
        let slashing = formulas.slashing
        table.stakes.withSpan { stakes in
            state.withHistory { histories in scratch.slashed.withMutableSpan { slashing.slashes(stakes: stakes, histories: histories, into: &$0) } }
        }
        for v in 0..<validatorCount {
            let cut = scratch.slashed[v]
            guard cut.isFinite, cut >= 0, cut <= table.stakes[v] else {
                throw fail(epoch, .slashing, "slash of \(validatorID(v)) is \(cut), outside [0, stake]")
            }
        }
    }

    /// Step 11: the validator pool split by Eq. 8; each reward rounded to 6 decimals and added to
    /// the validator's total.
    private func payValidators(_ epoch: Int, pool: Double) throws(SimulationError) {
        let emission = formulas.validatorEmission
        scratch.vas.withSpan { accuracy in
            table.stakes.withSpan { stakes in
                scratch.reputation.withSpan { reputations in
                    scratch.validatorRewards.withMutableSpan {
                        emission.distribute(pool: pool, accuracy: accuracy, stakes: stakes, reputations: reputations, into: &$0)
                    }
                }
            }
        }
        try checkSplit(scratch.validatorRewards, pool: pool, epoch: epoch, role: .validatorEmission)
        for v in 0..<validatorCount { state.validatorTotal[v] += PythonRounding.round6(scratch.validatorRewards[v]) }
    }

    // MARK: - Step 12: the report

    private func report(_ epoch: Int, draws: EpochDraws, shares: EmissionShares, log: SubmissionTotals) -> EpochReport {
        let taskCount = draws.tasks.count, submissions = Double(max(1, taskCount))
        var miners: [MinerEpochResult] = []
        miners.reserveCapacity(minerCount)
        for position in 0..<minerCount {
            let m = scratch.ranked[position], sums = draws.dimensionSums
            let means = DimensionScores(quality: sums[4 * m] / submissions, accuracy: sums[4 * m + 1] / submissions,
                                        novelty: sums[4 * m + 2] / submissions, efficiency: sums[4 * m + 3] / submissions)
            miners.append(MinerEpochResult(
                miner: m, rank: position + 1, sEpoch: scratch.sEpoch[m], peb: scratch.peb[m], streak: state.streak[m],
                epochTao: PythonRounding.round6(scratch.minerRewards[position]), totalTao: state.minerTotal[m],
                trapPenalty: scratch.trapPenalty[m], breakthroughs: state.breakthroughs[m],
                plagiarismFlags: scratch.flags[m], dimensions: means,
                chain: chainStage?.last.map { MinerChainFigures(incentive: $0.incentive[m], consensus: $0.consensus[m], trust: $0.trust[m]) }))
        }
        var validators: [ValidatorEpochResult] = []
        validators.reserveCapacity(validatorCount)
        for v in 0..<validatorCount {
            validators.append(ValidatorEpochResult(
                validator: v, vas: scratch.vas[v], reputation: scratch.reputation[v],
                epochTao: PythonRounding.round6(scratch.validatorRewards[v]), totalTao: state.validatorTotal[v],
                slashed: scratch.slashed[v], chain: chainFigures(validator: v)))
        }
        return EpochReport(
            epoch: epoch, totalEmission: chainStage == nil ? settings.emission : (chainPayout?.emission ?? 0),
            minerPool: shares.miners, validatorPool: shares.validators,
            tasksProcessed: taskCount, trapsInjected: scratch.trapCount, breakthroughs: log.breakthroughs,
            avgCMS: taskCount * minerCount > 0 ? log.cmsSum / Double(taskCount * minerCount) : 0,
            miners: miners, validators: validators, plagiarismFlags: log.plagiarismFlags,
            chain: chainStage.map { EpochChainFigures(ran: chainPayout != nil, chainEpochs: $0.steps, ownerTao: chainPayout?.ownerTao ?? 0) })
    }

    private func chainFigures(validator v: Int) -> ValidatorChainFigures? {
        guard let chainStage, let last = chainStage.last else { return nil }
        let uid = minerCount + v
        return ValidatorChainFigures(dividends: last.dividends[uid], validatorTrust: last.validatorTrust[uid],
                                     bonds: chainStage.bondSum(validator: v), setWeights: chainStage.setAtLastStep[v])
    }

    // MARK: - Invariants

    private func minerID(_ m: Int) -> String { settings.roster.miners[m].id }
    private func validatorID(_ v: Int) -> String { settings.roster.validators[v].id }

    private func fail(_ epoch: Int, _ role: FormulaRole?, _ message: String) -> SimulationError {
        SimulationError(epoch: epoch, component: role.map { formulas.key($0) } ?? "simulation-loop", role: role, message: message)
    }

    /// Rewards: finite, ≥ 0, summing to the pool (unrounded, 1e-9 relative).
    private func checkSplit(_ rewards: _UnsafeArenaBuffer<Double>, pool: Double, epoch: Int, role: FormulaRole) throws(SimulationError) {
        var total = 0.0
        for i in 0..<rewards.count {
            let r = rewards[i]
            guard r.isFinite, r >= 0 else { throw fail(epoch, role, "reward #\(i + 1) is \(r); rewards must be finite and ≥ 0") }
            total += r
        }
        guard abs(total - pool) <= 1e-9 * max(1, pool) else {
            throw fail(epoch, role, "rewards sum to \(total), but the pool is \(pool) (emission not conserved)")
        }
    }

    /// The plagiarism buffer, for ``RetainedState``.
    var plagiarismBuffer: (epochs: Int, submissions: Int) {
        (plagiarism?.window.bufferedEpochs ?? 0, plagiarism?.window.storedSubmissions ?? 0)
    }
    /// Elements of Swift arrays the engine keeps (the plagiarism detector's inputs), for ``RetainedState``.
    var arrayCapacity: Int { plagiarismSteps.capacity + penaltyFactor.capacity }
    var historyLength: Int { state.historyLength }
    var arenaElements: Int { arena.elements }
}
