import ScoringCore

/// Plagiarism detection over simulated submissions (spec section "Plagiarism detector").
///
/// - Tokens of a submission: for each reasoning step its lower-cased words and their word
///   3-grams, plus the words of the final answer. Similarity is the Jaccard index of token sets.
/// - Fingerprint: SHA-256 of `task_id:miner_id:final_answer` followed by `:step` for each step; an
///   equal fingerprint counts as similarity 1.0 (``SubmissionFingerprints``).
/// - A submission is compared with the other miners' earlier submissions of the current epoch and
///   with every submission of the last `buffer_epochs` epochs; a similarity above `threshold`
///   multiplies its score by `penalty`.
///
/// Submissions arrive in ``EpochEngine/submissionOrder``: honest miners first (they answer), then
/// copycats (who copy answers already made), so an original is never flagged for being copied.
/// Candidates are found exactly with a prefix filter (a set with Jaccard ≥ t to another shares one
/// of its first `|x| − ⌈t·|x|⌉ + 1` tokens with that set's prefix) over one index of the whole
/// window (``SubmissionWindow``), then verified by exact Jaccard. Only the flag matters: a
/// submission is flagged when any candidate's similarity is above the threshold.
final class PlagiarismDetector<R: SimulationRandom> {
    let threshold: Double
    let penalty: Double
    let bufferEpochs: Int
    let minerIDs: [String]
    let isCopycat: [Bool]
    /// Everything a check changes; ``submit(epoch:taskIndex:task:order:steps:copyTargets:leader:copyNoise:factors:)``
    /// moves it into a local while it runs, so its accesses need no run-time exclusivity checks.
    private var state: State?

    /// Words of the current task's submission per miner: step words concatenated.
    var words: [[Int32]] { state!.texts.extents.map { Array(state!.texts.words[$0.words]) } }
    var stepLengths: [[Int]] { state!.texts.extents.map { Array(state!.texts.stepLengths[$0.steps]) } }
    var answers: [[Int32]] { state!.texts.extents.map { Array(state!.texts.answers[$0.answers]) } }
    var window: SubmissionWindow { state!.window }

    init(settings: SimulationSettings, plan: SeedPlan) {
        threshold = settings.plagiarism.threshold
        penalty = settings.plagiarism.penalty
        bufferEpochs = settings.plagiarism.bufferEpochs
        minerIDs = settings.roster.miners.map(\.id)
        isCopycat = settings.roster.miners.map(\.behaviour.isCopycat)
        let count = minerIDs.count
        state = State(textRNG: (0..<count).map { plan.text(miner: $0) }, texts: SubmissionTexts(miners: count),
                      window: SubmissionWindow(threshold: threshold, bufferEpochs: bufferEpochs),
                      fingerprints: SubmissionFingerprints.mayMatch(minerIDs: minerIDs) ? SubmissionFingerprints() : nil)
    }

    /// Submissions written and tokenized ahead of their check (see ``submit(epoch:taskIndex:task:order:steps:copyTargets:leader:copyNoise:factors:)``).
    static var batchSize: Int { State.BatchTokenSets.count }

