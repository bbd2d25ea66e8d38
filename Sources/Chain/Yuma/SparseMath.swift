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

    /// `inplace_row_normalize_sparse`: rows with a positive sum divided by it (explicit zeros kept).
    static func rowNormalize<S: YumaArithmetic>(_ m: inout CompressedRows<S>) {
        let offsets = m.offsets
        m.updateValues { values in
            for i in 0..<(offsets.count - 1) {
                var s = S.zero
                for p in offsets[i]..<offsets[i + 1] { s = S.add(s, values[p]) }
                normalizeEntries(values, offsets[i]..<offsets[i + 1], sum: s)
            }
        }
    }

    /// One row of `inplace_row_normalize_sparse`: the entries at `range`, whose sum (added in their
    /// order) is `sum`, divided by it when it is positive.
    @inline(__always)
    static func normalizeEntries<S: YumaArithmetic>(_ values: _UnsafeMutableValues<S>, _ range: Range<Int>, sum s: S) {
        guard s > .zero else { return }
        let d = S.divisor(s)
        for p in range { values[p] = S.divide(values[p], by: d) }
    }

    /// The column-normalisation rule of `inplace_col_normalize_sparse` and
    /// `inplace_col_max_upscale_sparse` for one cell: `v / total`, or `v` as it is when the total is 0.
    @inline(__always)
    static func divided<S: YumaArithmetic>(_ v: S, by total: S, _ divisor: S.Divisor) -> S {
        total == .zero ? v : S.divide(v, by: divisor)
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

    /// `col_clip_sparse` (values above the column's consensus become it, or are dropped when it
    /// is not positive), and in the same row walk `row_sum_sparse` of the clipped rows (validator
    /// trust) and `matmul_sparse` by `stake` of the clipped rows (ranks) and of `m` (pre-ranks).
    /// Each total adds the same terms in the same order as those helpers one after another.
    static func clipAndRank<S: YumaArithmetic>(_ m: CompressedRows<S>, consensus threshold: [S], stake: [S], columns: Int,
                                              workspace: EpochWorkspace? = nil)
        -> (clipped: CompressedRows<S>, rowSums: [S], ranks: [S], preranks: [S]) {
        var rowSums = [S](repeating: .zero, count: m.rowCount)
        var ranks = [S](repeating: .zero, count: columns)
        var preranks = [S](repeating: .zero, count: columns)
        let clipped = ranks.withUnsafeMutableVector { ranks in
            preranks.withUnsafeMutableVector { preranks in
                threshold.withUnsafeVector { threshold in
                    m.withUnsafeRows { m in
                        CompressedRows.build(rows: m.offsets.count - 1, capacity: m.offsets[m.offsets.count - 1],
                                             workspace: workspace, filler: .zero) { out in
                            for i in 0..<(m.offsets.count - 1) {
                                let s = stake[i]
                                var rowSum = S.zero
                                for p in m.range(i) {
                                    let col = m.columns[p], v = m.values[p]
                                    let c = Int(col)
                                    preranks[c] = S.add(preranks[c], S.mul(s, v))
                                    // Clipped to the consensus; dropped when clipped to a consensus of 0,
                                    // which then adds 0 to the totals below (weights and consensus are
                                    // ≥ 0): no branch on the data, whose comparisons with the median go
                                    // either way.
                                    let th = threshold[c]
                                    let clip = th < v
                                    let kept = clip ? th : v
                                    out.append(col, kept, keep: !clip || th > .zero)
                                    rowSum = S.add(rowSum, kept)
                                    ranks[c] = S.add(ranks[c], S.mul(s, kept))
                                }
                                rowSums[i] = rowSum
                                out.closeRow()
                            }
                        }
                    }
                }
            }
        }
        return (clipped, rowSums, ranks, preranks)
    }

    /// `inplace_col_normalize_sparse` by the column `sums` already known, and in the same pass
    /// `matmul_transpose_sparse` by `vector` of the normalised rows and the column maxima that
    /// `inplace_col_max_upscale_sparse` divides by (``YumaEpoch`` applies them as it stores the bonds).
    static func colNormalizeProject<S: YumaArithmetic>(_ m: inout CompressedRows<S>, sums: [S], vector: [S],
                                                      columns: Int) -> (product: [S], columnMax: [S]) {
        let divisors = sums.map { S.divisor($0) }
        var product = [S](repeating: .zero, count: m.rowCount)
        var columnMax = [S](repeating: .zero, count: columns)
        let offsets = m.offsets, cols = m.columns
        columnMax.withUnsafeMutableVector { columnMax in
            sums.withUnsafeVector { sums in
                divisors.withUnsafeVector { divisors in
                    vector.withUnsafeVector { vector in
                        cols.withUnsafeVector { cols in
                            m.updateValues { values in
                                for i in 0..<(offsets.count - 1) {
                                    var acc = S.zero
                                    for p in offsets[i]..<offsets[i + 1] {
                                        let c = Int(cols[p])
                                        let v = divided(values[p], by: sums[c], divisors[c])
                                        values[p] = v
                                        acc = S.add(acc, S.mul(vector[c], v))
                                        columnMax[c] = Swift.max(columnMax[c], v)
                                    }
                                    product[i] = acc
                                }
                            }
                        }
                    }
                }
            }
        }
        return (product, columnMax)
    }

    /// `matmul_transpose_sparse` by `vector` of `m` column-normalised by its column `sums`
    /// (`inplace_col_normalize_sparse` of a copy, then the product), without making the copy:
    /// each normalised value is used where it is computed.
    static func colNormalizedProduct<S: YumaArithmetic>(_ m: CompressedRows<S>, sums: [S], vector: [S]) -> [S] {
        let divisors = sums.map { S.divisor($0) }
        return (0..<m.rowCount).map { i in
            var acc = S.zero
            for p in m.range(i) {
                let c = Int(m.columns[p])
                acc = S.add(acc, S.mul(vector[c], divided(m.values[p], by: sums[c], divisors[c])))
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
    static func mergeRows<M: CellMerge>(_ a: CompressedRows<M.S>, _ b: CompressedRows<M.S>,
                                        workspace: EpochWorkspace? = nil, _ rule: M) -> CompressedRows<M.S> {
        typealias S = M.S
        return a.withUnsafeRows { a in
            b.withUnsafeRows { b in
                CompressedRows.build(rows: a.offsets.count - 1, capacity: a.offsets[a.offsets.count - 1] + b.offsets[b.offsets.count - 1],
                                     workspace: workspace, filler: .zero) { out in
                    for i in 0..<(a.offsets.count - 1) {
                        var p = a.offsets[i], q = b.offsets[i]
                        let pe = a.offsets[i + 1], qe = b.offsets[i + 1]
                        if pe - p == qe - q, sameColumns(a.columns, from: p, b.columns, from: q, count: pe - p) {
                            // The same columns in both rows (bonds where the weights are, epoch after
                            // epoch): every cell pairs up, no merge decisions.
                            while p < pe {
                                let col = a.columns[p]
                                let v = rule.combine(row: i, a.values[p], b.values[q], column: Int(col))
                                p += 1
                                q += 1
                                let keep = S.zero < v
                                out.append(col, v, keep: keep)
                                if keep { rule.kept(column: Int(col), v) }
                            }
                            out.closeRow()
                            continue
                        }
                        while p < pe || q < qe {
                            let ca = p < pe ? a.columns[p] : .max
                            let cb = q < qe ? b.columns[q] : .max
                            let col = Swift.min(ca, cb)
                            let v1 = ca == col ? a.values[p] : S.zero
                            let v2 = cb == col ? b.values[q] : S.zero
                            if ca == col { p += 1 }
                            if cb == col { q += 1 }
                            let v = rule.combine(row: i, v1, v2, column: Int(col))
                            if S.zero < v {
                                out.append(col, v)
                                rule.kept(column: Int(col), v)
                            }
                        }
                        out.closeRow()
                    }
                }
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

    /// `interpolate_sparse`: `A + ratio·(B − A)` per cell, positive cells kept; `A` at ratio 0 and
    /// `B` at ratio 1 are returned as they are (explicit zeros included).
    static func interpolate<S: YumaArithmetic>(_ a: CompressedRows<S>, _ b: CompressedRows<S>, ratio: S) -> CompressedRows<S> {
        if ratio == .zero { return a }
        if ratio == .one { return b }
        return mergeRows(a, b) { _, v1, v2, _ in S.add(v1, S.mul(ratio, S.sub(v2, v1))) }
    }
}

/// What ``SparseMath/mergeRows(_:_:workspace:_:)-(_,_,_,M)`` makes of each cell of the union of two
/// rows.
protocol CellMerge {
    associatedtype S: YumaArithmetic
    /// The cell at (`row`, `column`) from the two matrices' values there (0 where one has none).
    func combine(row: Int, _ a: S, _ b: S, column: Int) -> S
    /// Told of each positive cell kept, in storage order.
    func kept(column: Int, _ value: S)
}

extension CellMerge {
    @inline(__always) func kept(column: Int, _ value: S) {}
}

/// A cell rule given as a closure (the merges off the hot path).
struct ClosureMerge<S: YumaArithmetic>: CellMerge {
    let body: (Int, S, S, Int) -> S
    @inline(__always) func combine(row: Int, _ a: S, _ b: S, column: Int) -> S { body(row, a, b, column) }
}
