/// The sparse matrix helpers of subtensor's `epoch/math.rs` that `epoch_mechanism` calls, with the
/// same masking, normalisation and zero-dropping rules, generic over the arithmetic, on
/// ``CompressedRows``. Each helper is one pass (two where a column total must be known first) over
/// the flat entry arrays; the ones that keep the sparsity change the values in place.
enum SparseMath {
    /// `inplace_normalize`: divide by the sum unless it is 0.
    static func normalize<S: YumaArithmetic>(_ x: inout [S]) {
        let total = sum(x)
        if total == .zero { return }
        let d = S.divisor(total)
        for i in x.indices { x[i] = S.divide(x[i], by: d) }
    }

    static func sum<S: YumaArithmetic>(_ x: [S]) -> S {
        var s = S.zero
        for v in x { s = S.add(s, v) }
        return s
    }

    /// One row of `inplace_row_normalize_sparse`: the entries at `range`, whose sum (added in their
    /// order) is `sum`, divided by it when it is positive.
    @inline(__always)
    static func normalizeEntries<S: YumaArithmetic>(_ values: _UnsafeMutableValues<S>, _ range: Range<Int>, sum s: S) {
        guard s > .zero else { return }
        let d = S.divisor(s)
        for p in range { values[p] = S.divide(values[p], by: d) }
    }

    /// The divisor of the column-normalisation rule of `inplace_col_normalize_sparse` and
    /// `inplace_col_max_upscale_sparse`, `v / total`, or `v` as it is when the total is 0: a total of
    /// 0 divides by 1, which leaves every value as it is in both arithmetics (fixed point's
    /// quotient by 1 is exact, and so is float's product by 1), so no cell needs a test.
    @inline(__always)
    static func columnDivisor<S: YumaArithmetic>(_ total: S) -> S.Divisor {
        S.divisor(total == .zero ? .one : total)
    }

    /// The sum of each column.
    static func columnSums<S: YumaArithmetic>(_ m: CompressedRows<S>, columns: Int) -> [S] {
        var colSum = [S](repeating: .zero, count: columns)
        for p in 0..<m.entryCount {
            let c = Int(m.columns[p])
            colSum[c] = S.add(colSum[c], m.values[p])
        }
        return colSum
    }

    /// `col_clip_sparse` of one cell: above the column's consensus it becomes the consensus, and
    /// it is dropped (`kept` false) when that consensus is not positive. Consensus and weights are
    /// ≥ 0, so a dropped cell's value is 0. No branch on the data, whose comparisons with the
    /// median go either way.
    @inline(__always)
    static func clipCell<S: YumaArithmetic>(_ v: S, consensus th: S) -> (value: S, kept: Bool) {
        (S.lesser(v, th), v <= th || th > .zero)
    }

    /// One cell of the weights bonds are made from, `interpolate_sparse(W, col_clip_sparse(W, C),
    /// penalty)`: the weight at penalty 0, the clipped weight at 1 (both with explicit zeros kept,
    /// as `interpolate_sparse` returns its operand as it is), else `w + penalty·(clipped − w)`, kept
    /// when positive. A cell that is not kept has the value 0 here.
    @inline(__always)
    static func bondWeight<S: YumaArithmetic>(_ w: S, consensus th: S, penalty: S) -> (value: S, kept: Bool) {
        if penalty == .zero { return (w, true) }
        let clipped = clipCell(w, consensus: th)
        if penalty == .one { return clipped }
        let v = S.add(w, S.mul(penalty, S.sub(clipped.kept ? clipped.value : .zero, w)))
        return v > .zero ? (v, true) : (.zero, false)
    }

    /// The bond weights of every cell of `m` as a matrix (Yuma 3 and Yuma 2C read it; Yuma 2 makes
    /// each cell where it uses it).
    static func bondWeights<S: YumaArithmetic>(_ m: CompressedRows<S>, consensus: [S], penalty: S,
                                              workspace: EpochWorkspace? = nil) -> CompressedRows<S> {
        consensus.withUnsafeVector { consensus in
            m.withUnsafeRows { m in
                CompressedRows.build(rows: m.offsets.count - 1, capacity: m.offsets[m.offsets.count - 1],
                                     workspace: workspace, filler: .zero) { out in
                    for i in 0..<(m.offsets.count - 1) {
                        for p in m.range(i) {
                            let col = m.columns[p]
                            let cell = bondWeight(m.values[p], consensus: consensus[Int(col)], penalty: penalty)
                            out.append(col, cell.value, keep: cell.kept)
                        }
                        out.closeRow()
                    }
                }
            }
        }
    }

