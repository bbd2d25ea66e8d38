import ScoringCore

/// The texts of one task's submissions, every miner's in the same three buffers: reasoning-step
/// words, step lengths and final-answer words, each miner's text one run of each (its
/// ``Extent``).
///
/// Writing a submission appends to the buffers, so a task's texts cost no allocation once the
/// buffers have grown and no per-miner array has to be taken out and put back; a copycat's text is
/// copied from its target's run, written earlier in the same task.
struct SubmissionTexts {
    /// Where one miner's text lies in the buffers.
    struct Extent {
        var words: Range<Int> = 0..<0
        var steps: Range<Int> = 0..<0
        var answers: Range<Int> = 0..<0
    }

    private(set) var words: [Int32] = []
    private(set) var stepLengths: [Int] = []
    private(set) var answers: [Int32] = []
    /// Per miner; a miner not yet written in the current task has an empty extent.
    private(set) var extents: [Extent]

    init(miners: Int) {
        extents = Array(repeating: Extent(), count: miners)
    }

    /// One miner's text (miner 0), given as its parts.
    init(words: [Int32], stepLengths: [Int], answers: [Int32]) {
        self.words = words
        self.stepLengths = stepLengths
        self.answers = answers
        extents = [Extent(words: words.indices, steps: stepLengths.indices, answers: answers.indices)]
    }

    /// Forgets the previous task's texts (keeping the buffers' capacity).
    mutating func startTask() {
        words.removeAll(keepingCapacity: true)
        stepLengths.removeAll(keepingCapacity: true)
        answers.removeAll(keepingCapacity: true)
        for m in extents.indices { extents[m] = Extent() }
    }

    /// Writes miner `m`'s honest submission: `steps` reasoning steps of 6–12 words drawn from a
    /// vocabulary of `vocabulary` words, then the answer `[fixedAnswer, a random word]`.
    mutating func writeHonest<R: RandomSource>(_ m: Int, steps: Int, fixedAnswer: Int32, vocabulary: Int, generator: inout R) {
        let wordStart = words.count, stepStart = stepLengths.count, answerStart = answers.count
        // The step lengths are taken out while the words are written (the closure may not reach
        // into `self`), then put back.
        var lengths: [Int] = []
        swap(&lengths, &stepLengths)
        // Straight into room for the longest text (12 words a step).
        words.append(addingCapacity: 12 * steps) { out in
            for _ in 0..<steps {
                let length = 6 + generator.randbelow(7)
                for _ in 0..<length { out.append(Int32(generator.randbelow(vocabulary))) }
                lengths.append(length)
            }
        }
        swap(&lengths, &stepLengths)
        answers.append(addingCapacity: 2) { out in
            out.append(fixedAnswer)
            out.append(Int32(generator.randbelow(vocabulary)))
        }
        extents[m] = Extent(words: wordStart..<words.count, steps: stepStart..<stepLengths.count,
                            answers: answerStart..<answers.count)
    }

    /// Writes miner `m`'s copy of `target`'s submission (already written this task), each word
    /// replaced with probability `noise` by a random one.
    mutating func writeCopy<R: RandomSource>(_ m: Int, of target: Int, noise: Double, vocabulary: Int, generator: inout R) {
        let source = extents[target]
        let wordStart = words.count, stepStart = stepLengths.count, answerStart = answers.count
        for i in source.words {
            let w = words[i]
            words.append(noise > 0 && generator.random() < noise ? Int32(generator.randbelow(vocabulary)) : w)
        }
        for i in source.steps { stepLengths.append(stepLengths[i]) }
        for i in source.answers { answers.append(answers[i]) }
        extents[m] = Extent(words: wordStart..<words.count, steps: stepStart..<stepLengths.count,
                            answers: answerStart..<answers.count)
    }
}
