import Testing
@testable import ScoringCore

/// `StreamSeed` and `SplitMix64`: the derivation is pinned by the fixture script's Python definition.
struct RandomStreamSeedTests {
    @Test func matchesPinnedDerivations() throws {
        let f = try RandomFixtures.load(XoshiroFixture.self, "xoshiro")
        #expect(f.streams.count == 7)
        for s in f.streams {
            #expect(StreamSeed.fnv1a64(s.component) == UInt64(s.fnv1a64)!, "fnv1a64(\(s.component))")
            let derived = StreamSeed(seed: Int(s.seed)!, run: Int(s.run)!, component: s.component)
            #expect(derived.value == UInt64(s.value)!, "StreamSeed(\(s.seed), \(s.run), \(s.component))")
        }
    }

    @Test func fnv1aKnownVectors() {
        // Published FNV-1a 64-bit test vectors.
        #expect(StreamSeed.fnv1a64("") == 0xCBF2_9CE4_8422_2325)
        #expect(StreamSeed.fnv1a64("a") == 0xAF63_DC4C_8601_EC8C)
        #expect(StreamSeed.fnv1a64("foobar") == 0x8594_4171_F739_67E8)
    }

    @Test func splitMix64KnownVector() {
        // First outputs of SplitMix64 from state 0 (reference C implementation).
        var sm = SplitMix64(state: 0)
        #expect(sm.next() == 0xE220_A839_7B1D_CDAF)
        #expect(sm.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(SplitMix64.mix(0) == 0xE220_A839_7B1D_CDAF)
    }

    @Test func everyInputChangesTheSeed() {
        let base = StreamSeed(seed: 42, run: 0, component: "tasks")
        #expect(base == StreamSeed(seed: 42, run: 0, component: "tasks"))
        #expect(base != StreamSeed(seed: 43, run: 0, component: "tasks"))
        #expect(base != StreamSeed(seed: 42, run: 1, component: "tasks"))
        #expect(base != StreamSeed(seed: 42, run: 0, component: "task"))
        #expect(base.derived("a") != base.derived("b"))
        #expect(base.derived(index: 0) != base.derived(index: 1))
        #expect(base.derived("a") == base.derived("a"))
    }

    @Test func manyComponentsGetDistinctSeeds() {
        var seen = Set<UInt64>()
        for run in 0 ..< 20 {
            for m in 0 ..< 500 {
                seen.insert(StreamSeed(seed: 7, run: run, component: "miner/m-\(m)").value)
            }
        }
        #expect(seen.count == 10_000)
    }

    @Test func derivationIsIndependentOfOrderAndThreads() async {
        let names = (0 ..< 64).map { "validator/v-\($0)" }
        let serial = names.map { StreamSeed(seed: 99, run: 4, component: $0).value }
        let parallel = await withTaskGroup(of: (Int, UInt64).self) { group in
            for (i, name) in names.enumerated().reversed() {
                group.addTask { (i, StreamSeed(seed: 99, run: 4, component: name).value) }
            }
            var out = [UInt64](repeating: 0, count: names.count)
            for await (i, v) in group { out[i] = v }
            return out
        }
        #expect(serial == parallel)
    }
}