    /// `Σᵢ bondWeightᵢⱼ·stakeᵢ` per column, rows in order: the column totals of ΔB = W∘S over the
    /// bond weights (a cell not kept adds 0), for a penalty strictly between 0 and 1 (at 0 and 1
    /// they are the pre-ranks and the ranks).
    static func bondWeightProducts<S: YumaArithmetic>(_ m: CompressedRows<S>, consensus: [S], penalty: S, stake: [S],
                                                     columns: Int) -> [S] {
        var sums = [S](repeating: .zero, count: columns)
        sums.withUnsafeMutableVector { sums in
            consensus.withUnsafeVector { consensus in
                m.withUnsafeRows { m in
                    for i in 0..<(m.offsets.count - 1) {
                        let s = stake[i]
                        for p in m.range(i) {
                            let c = Int(m.columns[p])
                            let weight = bondWeight(m.values[p], consensus: consensus[c], penalty: penalty).value
                            sums[c] = S.add(sums[c], S.mul(weight, s))
                        }
                    }
                }
            }
        }
        return sums
    }

    /// In one row walk: `row_sum_sparse` of the clipped rows (``clipCell(_:consensus:)``; validator
    /// trust), and `matmul_sparse` by `stake` of the clipped rows (ranks) and of `m` (pre-ranks).
    /// Each total adds the same terms in the same order as those helpers one after another (a
    /// dropped cell adds 0).
    static func clipAndRank<S: YumaArithmetic>(_ m: CompressedRows<S>, consensus threshold: [S], stake: [S], columns: Int)
        -> (rowSums: [S], ranks: [S], preranks: [S]) {
        var rowSums = [S](repeating: .zero, count: m.rowCount)
        var ranks = [S](repeating: .zero, count: columns)
        var preranks = [S](repeating: .zero, count: columns)
        ranks.withUnsafeMutableVector { ranks in
            preranks.withUnsafeMutableVector { preranks in
                threshold.withUnsafeVector { threshold in
                    m.withUnsafeRows { m in
                        for i in 0..<(m.offsets.count - 1) {
                            let s = stake[i]
                            var rowSum = S.zero
                            for p in m.range(i) {
                                let c = Int(m.columns[p]), v = m.values[p]
                                preranks[c] = S.add(preranks[c], S.mul(s, v))
                                let kept = clipCell(v, consensus: threshold[c]).value
                                rowSum = S.add(rowSum, kept)
                                ranks[c] = S.add(ranks[c], S.mul(s, kept))
                            }
                            rowSums[i] = rowSum
                        }
                    }
                }
            }
        }
        return (rowSums, ranks, preranks)
    }

    /// `matmul_transpose_sparse` by `vector` of `m` column-normalised by its column `sums`
    /// (`inplace_col_normalize_sparse` of a copy, then the product), without making the copy:
    /// each normalised value is used where it is computed.
    static func colNormalizedProduct<S: YumaArithmetic>(_ m: CompressedRows<S>, sums: [S], vector: [S]) -> [S] {
        let divisors = sums.map { columnDivisor($0) }
        return (0..<m.rowCount).map { i in
            var acc = S.zero
            for p in m.range(i) {
                let c = Int(m.columns[p])
                acc = S.add(acc, S.mul(vector[c], S.divide(m.values[p], by: divisors[c])))
            }
            return acc
        }
    }

    /// `matmul_transpose_sparse`: `result_i = Σ_j vector_j · m_ij`.
    static func matmulTranspose<S: YumaArithmetic>(_ m: CompressedRows<S>, _ vector: [S]) -> [S] {
        (0..<m.rowCount).map { i in
            var acc = S.zero
            for p in m.range(i) { acc = S.add(acc, S.mul(vector[Int(m.columns[p])], m.values[p])) }
            return acc
        }
    }

    /// The union of each pair of rows' columns, in order, each cell `combine(row, a, b, column)` (a
    /// missing cell counts as zero); positive results are kept. With a `workspace`, the result's
    /// buffers come from it.
    @inline(__always)
    static func mergeRows<S: YumaArithmetic>(_ a: CompressedRows<S>, _ b: CompressedRows<S>,
                                            workspace: EpochWorkspace? = nil,
                                            _ combine: @escaping (Int, S, S, Int) -> S) -> CompressedRows<S> {
        mergeRows(a, b, workspace: workspace, ClosureMerge(body: combine))
    }

