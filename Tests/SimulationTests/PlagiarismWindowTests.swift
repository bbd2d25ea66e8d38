import Foundation
import ScoringCore
import Testing
@testable import Simulation

/// The detector against the flags the previous implementation (one dictionary per epoch, commit
/// 34a2b15) computed, and against a brute-force model of the spec's rule.
struct PlagiarismWindowTests {
    /// Runs whose flags were recorded from the previous detector: per epoch and miner, the number of
    /// flagged submissions (`Fixtures/plagiarism/<name>.txt`, lines `epoch miner_id flags`, nonzero only,
    /// taken from the `plagiarism_flags` of the previous build's JSONL output).
    static let pinned: [(name: String, config: String, overrides: [String])] = [
        ("copycats-xoshiro", "configs/reasonforge/copycats.yaml", ["simulation.epochs=45"]),
        ("copycats-python-compat", "configs/reasonforge/copycats.yaml", ["simulation.epochs=45", "simulation.generator=python-compat"]),
        ("copycats-noisy-short-buffer", "configs/reasonforge/copycats.yaml",
         ["simulation.epochs=40", "simulation.miners.copycat_noise=0.04", "simulation.plagiarism.threshold=0.8",
          "simulation.plagiarism.buffer_epochs=4"]),
        ("default-xoshiro", "configs/default.yaml", ["simulation.epochs=40"]),
        ("default-python-compat", "configs/default.yaml", ["simulation.epochs=40", "simulation.generator=python-compat"]),
    ]

    static func flagLines(_ config: String, _ overrides: [String]) throws -> [String] {
        let settings = try TestSupport.pipeline(config, overrides).settings
        var lines: [String] = []
        _ = try SimulationRunner.run(settings) { report in
            let ids = settings.roster.miners.map(\.id)
            for row in report.miners.sorted(by: { ids[$0.miner] < ids[$1.miner] }) where row.plagiarismFlags > 0 {
                lines.append("\(report.epoch) \(ids[row.miner]) \(row.plagiarismFlags)")
            }
        }
        return lines
    }

    @Test(arguments: pinned.indices)
    func flagsAreThoseOfThePreviousDetector(_ i: Int) throws {
        let c = Self.pinned[i]
        let path = TestSupport.root.appendingPathComponent("Tests/SimulationTests/Fixtures/plagiarism/\(c.name).txt")
        let expected = try String(contentsOf: path, encoding: .utf8).split(separator: "\n")
            .filter { !$0.hasPrefix("#") }.map(String.init)
        let actual = try Self.flagLines(c.config, c.overrides)
        #expect(actual.count == expected.count, "\(c.name)")
        #expect(actual == expected, "\(c.name)")
    }

    /// The spec's rule by brute force: every stored submission of another miner in the window, token
    /// sets of 64-bit hashes, Jaccard above the threshold.
    struct BruteForce {
        var epochs: [[(miner: Int, tokens: Set<UInt64>)]] = [[]]
        let bufferEpochs: Int
        let threshold: Double

        static func tokens(words: [Int32], stepLengths: [Int], answers: [Int32]) -> Set<UInt64> {
            var set = Set<UInt64>()
            var start = 0
            for length in stepLengths {
                for i in start..<(start + length) { set.insert(SubmissionVocabulary.wordHashes[Int(words[i])]) }
                if length >= 3 {
                    for i in start..<(start + length - 2) { set.insert(SubmissionVocabulary.trigram(words[i], words[i + 1], words[i + 2])) }
                }
                start += length
            }
            for a in answers { set.insert(SubmissionVocabulary.wordHashes[Int(a)]) }
            return set
        }

        mutating func check(_ tokens: Set<UInt64>, miner: Int) -> Bool {
            var flagged = false
            for epoch in epochs { for s in epoch where s.miner != miner {
                let common = s.tokens.intersection(tokens).count
                if Double(common) / Double(s.tokens.count + tokens.count - common) > threshold { flagged = true }
            } }
            epochs[epochs.count - 1].append((miner, tokens))
            return flagged
        }

        mutating func endEpoch() {
            epochs.append([])
            if epochs.count > bufferEpochs + 1 { epochs.removeFirst() }
        }
    }

    @Test(arguments: [(0.95, 30, 0.01), (0.8, 3, 0.05), (0.5, 2, 0.2), (0.3, 0, 0.3), (0.9, 1, 0.0)])
    func detectorFlagsWhatTheBruteForceRuleFlags(_ threshold: Double, _ buffer: Int, _ noise: Double) throws {
        let settings = try TestSupport.pipeline("configs/reasonforge/copycats.yaml", [
            "simulation.plagiarism.threshold=\(threshold)", "simulation.plagiarism.buffer_epochs=\(buffer)",
            "simulation.miners.copycat_noise=\(noise)",
        ]).settings
        let detector = PlagiarismDetector<Xoshiro256>(settings: settings, plan: SeedPlan(scheme: .streams, seed: 9, run: 0))
        var model = BruteForce(bufferEpochs: buffer, threshold: threshold)
        let miners = settings.roster.miners
        let order = miners.indices.filter { !miners[$0].behaviour.isCopycat } + miners.indices.filter { miners[$0].behaviour.isCopycat }
        var rng = Xoshiro256(seed: 3)
        var flags = 0
        for epoch in 0..<8 {
            for t in 0..<5 {
                let steps = miners.indices.map { _ in rng.randint(2, 5) }
                var factors = Array(repeating: 1.0, count: miners.count)
                let task = SimulatedTask(domain: t % 6, template: t, difficulty: 5, isTrap: false, previouslyUnsolved: false, groundTruth: 0)
                detector.submit(epoch: epoch, taskIndex: t, task: task, order: order, steps: steps,
                                copyTargets: Array(repeating: nil, count: miners.count), leader: order[epoch % 3],
                                copyNoise: miners.map { _ in noise }, factors: &factors)
                for m in order {
                    let tokens = BruteForce.tokens(words: detector.words[m], stepLengths: detector.stepLengths[m], answers: detector.answers[m])
                    let expected = model.check(tokens, miner: m)
                    #expect((factors[m] != 1) == expected, "epoch \(epoch) task \(t) miner \(m)")
                    if expected { flags += 1 }
                }
            }
            detector.endEpoch()
            model.endEpoch()
        }
        #expect(flags > 0)
    }

