import Testing
@testable import Chain

/// The column-sparse weighted median and the prepared divisor against obviously-correct oracles
/// written here: sort every validator's (score, stake) for the column, zeros included, and walk
/// the cumulative stake; divide with plain 128-bit integers.
struct WeightedMedianTests {
    /// A small deterministic generator (SplitMix64), so failures reproduce.
    struct Rng {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    /// subtensor's weighted median by definition: order all k candidates by score; the answer is
    /// the smallest score whose cumulative stake exceeds `minority`, or the largest score when none does.
    static func oracle<S: YumaArithmetic>(scores: [S], stakes: [S], minority: S) -> S {
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        guard let last = order.last else { return .zero }
        var cumulative = S.zero
        var k = 0
        while k < order.count {
            // All candidates with this score together.
            let v = scores[order[k]]
            while k < order.count && scores[order[k]] == v { cumulative = S.add(cumulative, stakes[order[k]]); k += 1 }
            if minority < cumulative { return v }
        }
        return scores[last]
    }

    /// Random sparse columns over random stakes (some validators unstaked, some with a stake that
    /// normalises to 0 in fixed point), scores drawn from a few levels so ties are common, explicit
    /// zero entries, empty columns and columns every validator weights; every kappa edge.
    func check<S: YumaArithmetic>(_ type: S.Type, seed: UInt64, convert: (Double) -> S) {
        var rng = Rng(state: seed)
        for round in 0..<300 {
            let columns = 1 + rng.below(9)
            let dyadic = S.self == Double.self
            // Stakes: zero, tiny, or a multiple of 1/64.
            var raw: [Double] = (0..<(1 + rng.below(12))).map { _ in
                switch rng.below(6) {
                case 0: return 0
                case 1: return dyadic ? Double(1 + rng.below(4)) / 1024 : 1.0 / 4_294_967_296
                default: return Double(1 + rng.below(64)) / 64
                }
            }
            if dyadic {
                // One more validator brings the total to a power of two, so Double normalises and
                // sums these stakes exactly and no comparison is decided by rounding.
                let total = raw.reduce(0, +)
                var power = 1.0 / 1024
                while power < total { power *= 2 }
                if power > total { raw.append(power - total) }
            }
            let validators = raw.count
            let stake: [S] = raw.map(convert)
            let levels = 1 + rng.below(5)
            let density = rng.below(4) // 0: sparse … 3: every cell
            var rows: [[(col: Int, v: S)]] = []
            for _ in 0..<validators {
                var row: [(col: Int, v: S)] = []
                for c in 0..<columns where rng.below(4) < density + (round % 3 == 0 ? 1 : 0) {
                    let level = rng.below(levels + 1) // 0 = explicit zero
                    row.append((c, convert(Double(level) / Double(levels))))
                }
                rows.append(row)
            }
            let majority: S = [convert(0.5), S.proportion(32_767), .zero, .one, convert(0.9)][rng.below(5)]
            let got = WeightedMedian.columns(stake: stake, CompressedRows(rows: rows), columns: columns, majority: majority)

            // Oracle: every staked validator is a candidate of every column (score 0 without an entry).
            var useStake = stake.filter { $0 > .zero }
            SparseMath.normalize(&useStake)
            let minority = S.sub(SparseMath.sum(useStake), majority)
            for c in 0..<columns {
                var scores: [S] = []
                for (i, row) in rows.enumerated() where stake[i] > .zero {
                    scores.append(row.first { $0.col == c }?.v ?? .zero)
                }
                let expected = useStake.isEmpty ? S.zero : Self.oracle(scores: scores, stakes: useStake, minority: minority)
                #expect(got[c] == expected, "\(S.self) seed \(seed) round \(round) column \(c): \(got[c]) vs \(expected)")
            }
        }
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func columnMedianMatchesSortingOracleInFixedPoint(_ seed: UInt64) {
        check(I32F32.self, seed: seed) { I32F32($0) }
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func columnMedianMatchesSortingOracleInFloat(_ seed: UInt64) {
        check(Double.self, seed: seed) { $0 }
    }

    @Test func searchHandlesTiesZeroStakesAndNoCrossing() {
        typealias C = WeightedMedian.Cell<Double>
        // All equal: that value.
        #expect(WeightedMedian.search([C(score: 0.25, stake: 0.5), C(score: 0.25, stake: 0.5)], minority: 0.5, total: 1) == 0.25)
        // Zero-stake candidates do not move the median.
        let cells = [C(score: 0.9, stake: 0), C(score: 0.1, stake: 0.3), C(score: 0.5, stake: 0.7), C(score: 0.7, stake: 0)]
        #expect(WeightedMedian.search(cells, minority: 0.5, total: 1) == 0.5)
        // Minority ≥ total (kappa 0): no cumulative stake exceeds it, the largest score.
        #expect(WeightedMedian.search(cells, minority: 1, total: 1) == 0.9)
        // Negative minority (kappa above the total): the smallest score.
        #expect(WeightedMedian.search(cells, minority: -0.1, total: 1) == 0.1)
        // No candidates.
        #expect(WeightedMedian.search([C](), minority: 0.5, total: 1) == 0)
    }

    /// The partition search written plainly with arrays: both sides' stakes added during the pass,
    /// in the order the cells arrive (same pivot rule, same steps).
    static func searchSummingInPass(_ cells: [WeightedMedian.Cell<Double>], minority: Double, total: Double) -> Double {
        var current = cells
        var partitionLo = 0.0, partitionHi = total
        while true {
            let n = current.count
            if n == 0 { return 0 }
            if n == 1 { return current[0].score }
            let pivot = _UnsafeWeightedMedianSearch.medianOfThree(current[0].score, current[n / 2].score, current[n - 1].score)
            var lower: [WeightedMedian.Cell<Double>] = [], upper: [WeightedMedian.Cell<Double>] = []
            var loStake = 0.0, hiStake = 0.0
            for x in current {
                if x.score < pivot { lower.append(x); loStake += x.stake }
                if pivot < x.score { upper.append(x); hiStake += x.stake }
            }
            if minority < partitionLo + loStake, !lower.isEmpty {
                partitionHi = partitionLo + loStake
                current = lower
            } else if partitionHi - hiStake <= minority, !upper.isEmpty {
                partitionLo = partitionHi - hiStake
                // The out-of-place pass leaves the upper side in reverse arrival order.
                current = upper.reversed()
            } else {
                return pivot
            }
        }
    }

    /// Float stakes that do not add exactly (random, not dyadic) and minorities placed right at a
    /// cumulative stake, so a different order of additions would show: the unchecked search gives
    /// the same bits as the plain one (pins the order of the float sums for any rewrite of the pass).
    @Test(arguments: [5, 6, 7] as [UInt64])
    func floatSearchSumsInArrivalOrder(_ seed: UInt64) {
        var rng = Rng(state: seed)
        for round in 0..<2_000 {
            let n = 1 + rng.below(80)
            let levels = 1 + rng.below(n)
            var cells = (0..<n).map { _ in
                WeightedMedian.Cell(score: Double(rng.below(levels)) / Double(levels),
                                    stake: Double(rng.next() >> 11) * 0x1p-53 * 0.1)
            }
            let total = cells.reduce(0) { $0 + $1.stake }
            // A minority at a partial sum of a random prefix (ties with a cumulative stake), or anywhere.
            let prefix = rng.below(n + 1)
            let minority = round % 2 == 0 ? cells.prefix(prefix).reduce(0) { $0 + $1.stake }
                                          : Double(rng.next() >> 11) * 0x1p-53 * total
            let expected = Self.searchSummingInPass(cells, minority: minority, total: total)
            let got = WeightedMedian.search(cells, minority: minority, total: total)
            #expect(got.bitPattern == expected.bitPattern, "seed \(seed) round \(round): \(got) vs \(expected)")
            cells.removeAll()
        }
    }

    /// A divisor prepared once gives `checkedDiv`'s quotient for every numerator: against plain
    /// 128-bit division, over proportions, integers, negative values and the extremes.
    @Test func preparedDivisorIsExact() {
        var rng = Rng(state: 42)
        func random() -> I32F32 {
            switch rng.below(5) {
            case 0: return I32F32(bits: Int64(bitPattern: rng.next()))
            case 1: return I32F32(bits: Int64(rng.next() >> 31)) // below 2³³: up to 2
            case 2: return I32F32(integer: Int64(rng.below(65_536)))
            case 3: return I32F32(bits: Int64(rng.next() >> 4) * (rng.below(2) == 0 ? 1 : -1))
            default: return [I32F32.zero, .one, .max, .min, I32F32(bits: 1), I32F32(bits: -1)][rng.below(6)]
            }
        }
        // The saturating product from two 64-bit halves against the plain 128-bit one.
        for _ in 0..<20_000 {
            let a = random(), b = random()
            let p = (Int128(a.bits) * Int128(b.bits)) >> 32
            let expected = p > Int128(Int64.max) ? I32F32.max : (p < Int128(Int64.min) ? I32F32.min : I32F32(bits: Int64(p)))
            #expect(I32F32.saturatingMul(a, b) == expected, "\(a.bits) × \(b.bits)")
        }
        for _ in 0..<20_000 {
            let b = random()
            let d = I32F32.Divisor(b)
            for _ in 0..<5 {
                let a = random()
                #expect(d.quotient(a) == I32F32.checkedDivReference(a, b), "\(a.bits) / \(b.bits)")
                #expect(I32F32.divide(a, by: d) == (I32F32.checkedDivReference(a, b) ?? .zero))
            }
        }
    }

    /// The partition compares order keys: they must order exactly as the values do (ties equal),
    /// for doubles of both signs, both zeros and extremes, and for fixed-point values.
    /// The bucketed search (one pass of stake per score range, then the search on one bucket's
    /// cells) against the oracle: long columns with continuous scores, a few levels (ties across
    /// and within buckets), one score far from the rest (most buckets empty), equal scores (no
    /// range), and minorities below 0, at a cumulative stake and above the total.
    func checkBucketed<S: YumaArithmetic>(_ type: S.Type, seed: UInt64, convert: (Double) -> S) {
        var rng = Rng(state: seed)
        for round in 0..<1_500 {
            let n = 1 + rng.below(600)
            let shape = rng.below(4)
            let levels = 1 + rng.below(12)
            let scores: [S] = (0..<n).map { k in
                switch shape {
                case 0: return convert(Double(rng.next() >> 11) * 0x1p-53)
                case 1: return convert(Double(rng.below(levels)) / Double(levels))
                case 2: return convert(k == 0 ? 0.9 : Double(rng.below(1_000)) * 1e-6)
                default: return convert(0.25)
                }
            }
            // Dyadic stakes: every sum exact in both arithmetics, so the order of additions cannot matter.
            let stakes: [S] = (0..<n).map { _ in convert(Double(1 + rng.below(1_000)) * 0x1p-20) }
            let total = stakes.reduce(S.zero) { S.add($0, $1) }
            let minority: S = switch round % 4 {
            case 0: stakes.prefix(rng.below(n + 1)).reduce(S.zero) { S.add($0, $1) }
            case 1: S.sub(.zero, convert(0.1))
            case 2: S.add(total, convert(0.1))
            default: convert(Double(rng.next() >> 11) * 0x1p-53 * total.doubleValue)
            }
            var cells = zip(scores, stakes).map { WeightedMedian.Cell(score: $0, stake: $1) }
            let low = scores.map(\.doubleValue).min()!, high = scores.map(\.doubleValue).max()!
            let scratch = UnsafeMutablePointer<WeightedMedian.Cell<S>>.allocate(capacity: 2 * n)
            let stakeIn = UnsafeMutablePointer<S>.allocate(capacity: _UnsafeWeightedMedianSearch.maxBuckets)
            defer { scratch.deallocate(); stakeIn.deallocate() }
            let got = cells.withUnsafeMutableBufferPointer { buffer in
                _UnsafeWeightedMedianSearch.bucketedSearch(buffer.baseAddress!, count: n, low: low, high: high, scratch: scratch,
                                                            stakeIn: stakeIn, minority: minority, total: total)
            }
            let expected = Self.oracle(scores: scores, stakes: stakes, minority: minority)
            #expect(got == expected, "seed \(seed) round \(round): n \(n) shape \(shape): \(got) vs \(expected)")
        }
    }

    @Test(arguments: [11, 12] as [UInt64])
    func bucketedSearchMatchesTheOracleFixed(_ seed: UInt64) {
        checkBucketed(I32F32.self, seed: seed) { I32F32($0) }
    }

    @Test(arguments: [13, 14] as [UInt64])
    func bucketedSearchMatchesTheOracleFloat(_ seed: UInt64) {
        checkBucketed(Double.self, seed: seed) { $0 }
    }

    @Test func orderKeysOrderAsTheValues() {
        var rng = Rng(state: 17)
        var doubles: [Double] = [0, -0.0, 1, -1, .leastNonzeroMagnitude, -.leastNonzeroMagnitude,
                                 .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .infinity, -.infinity, 0.5, 0.25]
        for _ in 0..<2_000 { doubles.append(Double(bitPattern: rng.next()) ) }
        doubles = doubles.filter { !$0.isNaN }
        for _ in 0..<20_000 {
            let a = doubles[Int(rng.next() % UInt64(doubles.count))], b = doubles[Int(rng.next() % UInt64(doubles.count))]
            #expect((a < b) == (a.orderKey < b.orderKey), "\(a) < \(b)")
            #expect((a == b) == (a.orderKey == b.orderKey), "\(a) == \(b)")
        }
        let fixed: [I32F32] = [.zero, .one, .max, .min, I32F32(bits: -1), I32F32(bits: 1)]
            + (0..<2_000).map { _ in I32F32(bits: Int64(bitPattern: rng.next())) }
        for _ in 0..<20_000 {
            let a = fixed[Int(rng.next() % UInt64(fixed.count))], b = fixed[Int(rng.next() % UInt64(fixed.count))]
            #expect((a < b) == (a.orderKey < b.orderKey), "\(a.bits) < \(b.bits)")
        }
    }
}
