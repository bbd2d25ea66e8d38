import Testing
@testable import Chain

struct ChainWeightsTests {
    @Test func maxUpscaledRoundHalfEvenZerosDropped() throws {
        let (uids, values) = try ChainWeights.convertForEmit(uids: [0, 1, 2, 3], weights: [1, 2, 0, 4])
        #expect(uids == [0, 1, 3])
        // 1/4 × 65535 = 16383.75 → 16384; 1/2 × 65535 = 32767.5 → 32768 (half to even); max → 65535.
        #expect(values == [16384, 32768, 65535])
    }

    /// `shortRow`'s rounding without `rint` is `rounded(.toNearestOrEven)`: ties to even, values
    /// just either side of a tie, the u16 range's ends, and random values over the whole range.
    @Test func roundingHalfEvenMatchesTheLibrary() {
        let ties: [(Double, Double)] = [(0, 0), (0.5, 0), (1.5, 2), (2.5, 2), (3.5, 4), (65534.5, 65534), (65535, 65535),
                                        (0.49999999999999994, 0), (1.0000000000000002, 1), (32767.5, 32768)]
        for (x, expected) in ties {
            #expect(WeightEmission.roundedHalfEven(x) == expected, "\(x)")
            #expect(WeightEmission.roundedHalfEven(x) == x.rounded(.toNearestOrEven), "\(x)")
        }
        var state: UInt64 = 12345
        for _ in 0..<20_000 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let x = Double(state >> 11) * 0x1p-53 * 65536
            let half = (x * 2).rounded(.down) / 2
            for v in [x, half, half.nextUp, half.nextDown] where v >= 0 {
                #expect(WeightEmission.roundedHalfEven(v) == v.rounded(.toNearestOrEven), "\(v)")
            }
        }
        // Outside the shortcut's range: the library's rounding.
        #expect(WeightEmission.roundedHalfEven(0x1p52 + 1) == 0x1p52 + 1)
        #expect(WeightEmission.roundedHalfEven(-2.5) == -2)
    }

    /// `shortRow`'s one-product rounding gives the SDK's two divisions' u16 on random rows, on
    /// weights placed just either side of a rounding tie, and on rows whose scale is not finite.
    @Test func oneProductRoundingMatchesTheDivisions() {
        var state: UInt64 = 99
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) * 0x1p-53
        }
        var checked = 0, nearTies = 0
        for row in 0..<400 {
            let weights = (0..<64).map { _ in next() * (row % 3 == 0 ? 1e-3 : 7) }
            let sum = weights.reduce(0, +), maxFloat = weights.max()! / sum
            let r = WeightEmission.U16Rounding(sum: sum, maxFloat: maxFloat)
            var probes = weights
            // Weights whose exact value is k + ½ for a few k, and the doubles around them.
            for _ in 0..<16 {
                let k = Double(Int(next() * 65535))
                let w = (k + 0.5) * sum * maxFloat / 65535
                var v = w
                for _ in 0..<4 { v = v.nextDown }
                for _ in 0..<9 {
                    probes.append(v)
                    v = v.nextUp
                }
            }
            for w in probes where w > 0 && w <= weights.max()! {
                let expected = Int((w / sum / maxFloat * 65535).rounded(.toNearestOrEven))
                #expect(r.value(w) == expected, "w \(w) sum \(sum) max \(maxFloat)")
                if abs(w * r.scale - (w * r.scale).rounded(.toNearestOrEven)) > 0.5 - WeightEmission.U16Rounding.margin { nearTies += 1 }
                checked += 1
            }
        }
        #expect(checked > 50_000)
        // The tie probes reach the divisions' path.
        #expect(nearTies > 1_000)
        // Subnormal weights: 65535 / Σw overflows, every weight takes the divisions.
        let tiny = [4e-320, 1e-320]
        let sum = tiny.reduce(0, +), maxFloat = tiny.max()! / sum
        let r = WeightEmission.U16Rounding(sum: sum, maxFloat: maxFloat)
        #expect(r.scale.isNaN)
        #expect(tiny.map { r.value($0) } == tiny.map { Int(($0 / sum / maxFloat * 65535).rounded(.toNearestOrEven)) })
    }

    @Test func tinyWeightsRoundToZeroAndAreDropped() throws {
        let (uids, values) = try ChainWeights.convertForEmit(uids: [5, 9], weights: [1e-6, 1])
        #expect(uids == [9])
        #expect(values == [65535])
    }

    @Test func allZeroGivesNothing() throws {
        let r = try ChainWeights.convertForEmit(uids: [0, 1], weights: [0, 0])
        #expect(r.uids.isEmpty && r.values.isEmpty)
    }

    @Test func refusesNegativeWeightsAndUIDs() {
        #expect(throws: ChainWeights.ConversionError.self) { try ChainWeights.convertForEmit(uids: [0], weights: [-1]) }
        #expect(throws: ChainWeights.ConversionError.self) { try ChainWeights.convertForEmit(uids: [-1], weights: [1]) }
        #expect(throws: ChainWeights.ConversionError.self) { try ChainWeights.convertForEmit(uids: [0, 1], weights: [1]) }
    }

    @Test func computeNormalisesAndKeepsEveryMiner() throws {
        let entries = try ChainWeights.compute([(0, "a", 1), (1, "b", 3), (2, "c", 0)])
        #expect(entries.map(\.weight) == [0.25, 0.75, 0])
        #expect(entries.map(\.u16) == [21845, 65535, 0])
    }

    @Test func normalizeMaxWeightCapsAndSumsToOne() {
        let w = ChainWeights.normalizeMaxWeight([1, 1, 1, 1, 1, 1, 1, 1, 1, 20], limit: 0.2)
        #expect(abs(w.reduce(0, +) - 1) < 1e-9)
        #expect(w.max()! <= 0.2 + 1e-6)
        #expect(w[0] == w[1])
        let plain = ChainWeights.normalizeMaxWeight([1, 3], limit: 0.9)
        #expect(plain == [0.25, 0.75])
        let third: Double = 1.0 / 3
        let uniform: [Double] = ChainWeights.normalizeMaxWeight([0, 0, 0], limit: 0.5)
        #expect(uniform == [third, third, third])
        let tooFew: [Double] = ChainWeights.normalizeMaxWeight([5, 1], limit: 0.4)
        #expect(tooFew == [0.5, 0.5])
    }
}
