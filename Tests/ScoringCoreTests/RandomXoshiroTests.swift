import Foundation
import Testing
@testable import ScoringCore

/// `Xoshiro256`: pinned sequences (from the Python definition in the fixture script) and properties.
struct RandomXoshiroTests {
    @Test func matchesPinnedSequences() throws {
        let f = try RandomFixtures.load(XoshiroFixture.self, "xoshiro")
        #expect(f.generators.count == 5)
        for g in f.generators {
            let seed = UInt64(g.seed)!
            var rng = Xoshiro256(seed: seed)
            #expect(g.next.map { UInt64($0)! } == (0 ..< g.next.count).map { _ in rng.next() }, "next(), seed \(seed)")
            rng = Xoshiro256(seed: seed)
            for (i, hex) in g.random.enumerated() {
                #expect(rng.random().bitPattern == RandomFixtures.double(hex).bitPattern, "random() #\(i), seed \(seed)")
            }
            rng = Xoshiro256(seed: seed)
            for (i, c) in g.randbelow.enumerated() {
                #expect(rng.randbelow(Int(c.n)!) == Int(c.value)!, "randbelow(\(c.n)) #\(i), seed \(seed)")
            }
        }
    }

    @Test func signedSeedsUseTheirBitPattern() {
        var a = Xoshiro256(seed: -1)
        var b = Xoshiro256(seed: UInt64.max)
        #expect(a.next() == b.next())
        #expect(a == b)
    }

    @Test(arguments: [0, 1, 42, 9_999] as [UInt64])
    func randomStaysInUnitInterval(_ seed: UInt64) {
        var rng = Xoshiro256(seed: seed)
        var lo = 1.0, hi = 0.0
        for _ in 0 ..< 200_000 {
            let x = rng.random()
            lo = min(lo, x)
            hi = max(hi, x)
        }
        #expect(lo >= 0 && lo < 0.001)
        #expect(hi < 1 && hi > 0.999)
    }

    @Test(arguments: [1, 2, 3, 7, 10, 1000, 1 << 31, (1 << 32) + 1, (1 << 62) + 3, Int.max])
    func randbelowStaysInRange(_ n: Int) {
        var rng = Xoshiro256(seed: UInt64(truncatingIfNeeded: n))
        for _ in 0 ..< 20_000 {
            let x = rng.randbelow(n)
            #expect(x >= 0 && x < n)
            if x < 0 || x >= n { return }
        }
    }

    @Test func randintCoversBothEnds() {
        var rng = Xoshiro256(seed: 3)
        var seen = Set<Int>()
        for _ in 0 ..< 10_000 { seen.insert(rng.randint(2, 9)) }
        #expect(seen == Set(2 ... 9))
    }

    @Test func randbelowIsRoughlyUniform() {
        // Chi-square over 10 buckets, 100 000 draws: 9 degrees of freedom, p = 0.001 cut-off 27.88.
        var rng = Xoshiro256(seed: 2024)
        var counts = [Int](repeating: 0, count: 10)
        let draws = 100_000
        for _ in 0 ..< draws { counts[rng.randbelow(10)] += 1 }
        let expected = Double(draws) / 10
        let chi2 = counts.reduce(0.0) { $0 + pow(Double($1) - expected, 2) / expected }
        #expect(chi2 < 27.88, "chi-square \(chi2), counts \(counts)")
    }

    @Test func randomIsRoughlyUniform() {
        var rng = Xoshiro256(seed: 77)
        var counts = [Int](repeating: 0, count: 16)
        var sum = 0.0
        let draws = 160_000
        for _ in 0 ..< draws {
            let x = rng.random()
            sum += x
            counts[Int(x * 16)] += 1
        }
        let expected = Double(draws) / 16
        let chi2 = counts.reduce(0.0) { $0 + pow(Double($1) - expected, 2) / expected }
        #expect(chi2 < 37.70, "chi-square \(chi2) (15 dof, p = 0.001)")
        #expect(abs(sum / Double(draws) - 0.5) < 0.005)
    }

