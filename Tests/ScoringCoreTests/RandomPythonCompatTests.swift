import Foundation
import Testing
@testable import ScoringCore

/// `PythonRandom` against sequences drawn from CPython 3.11's `random.Random(seed)`.
struct RandomPythonCompatTests {
    @Test(arguments: RandomFixtures.pythonSeeds)
    func randomIsBitExact(_ stem: String) throws {
        let f = try RandomFixtures.python(stem)
        var rng = PythonRandom(seed: f.seedValue)
        for (i, hex) in f.random.enumerated() {
            let want = RandomFixtures.double(hex)
            let got = rng.random()
            #expect(got.bitPattern == want.bitPattern, "random() #\(i): \(got) != \(want)")
            if got.bitPattern != want.bitPattern { return }
        }
    }

    @Test(arguments: RandomFixtures.pythonSeeds)
    func getrandbits32IsExact(_ stem: String) throws {
        let f = try RandomFixtures.python(stem)
        var rng = PythonRandom(seed: f.seedValue)
        let got = (0 ..< f.getrandbits32.count).map { _ in UInt32(rng.getrandbits(32)) }
        #expect(got == f.getrandbits32)
    }

    @Test(arguments: RandomFixtures.pythonSeeds)
    func rawWordsEqualGetrandbits32(_ stem: String) throws {
        let f = try RandomFixtures.python(stem)
        var rng = PythonRandom(seed: f.seedValue)
        let got = (0 ..< f.getrandbits32.count).map { _ in rng.nextUInt32() }
        #expect(got == f.getrandbits32)
    }

    @Test(arguments: RandomFixtures.pythonSeeds)
    func getrandbitsOfEveryWidthIsExact(_ stem: String) throws {
        let f = try RandomFixtures.python(stem)
        var rng = PythonRandom(seed: f.seedValue)
        for (i, c) in f.getrandbits.enumerated() {
            let got = rng.getrandbits(c.k)
            #expect(got == UInt64(c.value)!, "getrandbits(\(c.k)) #\(i)")
        }
    }

    @Test(arguments: RandomFixtures.pythonSeeds)
    func randbelowIsExact(_ stem: String) throws {
        let f = try RandomFixtures.python(stem)
        var rng = PythonRandom(seed: f.seedValue)
        for (i, c) in f.randbelow.enumerated() {
            let got = rng.randbelow(RandomFixtures.int(c.n))
            #expect(got == RandomFixtures.int(c.value), "randbelow(\(c.n)) #\(i)")
        }
    }

    @Test(arguments: RandomFixtures.pythonSeeds)
    func randintIsExact(_ stem: String) throws {
        let f = try RandomFixtures.python(stem)
        var rng = PythonRandom(seed: f.seedValue)
        for (i, c) in f.randint.enumerated() {
            let got = rng.randint(RandomFixtures.int(c.a), RandomFixtures.int(c.b))
            #expect(got == RandomFixtures.int(c.value), "randint(\(c.a), \(c.b)) #\(i)")
        }
    }

    @Test(arguments: RandomFixtures.pythonSeeds)
    func choiceIsExact(_ stem: String) throws {
        let f = try RandomFixtures.python(stem)
        let domains = ["mathematics", "code", "scientific", "strategic", "causal", "ethical"]
        let ints = Array(100 ..< 137)
        var rng = PythonRandom(seed: f.seedValue)
        for (i, c) in f.choice.enumerated() {
            let got: PythonFixture.ChoiceValue =
                c.population == "domains" ? .string(rng.choice(domains)) : .int(rng.choice(ints))
            #expect(got == c.value, "choice #\(i) from \(c.population)")
        }
    }

    @Test(arguments: RandomFixtures.pythonSeeds)
    func choiceOfASliceOffsetsFromStartIndex(_ stem: String) throws {
        let f = try RandomFixtures.python(stem)
        let ints = Array(0 ..< 137)[100...]
        var a = PythonRandom(seed: f.seedValue)
        var b = PythonRandom(seed: f.seedValue)
        for _ in 0 ..< 100 {
            #expect(a.choice(ints) == 100 + b.randbelow(37))
        }
    }

    @Test(arguments: RandomFixtures.pythonSeeds)
    func sampleIsExactForPoolAndSetAlgorithms(_ stem: String) throws {
        let f = try RandomFixtures.python(stem)
        var rng = PythonRandom(seed: f.seedValue)
        for (i, c) in f.sample.enumerated() {
            let got = rng.sample(Array(0 ..< c.n), c.k)
            #expect(got == c.value, "sample(range(\(c.n)), \(c.k)) #\(i)")
        }
    }

    @Test(arguments: RandomFixtures.pythonSeeds)
    func shuffleIsExact(_ stem: String) throws {
        let f = try RandomFixtures.python(stem)
        var rng = PythonRandom(seed: f.seedValue)
        for (i, c) in f.shuffle.enumerated() {
            var xs = Array(0 ..< c.n)
            rng.shuffle(&xs)
            #expect(xs == c.value, "shuffle(\(c.n)) #\(i)")
        }
    }

    @Test(arguments: RandomFixtures.pythonSeeds)
    func uniformIsBitExact(_ stem: String) throws {
        let f = try RandomFixtures.python(stem)
        var rng = PythonRandom(seed: f.seedValue)
        for (i, c) in f.uniform.enumerated() {
            let got = rng.uniform(RandomFixtures.double(c.a), RandomFixtures.double(c.b))
            let want = RandomFixtures.double(c.value)
            #expect(got.bitPattern == want.bitPattern, "uniform #\(i): \(got) != \(want)")
        }
    }