    /// Two one-step submissions sharing 10 of their 14 distinct tokens: Jaccard 10/14 ≈ 0.714.
    @Test func handComputedJaccardDecidesTheFlag() {
        var a = SubmissionTokenSet(), b = SubmissionTokenSet()
        // a: words 0…5 and answer 6 7 → 8 words + trigrams (012)(123)(234)(345) = 12 tokens.
        // b: word 5 replaced by 9 → 8 words + (012)(123)(234)(349); shared: 7 words + 3 trigrams.
        for (threshold, flagged) in [(0.7, true), (0.72, false)] {
            a.fill(SubmissionTexts(words: [0, 1, 2, 3, 4, 5], stepLengths: [6], answers: [6, 7]), miner: 0, threshold: threshold)
            b.fill(SubmissionTexts(words: [0, 1, 2, 3, 4, 9], stepLengths: [6], answers: [6, 7]), miner: 0, threshold: threshold)
            #expect(a.count == 12 && b.count == 12)
            var window = SubmissionWindow(threshold: threshold, bufferEpochs: 1)
            window.add(a, miner: 0)
            #expect(window.hasCopy(of: b, excluding: 1) == flagged)
            // A miner is never compared with itself; an exact copy is always caught.
            #expect(!window.hasCopy(of: a, excluding: 0))
            #expect(window.hasCopy(of: a, excluding: 1))
            // Kept for `bufferEpochs` more epochs, then gone.
            window.endEpoch()
            #expect(window.hasCopy(of: a, excluding: 1))
            window.endEpoch()
            #expect(!window.hasCopy(of: a, excluding: 1))
            #expect(window.storedSubmissions == 0)
        }
    }

    @Test func fingerprintsMatterOnlyForIDsThatCanCollide() {
        #expect(!SubmissionFingerprints.mayMatch(minerIDs: ["elite-0", "copycat-1"]))
        #expect(SubmissionFingerprints.mayMatch(minerIDs: ["a:b", "a"]))
        #expect(SubmissionFingerprints.mayMatch(minerIDs: ["a", "a"]))
        var f = SubmissionFingerprints()
        let text = SubmissionFingerprints.text(epoch: 1, taskIndex: 2, minerID: "m", words: [0, 1, 2], stepLengths: [3], answers: [4, 5])
        #expect(text == "e1-t2:m:lemma-first lemma-second:lemma lemmas lemmaed")
        let fp = SubmissionFingerprints.fingerprint(of: text)
        let first = f.matchesAnother(fp, miner: 0), sameMiner = f.matchesAnother(fp, miner: 0)
        let otherMiner = f.matchesAnother(fp, miner: 1)
        f.startTask()
        let nextTask = f.matchesAnother(fp, miner: 1)
        #expect(!first && !sameMiner && otherMiner && !nextTask)
    }

    @Test func wordAndTrigramTokensAreDistinct() {
        #expect(Set(SubmissionVocabulary.wordHashes).count == SubmissionVocabulary.words.count)
        #expect(SubmissionVocabulary.wordHashes.allSatisfy { $0 >> 63 == 1 })
        #expect(SubmissionVocabulary.wordsByHash.map { SubmissionVocabulary.wordHashes[$0] }
            == SubmissionVocabulary.wordHashes.sorted())
    }

    /// Memory stays bounded: after the window fills, more epochs do not grow the storage.
    @Test func storageStopsGrowingOnceTheWindowIsFull() throws {
        let settings = try TestSupport.pipeline("configs/reasonforge/copycats.yaml", ["simulation.plagiarism.buffer_epochs=5"]).settings
        let first = PlagiarismBenchmark.run(settings, epochs: 12)
        let later = PlagiarismBenchmark.run(settings, epochs: 60)
        #expect(first.bufferedSubmissions == later.bufferedSubmissions)
        #expect(first.bufferedSubmissions == 5 * settings.tasksPerEpoch * settings.roster.miners.count)
        #expect(Double(later.retainedBytes) <= 1.25 * Double(first.retainedBytes))
    }

    /// The issue's memory target, at the default 30-epoch buffer once it is full (after an epoch ends
    /// its 30 past epochs are held): ≤ 512 bytes per
    /// buffered submission (capacities, so the allocator's rounding counts; a 5-epoch window pays
    /// the index's fixed minimum over fewer submissions and lands near 512-550).
    @Test func bufferedSubmissionsCostAtMost512BytesAtTheDefaultBuffer() throws {
        let settings = try TestSupport.pipeline("configs/reasonforge/copycats.yaml", []).settings
        #expect(settings.plagiarism.bufferEpochs == 30)
        let result = PlagiarismBenchmark.run(settings, epochs: 45)
        #expect(result.bufferedSubmissions == 30 * settings.tasksPerEpoch * settings.roster.miners.count)
        #expect(result.bytesPerBufferedSubmission <= 512)
    }
}
