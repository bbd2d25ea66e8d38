import Testing
import ScoringCore
@testable import Chain

/// The fused row passes of the epoch (clip + validator trust + ranks + pre-ranks; Yuma 2's bond
/// weights, delta, stored-bond reading and normalisation and EMA in one merge; column
/// normalisation + dividends + column maxima) against dense oracles written here, one plain step after another over a full matrix.
/// Same operations in the same order, so both arithmetics must agree bit for bit.
struct FusedStepTests {
    typealias Rng = WeightedMedianTests.Rng

    /// A random sparse matrix (explicit zeros included) and its dense form (nil = no entry).
    static func randomMatrix<S: YumaArithmetic>(_ rng: inout Rng, rows: Int, columns: Int,
                                               convert: (Double) -> S) -> (CompressedRows<S>, [[S?]]) {
        var dense = [[S?]](repeating: [S?](repeating: nil, count: columns), count: rows)
        var sparse: [[(col: Int, v: S)]] = []
        for i in 0..<rows {
            var row: [(col: Int, v: S)] = []
            for c in 0..<columns where rng.below(3) > 0 {
                let v = rng.below(5) == 0 ? S.zero : convert(Double(rng.below(1000)) / 997)
                row.append((c, v))
                dense[i][c] = v
            }
            sparse.append(row)
        }
        return (CompressedRows(rows: sparse), dense)
    }

    static func rows<S>(_ m: CompressedRows<S>) -> [[S?]] where S: YumaArithmetic {
        (0..<m.rowCount).map { i in
            var r = [S?](repeating: nil, count: 0)
            let entries = m.row(i)
            let width = (entries.last?.col ?? -1) + 1
            r = [S?](repeating: nil, count: width)
            for e in entries { r[e.col] = e.v }
            return r
        }
    }

    static func cell<S>(_ d: [[S?]], _ i: Int, _ c: Int) -> S? { c < d[i].count ? d[i][c] : nil }