    /// Writes every miner's submission for one task, checks each in arrival order and sets
    /// `factors[m]` to the penalty for flagged ones (others are left untouched).
    ///
    /// Miners are taken a batch at a time: first each submission of the batch is written and
    /// tokenized and the index slots its check will read are requested from memory
    /// (``SubmissionWindow/prefetch(_:)``), then the postings those slots point to
    /// (``SubmissionWindow/prefetchPostings(_:)``); then each is checked and stored, in arrival order. On a
    /// large window those slots are cache misses, and requested together they overlap instead of
    /// following one another. Writing does not depend on any check, so the order of the results
    /// and the texts are those of one miner at a time.
    func submit(epoch: Int, taskIndex: Int, task: SimulatedTask, order: [Int], steps: [Int], copyTargets: [Int?],
                leader: Int, copyNoise: [Double], factors: inout [Double]) {
        var s = state.take()!
        defer { state = s }
        s.fingerprints?.startTask()
        s.texts.startTask()
        var batchStart = 0
        while batchStart < order.count {
            let batch = order[batchStart..<min(batchStart + Self.batchSize, order.count)]
            // Each token set is moved out of `tokenSets` while used and back after, so no use copies it.
            var set = SubmissionTokenSet.placeholder
            for (k, m) in zip(0..., batch) {
                s.write(m, copycat: isCopycat[m], task: task, steps: steps[m], copyTarget: copyTargets[m] ?? leader, noise: copyNoise[m])
                swap(&set, &s.tokenSets[k])
                set.fill(s.texts, miner: m, threshold: threshold)
                s.window.prefetch(set)
                swap(&set, &s.tokenSets[k])
            }
            for k in 0..<batch.count {
                swap(&set, &s.tokenSets[k])
                s.window.prefetchPostings(set)
                swap(&set, &s.tokenSets[k])
            }
            for (k, m) in zip(0..., batch) {
                swap(&set, &s.tokenSets[k])
                defer { swap(&set, &s.tokenSets[k]) }
                var flagged = false
                if s.fingerprints != nil {
                    let e = s.texts.extents[m]
                    let text = SubmissionFingerprints.text(epoch: epoch, taskIndex: taskIndex, minerID: minerIDs[m], words: s.texts.words[e.words],
                                                           stepLengths: s.texts.stepLengths[e.steps], answers: s.texts.answers[e.answers])
                    flagged = s.fingerprints!.matchesAnother(SubmissionFingerprints.fingerprint(of: text), miner: Int32(m))
                        && 1.0 > threshold
                }
                if !flagged { flagged = s.window.hasCopy(of: set, excluding: Int32(m)) }
                if flagged { factors[m] = penalty }
                s.window.add(set, miner: Int32(m))
            }
            batchStart += batch.count
        }
    }

    /// Moves the current epoch's submissions into the rolling buffer.
    func endEpoch() {
        state!.window.endEpoch()
    }

    /// The detector's mutable state: text generators, the current task's texts, the token set being
    /// checked, the window and (when needed) the current task's fingerprints.
    struct State {
        var textRNG: [R]
        /// The current task's texts, every miner's.
        var texts: SubmissionTexts
        /// Token sets of the batch being checked (``PlagiarismDetector/batchSize``), inline so that
        /// moving one in and out is no uniqueness check of shared storage.
        var tokenSets = BatchTokenSets { _ in SubmissionTokenSet() }
        typealias BatchTokenSets = InlineArray<16, SubmissionTokenSet>
        var window: SubmissionWindow
        /// Kept only when two miners' fingerprints could ever be equal (``SubmissionFingerprints/mayMatch(minerIDs:)``).
        var fingerprints: SubmissionFingerprints?

        init(textRNG: [R], texts: SubmissionTexts, window: SubmissionWindow, fingerprints: SubmissionFingerprints?) {
            self.textRNG = textRNG
            self.texts = texts
            self.window = window
            self.fingerprints = fingerprints
        }

        /// Writes miner `m`'s submission text: an honest miner's `steps` reasoning steps of 6–12 random
        /// words and its answer, or a copycat's copy of `copyTarget`'s text with each word replaced with
        /// probability `noise`.
        mutating func write(_ m: Int, copycat: Bool, task: SimulatedTask, steps: Int, copyTarget target: Int, noise: Double) {
            let vocabulary = SubmissionVocabulary.words.count
            // The generators are taken out while drawn: a draw is then no nested access through `self`.
            var generators: [R] = []
            swap(&generators, &textRNG)
            defer { swap(&generators, &textRNG) }
            if copycat {
                texts.writeCopy(m, of: target, noise: noise, vocabulary: vocabulary, generator: &generators[m])
            } else {
                texts.writeHonest(m, steps: steps, fixedAnswer: Int32((task.domain * 31 + task.template * 7) % vocabulary),
                                  vocabulary: vocabulary, generator: &generators[m])
            }
        }
    }
}
