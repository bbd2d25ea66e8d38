import ScoringCore
import Sodium

/// Plagiarism detection over simulated submissions (spec section "Plagiarism detector").
///
/// - Tokens of a submission: for each reasoning step its lower-cased words and their word
///   3-grams, plus the words of the final answer. Similarity is the Jaccard index of token sets.
/// - Fingerprint: SHA-256 of `task_id:miner_id:final_answer` followed by `:step` for each step; an
///   equal fingerprint counts as similarity 1.0.
/// - A submission is compared with the other miners' earlier submissions of the current epoch and
///   with every submission of the last `buffer_epochs` epochs; a similarity above `threshold`
///   multiplies its score by `penalty`.
///
/// Submissions arrive in ``EpochEngine/submissionOrder``: honest miners first (they answer), then
/// copycats (who copy answers already made), so an original is never flagged for being copied.
/// Candidates are found exactly with a prefix filter (a set with Jaccard ≥ t to another shares one
/// of its first `|x| − ⌈t·|x|⌉ + 1` tokens with that set's prefix), then verified by exact Jaccard.
final class PlagiarismDetector<R: SimulationRandom> {
    let threshold: Double
    let penalty: Double
    let bufferEpochs: Int
    let minerIDs: [String]
    var textRNG: [R]
    /// Words of the current task's submission per miner: step words concatenated.
    var words: [[Int32]]
    var stepLengths: [[Int]]
    var answers: [[Int32]]
    var tokenScratch: [UInt64] = []
    var current = SubmissionStore()
    var ring: [SubmissionStore] = []
    let isCopycat: [Bool]

    init(settings: SimulationSettings, plan: SeedPlan) {
        threshold = settings.plagiarism.threshold
        penalty = settings.plagiarism.penalty
        bufferEpochs = settings.plagiarism.bufferEpochs
        minerIDs = settings.roster.miners.map(\.id)
        isCopycat = settings.roster.miners.map(\.behaviour.isCopycat)
        let count = minerIDs.count
        textRNG = (0..<count).map { plan.text(miner: $0) }
        words = Array(repeating: [], count: count)
        stepLengths = Array(repeating: [], count: count)
        answers = Array(repeating: [], count: count)
    }

    /// Writes every miner's submission for one task, checks each in arrival order and sets
    /// `factors[m]` to the penalty for flagged ones (others are left untouched).
    func submit(epoch: Int, taskIndex: Int, task: SimulatedTask, order: [Int], steps: [Int], copyTargets: [Int?],
                leader: Int, copyNoise: [Double], factors: inout [Double]) {
        let vocabulary = SubmissionVocabulary.words.count
        for m in order {
            words[m].removeAll(keepingCapacity: true)
            stepLengths[m].removeAll(keepingCapacity: true)
            answers[m].removeAll(keepingCapacity: true)
            if isCopycat[m] {
                let target = copyTargets[m] ?? leader
                // Copycat: the target's text with each word replaced with probability `noise`.
                let noise = copyNoise[m]
                for w in words[target] {
                    words[m].append(noise > 0 && textRNG[m].random() < noise ? Int32(textRNG[m].randbelow(vocabulary)) : w)
                }
                stepLengths[m] = stepLengths[target]
                answers[m] = answers[target]
            } else {
                for _ in 0..<steps[m] {
                    let length = 6 + textRNG[m].randbelow(7)
                    for _ in 0..<length { words[m].append(Int32(textRNG[m].randbelow(vocabulary))) }
                    stepLengths[m].append(length)
                }
                answers[m].append(Int32((task.domain &* 31 &+ task.template &* 7) % vocabulary))
                answers[m].append(Int32(textRNG[m].randbelow(vocabulary)))
            }
            tokens(of: m)
            let fingerprint = self.fingerprint(epoch: epoch, taskIndex: taskIndex, miner: m)
            var similarity = current.maxSimilarity(tokenScratch, fingerprint: fingerprint, excluding: Int32(m), threshold: threshold)
            for r in ring.indices where similarity <= threshold {
                similarity = max(similarity, ring[r].maxSimilarity(tokenScratch, fingerprint: fingerprint, excluding: Int32(m),
                                                                  threshold: threshold))
            }
            if similarity > threshold { factors[m] = penalty }
            current.add(tokenScratch, fingerprint: fingerprint, miner: Int32(m), threshold: threshold)
        }
    }