    @Test func gaussHasTheRequestedMoments() {
        var rng = Xoshiro256(seed: 5)
        let n = 200_000
        var sum = 0.0, sumSq = 0.0, within1 = 0
        for _ in 0 ..< n {
            let x = rng.gauss(3, 2)
            sum += x
            sumSq += x * x
            if abs(x - 3) < 2 { within1 += 1 }
        }
        let mean = sum / Double(n)
        let variance = sumSq / Double(n) - mean * mean
        #expect(abs(mean - 3) < 0.02)
        #expect(abs(variance.squareRoot() - 2) < 0.02)
        #expect(abs(Double(within1) / Double(n) - 0.682_689) < 0.005)
        #expect(rng.gauss(1.5, 0) == 1.5)
    }

    @Test func sameSeedSameSequence() {
        var a = Xoshiro256(seed: 123)
        var b = Xoshiro256(seed: 123)
        for _ in 0 ..< 1000 {
            #expect(a.random() == b.random())
            #expect(a.gauss(0, 1) == b.gauss(0, 1))
            #expect(a.randbelow(97) == b.randbelow(97))
        }
        var xs = Array(0 ..< 50), ys = Array(0 ..< 50)
        a.shuffle(&xs)
        b.shuffle(&ys)
        #expect(xs == ys)
        #expect(a.sample(xs, 7) == b.sample(ys, 7))
    }

    @Test func copiesAreIndependent() {
        var a = Xoshiro256(seed: 9)
        _ = a.gauss(0, 1)
        var b = a
        let fromB = (0 ..< 100).map { _ in b.gauss(0, 1) }
        #expect((0 ..< 100).map { _ in a.gauss(0, 1) } == fromB)
    }

    @Test func differentSeedsAndStreamsDiffer() {
        var a = Xoshiro256(StreamSeed(seed: 42, run: 0, component: "tasks"))
        var b = Xoshiro256(StreamSeed(seed: 42, run: 1, component: "tasks"))
        var c = Xoshiro256(StreamSeed(seed: 42, run: 0, component: "validators"))
        let sa = (0 ..< 64).map { _ in a.next() }
        let sb = (0 ..< 64).map { _ in b.next() }
        let sc = (0 ..< 64).map { _ in c.next() }
        #expect(sa != sb && sa != sc && sb != sc)
        // No shared outputs at all between the streams' first words.
        #expect(Set(sa).isDisjoint(with: sb) && Set(sa).isDisjoint(with: sc))
        var x = Xoshiro256(seed: 0), y = Xoshiro256(seed: 1)
        #expect(x.next() != y.next())
    }

    @Test func jumpMovesToADisjointSubsequence() {
        var a = Xoshiro256(seed: 11)
        var b = a
        b.jump()
        let sa = Set((0 ..< 1000).map { _ in a.next() })
        let sb = Set((0 ..< 1000).map { _ in b.next() })
        #expect(sa.isDisjoint(with: sb))
        var c = Xoshiro256(seed: 11)
        c.jump()
        #expect(c.next() == { var d = Xoshiro256(seed: 11); d.jump(); return d.next() }())
    }

    @Test func genericCompositesWorkThroughTheProtocol() {
        func draw<R: RandomSource>(_ r: inout R) -> [Int] {
            var xs = Array(0 ..< 30)
            r.shuffle(&xs)
            return r.sample(xs, 25) + [r.choice(xs), r.randint(-3, 3)]
        }
        var a = Xoshiro256(seed: 1)
        var p = PythonRandom(seed: 1)
        let da = draw(&a), dp = draw(&p)
        #expect(Set(da.prefix(25)).count == 25)
        #expect(Set(dp.prefix(25)).count == 25)
    }
}

extension RandomXoshiroTests {
    @Test func drivesStandardLibraryRandomAPIs() {
        var a = Xoshiro256(seed: 4)
        var b = Xoshiro256(seed: 4)
        #expect(Array(0 ..< 20).shuffled(using: &a) == Array(0 ..< 20).shuffled(using: &b))
        #expect(Int.random(in: 0 ..< 10, using: &a) == Int.random(in: 0 ..< 10, using: &b))
    }
}