    @Test(arguments: RandomFixtures.pythonSeeds)
    func gaussMatchesWithinOneULPScale(_ stem: String) throws {
        let f = try RandomFixtures.python(stem)
        var rng = PythonRandom(seed: f.seedValue)
        var inexact = 0
        for (i, c) in f.gauss.enumerated() {
            let got = rng.gauss(RandomFixtures.double(c.mu), RandomFixtures.double(c.sigma))
            let want = RandomFixtures.double(c.value)
            if got.bitPattern != want.bitPattern { inexact += 1 }
            #expect(abs(got - want) <= 1e-15 * max(1, abs(want)), "gauss #\(i): \(got) != \(want)")
        }
        // Same libm as CPython on this platform: expect bit equality, not just closeness.
        #expect(inexact == 0, "\(inexact) gauss values differ in the last bits")
    }

    @Test(arguments: RandomFixtures.pythonSeeds)
    func gaussCacheSurvivesInterleavedDraws(_ stem: String) throws {
        let f = try RandomFixtures.python(stem)
        var rng = PythonRandom(seed: f.seedValue)
        for (i, c) in f.mixed.enumerated() {
            let got: Double
            switch c.op {
            case "gauss": got = rng.gauss(0, 1)
            case "random": got = rng.random()
            case "randbelow": got = Double(rng.randbelow(10))
            case "uniform": got = rng.uniform(-0.05, 0.10)
            case "randint": got = Double(rng.randint(1000, 60000))
            default: Issue.record("unknown op \(c.op)"); return
            }
            let want = RandomFixtures.double(c.value)
            #expect(abs(got - want) <= 1e-15 * max(1, abs(want)), "\(c.op) #\(i): \(got) != \(want)")
        }
    }

    @Test func negativeSeedUsesMagnitude() {
        var a = PythonRandom(seed: -12345)
        var b = PythonRandom(seed: 12345)
        for _ in 0 ..< 1000 {
            #expect(a.nextUInt32() == b.nextUInt32())
        }
    }

    @Test func seedAbove32BitsUsesTwoKeyWords() {
        var a = PythonRandom(seed: 0x1_0000_0005)
        var b = PythonRandom(key: [5, 1])
        var c = PythonRandom(seed: 5)
        var same = true
        var differ = false
        for _ in 0 ..< 100 {
            let x = a.nextUInt32()
            same = same && x == b.nextUInt32()
            differ = differ || x != c.nextUInt32()
        }
        #expect(same)
        #expect(differ)
        var z = PythonRandom(seed: 0)
        var zk = PythonRandom(key: [])
        #expect(z.random() == zk.random())
    }

    @Test func copiesAreIndependentAcrossTwists() {
        var original = PythonRandom(seed: 7)
        for _ in 0 ..< 500 { _ = original.nextUInt32() }
        _ = original.gauss(0, 1)  // leaves a cached value behind
        var copy = original
        let fromCopy = (0 ..< 3000).map { _ in copy.random() }
        let copyGauss = copy.gauss(0, 1)
        var replay = original
        #expect((0 ..< 3000).map { _ in replay.random() } == fromCopy)
        #expect(replay.gauss(0, 1) == copyGauss)
        // The original still holds the cached gauss value and the pre-copy position.
        var fresh = PythonRandom(seed: 7)
        for _ in 0 ..< 500 { _ = fresh.nextUInt32() }
        _ = fresh.gauss(0, 1)
        #expect(original.gauss(0, 1) == fresh.gauss(0, 1))
        #expect(original.random() == fresh.random())
    }

    @Test func sampleSetSizeRule() {
        #expect(_pythonSampleSetSize(0) == 21)
        #expect(_pythonSampleSetSize(5) == 21)
        #expect(_pythonSampleSetSize(6) == 21 + 64)      // 3k = 18 -> 4^3
        #expect(_pythonSampleSetSize(21) == 21 + 64)     // 63 -> 4^3
        #expect(_pythonSampleSetSize(22) == 21 + 256)    // 66 -> 4^4
        #expect(_pythonSampleSetSize(50) == 21 + 256)
        #expect(_pythonSampleSetSize(200) == 21 + 1024)
        // Agrees with CPython's floating-point formula for every k up to 100_000.
        for k in 6 ... 100_000 {
            let py = 21 + Int(pow(4.0, (log(Double(3 * k)) / log(4.0)).rounded(.up)))
            if _pythonSampleSetSize(k) != py {
                Issue.record("setsize(\(k)) = \(_pythonSampleSetSize(k)), CPython \(py)")
                return
            }
        }
    }
}

extension RandomPythonCompatTests {
    @Test(arguments: RandomFixtures.pythonSeeds)
    func sampleIndicesMatchSample(_ stem: String) throws {
        let f = try RandomFixtures.python(stem)
        var rng = PythonRandom(seed: f.seedValue)
        for c in f.sample {
            #expect(rng.sampleIndices(c.n, c.k) == c.value)
        }
        var a = PythonRandom(seed: f.seedValue)
        var b = PythonRandom(seed: f.seedValue)
        let ids = ["v-001", "v-002", "v-003", "v-004", "v-005", "v-006"]
        for _ in 0 ..< 200 {
            var picked: [String] = []
            b.forEachSampledIndex(ids.count, 3) { picked.append(ids[$0]) }
            #expect(a.sample(ids, 3) == picked)
        }
    }
}
