import ScoringCore
import Testing
@testable import Simulation

/// One task's texts in shared buffers: each miner's run is its own, copies are exact without
/// noise, and a new task starts empty.
struct SubmissionTextsTests {
    @Test func honestTextsHaveTheSpecShapeAndTheirOwnRuns() {
        var texts = SubmissionTexts(miners: 3)
        var g0 = Xoshiro256(seed: 1), g2 = Xoshiro256(seed: 2)
        texts.writeHonest(0, steps: 4, fixedAnswer: 7, vocabulary: 320, generator: &g0)
        texts.writeHonest(2, steps: 2, fixedAnswer: 9, vocabulary: 320, generator: &g2)
        let e0 = texts.extents[0], e2 = texts.extents[2]
        #expect(e0.steps.count == 4 && e2.steps.count == 2)
        #expect(texts.extents[1].words.isEmpty, "a miner not written has no text")
        for e in [e0, e2] {
            let lengths = Array(texts.stepLengths[e.steps])
            #expect(lengths.allSatisfy { (6...12).contains($0) })
            #expect(lengths.reduce(0, +) == e.words.count)
            #expect(texts.words[e.words].allSatisfy { (0..<320).contains($0) })
            #expect(e.answers.count == 2)
        }
        #expect(texts.answers[e0.answers.lowerBound] == 7 && texts.answers[e2.answers.lowerBound] == 9)
        #expect(e0.words.upperBound == e2.words.lowerBound, "runs follow one another")
        // The same draws as writing the words one by one from the same generator.
        var replay = Xoshiro256(seed: 1)
        var expected: [Int32] = []
        for length in texts.stepLengths[e0.steps] {
            #expect(6 + replay.randbelow(7) == length)
            for _ in 0..<length { expected.append(Int32(replay.randbelow(320))) }
        }
        #expect(Array(texts.words[e0.words]) == expected)
    }

    @Test func aNoiselessCopyIsExactAndANewTaskStartsEmpty() {
        var texts = SubmissionTexts(miners: 2)
        var g = Xoshiro256(seed: 5), c = Xoshiro256(seed: 6)
        texts.writeHonest(0, steps: 3, fixedAnswer: 1, vocabulary: 320, generator: &g)
        texts.writeCopy(1, of: 0, noise: 0, vocabulary: 320, generator: &c)
        let a = texts.extents[0], b = texts.extents[1]
        #expect(Array(texts.words[a.words]) == Array(texts.words[b.words]))
        #expect(Array(texts.stepLengths[a.steps]) == Array(texts.stepLengths[b.steps]))
        #expect(Array(texts.answers[a.answers]) == Array(texts.answers[b.answers]))
        texts.startTask()
        #expect(texts.words.isEmpty && texts.extents.allSatisfy { $0.words.isEmpty && $0.steps.isEmpty })
    }

    @Test func fullNoiseReplacesEveryWordFromTheCopycatsGenerator() {
        var texts = SubmissionTexts(miners: 2)
        var g = Xoshiro256(seed: 5), c = Xoshiro256(seed: 6)
        texts.writeHonest(0, steps: 2, fixedAnswer: 1, vocabulary: 320, generator: &g)
        texts.writeCopy(1, of: 0, noise: 1, vocabulary: 320, generator: &c)
        var replay = Xoshiro256(seed: 6)
        var expected: [Int32] = []
        for _ in texts.extents[0].words {
            _ = replay.random()
            expected.append(Int32(replay.randbelow(320)))
        }
        #expect(Array(texts.words[texts.extents[1].words]) == expected)
    }
}