    func check<S: YumaArithmetic>(_ type: S.Type, seed: UInt64, convert: (Double) -> S) {
        var rng = Rng(state: seed)
        for _ in 0..<60 {
            let n = 1 + rng.below(10), k = 1 + rng.below(10)
            let (w, wd) = Self.randomMatrix(&rng, rows: n, columns: k, convert: convert)
            let stake: [S] = (0..<n).map { _ in rng.below(4) == 0 ? .zero : convert(Double(rng.below(100)) / 101) }
            let threshold: [S] = (0..<k).map { _ in rng.below(4) == 0 ? .zero : convert(Double(rng.below(100)) / 150) }

            // clip + row sums + ranks + pre-ranks.
            let fused = SparseMath.clipAndRank(w, consensus: threshold, stake: stake, columns: k)
            var clippedD = [[S?]](repeating: [S?](repeating: nil, count: k), count: n)
            var rowSums = [S](repeating: .zero, count: n)
            var ranks = [S](repeating: .zero, count: k), preranks = [S](repeating: .zero, count: k)
            for i in 0..<n {
                for c in 0..<k {
                    guard let v = wd[i][c] else { continue }
                    if threshold[c] < v { if threshold[c] > .zero { clippedD[i][c] = threshold[c] } } else { clippedD[i][c] = v }
                }
            }
            for i in 0..<n { for c in 0..<k { if let v = clippedD[i][c] { rowSums[i] = S.add(rowSums[i], v) } } }
            for i in 0..<n { for c in 0..<k { if let v = clippedD[i][c] { ranks[c] = S.add(ranks[c], S.mul(stake[i], v)) } } }
            for i in 0..<n { for c in 0..<k { if let v = wd[i][c] { preranks[c] = S.add(preranks[c], S.mul(stake[i], v)) } } }
            #expect(fused.rowSums == rowSums)
            #expect(fused.ranks == ranks)
            #expect(fused.preranks == preranks)

            // The carried bonds as the chain state holds them (u16 proportions), some to UIDs
            // registered since the last tempo (removed when read).
            var storedRows: [[SparseMatrix<Double>.Entry]] = []
            var storedU16 = [[UInt16?]](repeating: [UInt16?](repeating: nil, count: k), count: n)
            for i in 0..<n {
                var row: [SparseMatrix<Double>.Entry] = []
                for c in 0..<k where rng.below(3) > 0 {
                    let u = UInt16(rng.below(65_536))
                    row.append(.init(column: c, value: Double(u) / 65535))
                    storedU16[i][c] = u
                }
                storedRows.append(row)
            }
            let registeredAt: [UInt64] = (0..<k).map { _ in [0, 4, 5, 9][rng.below(4)] }
            let stored = StoredBonds(bonds: SparseMatrix(rows: storedRows), registeredAt: registeredAt, lastTempo: 5)

            // Yuma 2 bonds over the bond weights interpolate(W, clip(W), penalty): ΔB = colnorm(W∘S),
            // old colnorm'd (Yuma 2, bonds read as integers) or not (the original Yuma, proportions),
            // EMA, positive cells kept; then the EMA column-normalised, Bᵀ·I and the column maxima.
            for (normalizeOld, penaltyValue) in [(true, 1.0), (false, 1.0), (true, 0.0), (false, 0.3), (true, 0.7)] {
                let penalty = convert(penaltyValue)
                var bondD = [[S?]](repeating: [S?](repeating: nil, count: k), count: n)
                for i in 0..<n {
                    for c in 0..<k {
                        guard let v = wd[i][c] else { continue }
                        if penalty == .zero { bondD[i][c] = v; continue }
                        if penalty == .one { bondD[i][c] = clippedD[i][c]; continue }
                        let x = S.add(v, S.mul(penalty, S.sub(clippedD[i][c] ?? .zero, v)))
                        if x > .zero { bondD[i][c] = x }
                    }
                }
                for i in 0..<n { for c in 0..<k { #expect(Self.cell(Self.rows(SparseMath.bondWeights(w, consensus: threshold, penalty: penalty)), i, c) == bondD[i][c]) } }
                var deltaSums = [S](repeating: .zero, count: k)
                for i in 0..<n { for c in 0..<k { if let v = bondD[i][c] { deltaSums[c] = S.add(deltaSums[c], S.mul(v, stake[i])) } } }
                let products = SparseMath.bondWeightProducts(w, consensus: threshold, penalty: penalty, stake: stake, columns: k)
                #expect(products == deltaSums)
                if penalty == .one { #expect(products == ranks) }
                if penalty == .zero { #expect(products == preranks) }

                let alpha = convert(0.1)
                func ema<Scale: BondScale>(_ scale: Scale.Type) -> (CompressedRows<S>, sums: [S], maxima: [S]) {
                    YumaEpoch.emaOfNormalized(w, consensus: threshold, penalty: penalty, stake: stake, old: stored, scale,
                                              normalizeOld: normalizeOld, deltaSums: products, alpha: alpha, columns: k)
                }
                let (ema, emaSums, emaMax) = normalizeOld ? ema(IntegerBonds.self) : ema(ProportionBonds.self)
                var od = [[S?]](repeating: [S?](repeating: nil, count: k), count: n)
                for i in 0..<n {
                    for c in 0..<k where registeredAt[c] < 5 {
                        if let u = storedU16[i][c] { od[i][c] = normalizeOld ? S.integer(Int64(u)) : S.proportion(u) }
                    }
                }
                let read: CompressedRows<S> = normalizeOld ? stored.matrix(IntegerBonds.self, rows: n, workspace: nil)
                                                           : stored.matrix(ProportionBonds.self, rows: n, workspace: nil)
                for i in 0..<n { for c in 0..<k { #expect(Self.cell(Self.rows(read), i, c) == od[i][c]) } }
                var delta = [[S?]](repeating: [S?](repeating: nil, count: k), count: n)
                for i in 0..<n { for c in 0..<k { if let v = bondD[i][c] { delta[i][c] = S.mul(v, stake[i]) } } }
                func colNormalized(_ m: [[S?]]) -> [[S?]] {
                    var sums = [S](repeating: .zero, count: k)
                    for i in 0..<n { for c in 0..<k { if let v = m[i][c] { sums[c] = S.add(sums[c], v) } } }
                    return m.map { row in row.enumerated().map { c, v in v.map { sums[c] == .zero ? $0 : S.divide($0, by: S.divisor(sums[c])) } } }
                }
                delta = colNormalized(delta)
                let oldN = normalizeOld ? colNormalized(od) : od
                var emaD = [[S?]](repeating: [S?](repeating: nil, count: k), count: n)
                for i in 0..<n {
                    for c in 0..<k where delta[i][c] != nil || oldN[i][c] != nil {
                        let v = S.add(S.mul(alpha, delta[i][c] ?? .zero), S.mul(S.sub(.one, alpha), oldN[i][c] ?? .zero))
                        if v > .zero { emaD[i][c] = v }
                    }
                }
                for i in 0..<n { for c in 0..<k { #expect(Self.cell(Self.rows(ema), i, c) == emaD[i][c]) } }
                var sums = [S](repeating: .zero, count: k)
                for i in 0..<n { for c in 0..<k { if let v = emaD[i][c] { sums[c] = S.add(sums[c], v) } } }
                #expect(emaSums == sums)

                // Yuma 2's storage walk: the EMA column-normalised, Bᵀ·I per row, the stored u16 of
                // the normalised value upscaled by its column's maximum (every row holds a permit).
                let incentive: [S] = (0..<k).map { _ in convert(Double(rng.below(100)) / 100) }
                let normD = colNormalized(emaD)
                var productD = [S](repeating: .zero, count: n), maxD = [S](repeating: .zero, count: k), rawMaxD = maxD
                for i in 0..<n {
                    for c in 0..<k {
                        guard let v = normD[i][c] else { continue }
                        productD[i] = S.add(productD[i], S.mul(incentive[c], v))
                        if maxD[c] < v { maxD[c] = v }
                        if rawMaxD[c] < emaD[i][c]! { rawMaxD[c] = emaD[i][c]! }
                    }
                }
                #expect(emaMax == rawMaxD)
                let columnDivisor = emaSums.map { SparseMath.columnDivisor($0) }
                // The normalised maxima are the maxima's quotients (division is monotone).
                #expect(zip(emaMax, columnDivisor).map { S.divide($0, by: $1) } == maxD)
                let maxDivisor = maxD.map { SparseMath.columnDivisor($0) }
                var dividends = [S](repeating: .zero, count: n)
                let allPermits = [Bool](repeating: true, count: n)
                let (storedBonds, carried) = dividends.withUnsafeMutableVector { dividends in
                    columnDivisor.withUnsafeVector { columnDivisor in
                        maxDivisor.withUnsafeVector { maxDivisor in
                            incentive.withUnsafeVector { incentive in
                                BondStorage.store(ema, rows: n, newPermits: allPermits, permits: allPermits, stored: stored.bonds,
                                                  Yuma2BondScaling(columnDivisor: columnDivisor, maxDivisor: maxDivisor,
                                                                   incentive: incentive, dividends: dividends))
                            }
                        }
                    }
                }
                #expect(dividends == productD)
                for i in 0..<n {
                    var expected: [SparseMatrix<UInt16>.Entry] = []
                    for c in 0..<k {
                        guard let v = normD[i][c] else { continue }
                        let u = S.divide(v, by: SparseMath.columnDivisor(maxD[c])).proportionToU16
                        if u > 0 { expected.append(.init(column: c, value: u)) }
                    }
                    #expect(storedBonds.rows[i] == expected)
                    #expect(carried.rows[i].map(\.value) == expected.map { Double($0.value) / 65535 })
                }
                // Yuma 3's form: the same product, the matrix left as it was.
                #expect(SparseMath.colNormalizedProduct(ema, sums: emaSums, vector: incentive) == productD)
            }
        }
    }

    @Test(arguments: [7, 8] as [UInt64])
    func fusedPassesMatchDenseStepsInFixedPoint(_ seed: UInt64) { check(I32F32.self, seed: seed) { I32F32($0) } }

    @Test(arguments: [7, 8] as [UInt64])
    func fusedPassesMatchDenseStepsInFloat(_ seed: UInt64) { check(Double.self, seed: seed) { $0 } }
}
