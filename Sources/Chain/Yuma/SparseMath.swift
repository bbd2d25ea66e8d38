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
                let r = offsets[i]..<offsets[i + 1]
                var s = S.zero
                for p in r { s = S.add(s, values[p]) }
                guard s > .zero else { continue }
                let d = S.divisor(s)
                for p in r { values[p] = S.divide(values[p], by: d) }
            }
        }
    }

    /// Divides every entry by `per[column]` (left as is where that is 0).
    static func divideColumns<S: YumaArithmetic>(_ m: inout CompressedRows<S>, by per: [S]) {
        let divisors = per.map { S.divisor($0) }
        let columns = m.columns
        m.updateValues { values in
            for p in columns.indices {
                let c = Int(columns[p])
                if per[c] != .zero { values[p] = S.divide(values[p], by: divisors[c]) }
            }
        }
    }

    /// The sum of each column.
    static func columnSums<S: YumaArithmetic>(_ m: CompressedRows<S>, columns: Int) -> [S] {
        var colSum = [S](repeating: .zero, count: columns)
        for p in m.values.indices {
            let c = Int(m.columns[p])
            colSum[c] = S.add(colSum[c], m.values[p])
        }
        return colSum
    }

    /// `inplace_col_normalize_sparse`.
    static func colNormalize<S: YumaArithmetic>(_ m: inout CompressedRows<S>, columns: Int) {
        divideColumns(&m, by: columnSums(m, columns: columns))
    }

    /// `inplace_col_max_upscale_sparse`.
    static func colMaxUpscale<S: YumaArithmetic>(_ m: inout CompressedRows<S>, columns: Int) {
        var colMax = [S](repeating: .zero, count: columns)
        for p in m.values.indices {
            let c = Int(m.columns[p])
            if colMax[c] < m.values[p] { colMax[c] = m.values[p] }
        }
        divideColumns(&m, by: colMax)
    }

    /// `row_sum_sparse`.
    static func rowSum<S: YumaArithmetic>(_ m: CompressedRows<S>) -> [S] {
        (0..<m.rowCount).map { i in
            var s = S.zero
            for p in m.range(i) { s = S.add(s, m.values[p]) }
            return s
        }
    }

    /// `matmul_sparse`: `result_j = Σ_i vector_i · m_ij`.
    static func matmul<S: YumaArithmetic>(_ m: CompressedRows<S>, _ vector: [S], columns: Int) -> [S] {
        var result = [S](repeating: .zero, count: columns)
        for i in 0..<m.rowCount {
            let scale = vector[i]
            for p in m.range(i) {
                let c = Int(m.columns[p])
                result[c] = S.add(result[c], S.mul(scale, m.values[p]))
            }
        }
        return result
    }

    /// `matmul_transpose_sparse`: `result_i = Σ_j vector_j · m_ij`.
    static func matmulTranspose<S: YumaArithmetic>(_ m: CompressedRows<S>, _ vector: [S]) -> [S] {
        (0..<m.rowCount).map { i in
            var acc = S.zero
            for p in m.range(i) { acc = S.add(acc, S.mul(vector[Int(m.columns[p])], m.values[p])) }
            return acc
        }
    }

    /// Each row scaled by `vector[row]` (the `W∘S` of Yuma 2's bond delta).
    static func scaleRows<S: YumaArithmetic>(_ m: inout CompressedRows<S>, by vector: [S]) {
        let offsets = m.offsets
        m.updateValues { values in
            for i in 0..<(offsets.count - 1) {
                let s = vector[i]
                for p in offsets[i]..<offsets[i + 1] { values[p] = S.mul(values[p], s) }
            }
        }
    }

    /// `col_clip_sparse`: values above the column threshold become the threshold, or are dropped
    /// when the threshold is not positive.
    static func colClip<S: YumaArithmetic>(_ m: CompressedRows<S>, _ threshold: [S]) -> CompressedRows<S> {
        CompressedRows.build(rows: m.rowCount, capacity: m.entryCount) { out in
            for i in 0..<m.rowCount {
                for p in m.range(i) {
                    let c = m.columns[p], v = m.values[p]
                    let th = threshold[Int(c)]
                    if th < v {
                        if th > .zero { out.append(c, th) }
                    } else {
                        out.append(c, v)
                    }
                }
                out.closeRow()
            }
        }
    }

    /// The union of each pair of rows' columns, in order, each cell `combine(row, a, b)` (a missing
    /// cell counts as zero); positive results are kept.
    @inline(__always)
    static func mergeRows<S: YumaArithmetic>(_ a: CompressedRows<S>, _ b: CompressedRows<S>,
                                            _ combine: (Int, S, S) -> S) -> CompressedRows<S> {
        CompressedRows.build(rows: a.rowCount, capacity: a.entryCount + b.entryCount) { out in
            for i in 0..<a.rowCount {
                var p = a.offsets[i], q = b.offsets[i]
                let pe = a.offsets[i + 1], qe = b.offsets[i + 1]
                while p < pe || q < qe {
                    let ca = p < pe ? a.columns[p] : .max
                    let cb = q < qe ? b.columns[q] : .max
                    let col = Swift.min(ca, cb)
                    let v1 = ca == col ? a.values[p] : S.zero
                    let v2 = cb == col ? b.values[q] : S.zero
                    if ca == col { p += 1 }
                    if cb == col { q += 1 }
                    let v = combine(i, v1, v2)
                    if S.zero < v { out.append(col, v) }
                }
                out.closeRow()
            }
        }
    }

    /// `interpolate_sparse`: `A + ratio·(B − A)` per cell, positive cells kept; `A` at ratio 0 and
    /// `B` at ratio 1 are returned as they are (explicit zeros included).
    static func interpolate<S: YumaArithmetic>(_ a: CompressedRows<S>, _ b: CompressedRows<S>, ratio: S) -> CompressedRows<S> {
        if ratio == .zero { return a }
        if ratio == .one { return b }
        return mergeRows(a, b) { _, v1, v2 in S.add(v1, S.mul(ratio, S.sub(v2, v1))) }
    }
}