    /// Sorted, de-duplicated tokens of miner `m`'s current submission, into `tokenScratch`.
    private func tokens(of m: Int) {
        tokenScratch.removeAll(keepingCapacity: true)
        let w = words[m]
        var start = 0
        for length in stepLengths[m] {
            for i in start..<(start + length) { tokenScratch.append(SubmissionVocabulary.wordHashes[Int(w[i])]) }
            if length >= 3 {
                for i in start..<(start + length - 2) {
                    tokenScratch.append(SubmissionVocabulary.trigram(w[i], w[i + 1], w[i + 2]))
                }
            }
            start += length
        }
        for a in answers[m] { tokenScratch.append(SubmissionVocabulary.wordHashes[Int(a)]) }
        tokenScratch.sort()
        var out = 0
        for i in 0..<tokenScratch.count where i == 0 || tokenScratch[i] != tokenScratch[i - 1] {
            tokenScratch[out] = tokenScratch[i]
            out += 1
        }
        tokenScratch.removeLast(tokenScratch.count - out)
    }

    /// SHA-256 of `task_id:miner_id:final_answer(:step)*`.
    private func fingerprint(epoch: Int, taskIndex: Int, miner m: Int) -> Bytes32 {
        let vocabulary = SubmissionVocabulary.words
        var text = "e\(epoch)-t\(taskIndex):\(minerIDs[m]):"
        text += answers[m].map { vocabulary[Int($0)] }.joined(separator: " ")
        var start = 0
        for length in stepLengths[m] {
            text += ":" + words[m][start..<(start + length)].map { vocabulary[Int($0)] }.joined(separator: " ")
            start += length
        }
        return SubmissionStore.fingerprint(of: text)
    }

    /// Moves the current epoch's submissions into the rolling buffer.
    func endEpoch() {
        if bufferEpochs > 0 {
            ring.append(current)
            if ring.count > bufferEpochs { ring.removeFirst(ring.count - bufferEpochs) }
        }
        current = SubmissionStore()
    }
}

/// The submissions of one epoch: token sets, fingerprints and a prefix index.
struct SubmissionStore {
    var tokens: [UInt64] = []
    var starts: [Int] = [0]
    var miners: [Int32] = []
    var index: [UInt64: [Int32]] = [:]
    var fingerprints: [Bytes32: [Int32]] = [:]
    var visited: [Int] = []
    var visitStamp = 0

    /// SHA-256 of a submission's fingerprint text.
    static func fingerprint(of text: String) -> Bytes32 {
        Array(text.utf8).withUnsafeBytes { SHA256.hash($0) }
    }

    static func prefixLength(_ n: Int, threshold: Double) -> Int {
        guard n > 0 else { return 0 }
        return min(n, n - Int((threshold * Double(n)).rounded(.down)) + 1)
    }

    mutating func add(_ set: [UInt64], fingerprint: Bytes32, miner: Int32, threshold: Double) {
        let id = Int32(miners.count)
        miners.append(miner)
        tokens.append(contentsOf: set)
        starts.append(tokens.count)
        visited.append(0)
        for t in set.prefix(Self.prefixLength(set.count, threshold: threshold)) { index[t, default: []].append(id) }
        fingerprints[fingerprint, default: []].append(id)
    }

    /// The highest similarity of `set` to a stored submission of another miner that could exceed
    /// `threshold` (0 when none could).
    mutating func maxSimilarity(_ set: [UInt64], fingerprint: Bytes32, excluding miner: Int32, threshold: Double) -> Double {
        if let ids = fingerprints[fingerprint], ids.contains(where: { miners[Int($0)] != miner }) { return 1.0 }
        visitStamp += 1
        var best = 0.0
        for t in set.prefix(Self.prefixLength(set.count, threshold: threshold)) {
            guard let ids = index[t] else { continue }
            for id in ids {
                let i = Int(id)
                guard visited[i] != visitStamp, miners[i] != miner else { continue }
                visited[i] = visitStamp
                let j = jaccard(set, from: starts[i], to: starts[i + 1])
                if j > best { best = j }
            }
        }
        return best
    }

    private func jaccard(_ a: [UInt64], from: Int, to: Int) -> Double {
        let bCount = to - from
        guard !a.isEmpty || bCount > 0 else { return 1.0 }
        var i = 0
        var j = from
        var common = 0
        while i < a.count && j < to {
            if a[i] == tokens[j] { common += 1; i += 1; j += 1 } else if a[i] < tokens[j] { i += 1 } else { j += 1 }
        }
        return Double(common) / Double(a.count + bCount - common)
    }
}