    /// The merge with its cell rule as a type: specialised for the rule, whose arithmetic is then
    /// compiled into the loop (a closure handed through the row writer is called per cell).
    @inline(__always)
    static func mergeRows<M: CellMerge>(_ a: CompressedRows<M.A>, _ b: CompressedRows<M.B>,
                                        workspace: EpochWorkspace? = nil, _ rule: M) -> CompressedRows<M.S> {
        a.withUnsafeRows { a in b.withUnsafeRows { b in mergeRows(a, b, workspace: workspace, rule) } }
    }

    /// The merge over unchecked rows; `b` may have fewer rows than `a` (the rest are empty).
    @inline(__always)
    static func mergeRows<M: CellMerge>(_ a: _UnsafeRows<M.A>, _ b: _UnsafeRows<M.B>,
                                        workspace: EpochWorkspace? = nil, _ rule: M) -> CompressedRows<M.S> {
        typealias S = M.S
        let rows = a.offsets.count - 1, bRows = Swift.max(b.offsets.count - 1, 0)
        let bEntries = bRows == 0 ? 0 : b.offsets[bRows]
        return CompressedRows.build(rows: rows, capacity: a.offsets[rows] + bEntries, workspace: workspace, filler: .zero) { out in
            for i in 0..<rows {
                var p = a.offsets[i]
                let pe = a.offsets[i + 1]
                var q = i < bRows ? b.offsets[i] : 0
                let qe = i < bRows ? b.offsets[i + 1] : 0
                if pe - p == qe - q, sameColumns(a.columns, from: p, b.columns, from: q, count: pe - p) {
                    // The same columns in both rows (bonds where the weights are, epoch after
                    // epoch): every cell pairs up, no merge decisions.
                    var cursor = out.cursor
                    while p < pe {
                        let col = a.columns[p]
                        let v = rule.combine(row: i, a.values[p], b.values[q], column: Int(col))
                        p += 1
                        q += 1
                        let keep = S.zero < v
                        cursor.append(col, v, keep: keep)
                        if keep { rule.kept(column: Int(col), v) }
                    }
                    out.advance(to: cursor)
                    out.closeRow()
                    continue
                }
                var cursor = out.cursor
                while p < pe || q < qe {
                    let ca = p < pe ? a.columns[p] : .max
                    let cb = q < qe ? b.columns[q] : .max
                    let col = Swift.min(ca, cb)
                    let v1 = ca == col ? a.values[p] : M.A.zero
                    let v2 = cb == col ? b.values[q] : M.B.zero
                    if ca == col { p += 1 }
                    if cb == col { q += 1 }
                    let v = rule.combine(row: i, v1, v2, column: Int(col))
                    if S.zero < v {
                        cursor.append(col, v)
                        rule.kept(column: Int(col), v)
                    }
                }
                out.advance(to: cursor)
                out.closeRow()
            }
        }
    }

    /// Whether `x[i..<i + count]` and `y[j..<j + count]` hold the same columns: every pair
    /// compared, with no exit on the first difference, so the loop runs in vector registers.
    @inline(__always)
    static func sameColumns(_ x: UnsafeBufferPointer<Int32>, from i: Int, _ y: UnsafeBufferPointer<Int32>, from j: Int, count: Int) -> Bool {
        var difference: Int32 = 0
        for k in 0..<count { difference |= x[i + k] ^ y[j + k] }
        return difference == 0
    }
}

/// What ``SparseMath/mergeRows(_:_:workspace:_:)-(_,_,_,M)`` makes of each cell of the union of two
/// rows.
protocol CellMerge {
    /// The result's values.
    associatedtype S: YumaArithmetic
    /// The two merged matrices' values.
    associatedtype A: YumaArithmetic
    associatedtype B: YumaArithmetic
    /// The cell at (`row`, `column`) from the two matrices' values there (0 where one has none).
    func combine(row: Int, _ a: A, _ b: B, column: Int) -> S
    /// Told of each positive cell kept, in storage order.
    func kept(column: Int, _ value: S)
}

extension CellMerge {
    @inline(__always) func kept(column: Int, _ value: S) {}
}

/// A cell rule given as a closure (the merges off the hot path).
struct ClosureMerge<S: YumaArithmetic>: CellMerge {
    typealias A = S
    typealias B = S
    let body: (Int, S, S, Int) -> S
    @inline(__always) func combine(row: Int, _ a: S, _ b: S, column: Int) -> S { body(row, a, b, column) }
}
