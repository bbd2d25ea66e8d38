/// One sparse row: `(column, value)` in increasing column order.
typealias SparseRow<S> = [(col: Int, v: S)]

/// The sparse matrix helpers of subtensor's `epoch/math.rs` that `epoch_mechanism` calls, with the
/// same masking, normalisation and zero-dropping rules, generic over the arithmetic.
enum SparseMath {
    /// `inplace_normalize`: divide by the sum unless it is 0.
    static func normalize<S: YumaArithmetic>(_ x: inout [S]) {
        var sum = S.zero
        for v in x { sum = S.add(sum, v) }
        if sum == .zero { return }
        for i in x.indices { x[i] = S.safeDiv(x[i], sum) }
    }

    static func sum<S: YumaArithmetic>(_ x: [S]) -> S {
        var s = S.zero
        for v in x { s = S.add(s, v) }
        return s
    }

    /// `inplace_row_normalize_sparse`: rows with a positive sum divided by it (explicit zeros kept).
    static func rowNormalize<S: YumaArithmetic>(_ m: inout [SparseRow<S>]) {
        for i in m.indices {
            var s = S.zero
            for e in m[i] { s = S.add(s, e.v) }
            if s > .zero {
                for k in m[i].indices { m[i][k].v = S.safeDiv(m[i][k].v, s) }
            }
        }
    }

    /// `inplace_col_normalize_sparse`.
    static func colNormalize<S: YumaArithmetic>(_ m: inout [SparseRow<S>], columns: Int) {
        var colSum = [S](repeating: .zero, count: columns)
        for row in m { for e in row { colSum[e.col] = S.add(colSum[e.col], e.v) } }
        for i in m.indices {
            for k in m[i].indices {
                let d = colSum[m[i][k].col]
                if d != .zero { m[i][k].v = S.safeDiv(m[i][k].v, d) }
            }
        }
    }

    /// `inplace_col_max_upscale_sparse`.
    static func colMaxUpscale<S: YumaArithmetic>(_ m: inout [SparseRow<S>], columns: Int) {
        var colMax = [S](repeating: .zero, count: columns)
        for row in m { for e in row where colMax[e.col] < e.v { colMax[e.col] = e.v } }
        for i in m.indices {
            for k in m[i].indices {
                let d = colMax[m[i][k].col]
                if d != .zero { m[i][k].v = S.safeDiv(m[i][k].v, d) }
            }
        }
    }

    /// `row_sum_sparse`.
    static func rowSum<S: YumaArithmetic>(_ m: [SparseRow<S>]) -> [S] {
        m.map { row in
            var s = S.zero
            for e in row { s = S.add(s, e.v) }
            return s
        }
    }

    /// `matmul_sparse`: `result_j = Σ_i vector_i · m_ij`.
    static func matmul<S: YumaArithmetic>(_ m: [SparseRow<S>], _ vector: [S], columns: Int) -> [S] {
        var result = [S](repeating: .zero, count: columns)
        for (i, row) in m.enumerated() {
            let scale = vector[i]
            for e in row { result[e.col] = S.add(result[e.col], S.mul(scale, e.v)) }
        }
        return result
    }

    /// `matmul_transpose_sparse`: `result_i = Σ_j vector_j · m_ij`.
    static func matmulTranspose<S: YumaArithmetic>(_ m: [SparseRow<S>], _ vector: [S]) -> [S] {
        m.map { row in
            var acc = S.zero
            for e in row { acc = S.add(acc, S.mul(vector[e.col], e.v)) }
            return acc
        }
    }

    /// `col_clip_sparse`: values above the column threshold become the threshold, or are dropped
    /// when the threshold is not positive.
    static func colClip<S: YumaArithmetic>(_ m: [SparseRow<S>], _ threshold: [S]) -> [SparseRow<S>] {
        m.map { row in
            var out: SparseRow<S> = []
            out.reserveCapacity(row.count)
            for e in row {
                let th = threshold[e.col]
                if th < e.v {
                    if th > .zero { out.append((e.col, th)) }
                } else {
                    out.append(e)
                }
            }
            return out
        }
    }

    /// The union of two rows' columns, in order, each cell `combine(a, b)` (a missing cell counts as
    /// zero); positive results are kept.
    @inline(__always)
    static func mergeRows<S: YumaArithmetic>(_ ra: SparseRow<S>, _ rb: SparseRow<S>,
                                            _ combine: (S, S) -> S) -> SparseRow<S> {
        var out: SparseRow<S> = []
        var p = 0, q = 0
        while p < ra.count || q < rb.count {
            let ca = p < ra.count ? ra[p].col : Int.max
            let cb = q < rb.count ? rb[q].col : Int.max
            let col = Swift.min(ca, cb)
            let v1 = ca == col ? ra[p].v : S.zero
            let v2 = cb == col ? rb[q].v : S.zero
            if ca == col { p += 1 }
            if cb == col { q += 1 }
            let v = combine(v1, v2)
            if S.zero < v { out.append((col, v)) }
        }
        return out
    }

    /// `interpolate_sparse`: `A + ratio·(B − A)` per cell, positive cells kept; `A` at ratio 0 and
    /// `B` at ratio 1 are returned as they are (explicit zeros included).
    static func interpolate<S: YumaArithmetic>(_ a: [SparseRow<S>], _ b: [SparseRow<S>], ratio: S) -> [SparseRow<S>] {
        if ratio == .zero { return a }
        if ratio == .one { return b }
        var result: [SparseRow<S>] = []
        result.reserveCapacity(a.count)
        for i in a.indices {
            result.append(mergeRows(a[i], b[i]) { v1, v2 in S.add(v1, S.mul(ratio, S.sub(v2, v1))) })
        }
        return result
    }

    /// `weighted_median_col_sparse`: the stake-weighted median of each column over the rows with
    /// positive stake, with the `majority` (kappa) of the re-normalised stake.
    static func weightedMedianColumns<S: YumaArithmetic>(stake: [S], _ m: [SparseRow<S>], columns: Int, majority: S) -> [S] {
        var useStake: [S] = stake.filter { $0 > .zero }
        normalize(&useStake)
        let k = useStake.count
        let stakeSum = sum(useStake)
        let minority = S.sub(stakeSum, majority)
        guard k > 0 else { return [S](repeating: .zero, count: columns) }
        // Column-major scores: scores[c * k + r].
        var scores = [S](repeating: .zero, count: columns * k)
        var r = 0
        for (i, row) in m.enumerated() where stake[i] > .zero {
            for e in row { scores[e.col * k + r] = e.v }
            r += 1
        }
        var median = [S](repeating: .zero, count: columns)
        var buffers = MedianBuffers(capacity: k)
        scores.withUnsafeBufferPointer { all in
            useStake.withUnsafeBufferPointer { st in
                for c in 0..<columns {
                    let col = UnsafeBufferPointer(rebasing: all[(c * k)..<(c * k + k)])
                    median[c] = weightedMedian(stake: st, score: col, minority: minority, hi: stakeSum, buffers: &buffers)
                }
            }
        }
        return median
    }

    struct MedianBuffers {
        var current: [Int32]
        var lower: [Int32]
        var upper: [Int32]
        init(capacity: Int) {
            current = []; lower = []; upper = []
            current.reserveCapacity(capacity); lower.reserveCapacity(capacity); upper.reserveCapacity(capacity)
        }
    }

    /// `weighted_median`: mid-pivot partition search over all indices, partition [0, `hi`].
    static func weightedMedian<S: YumaArithmetic>(stake: UnsafeBufferPointer<S>, score: UnsafeBufferPointer<S>,
                                                 minority: S, hi: S, buffers: inout MedianBuffers) -> S {
        let n0 = score.count
        buffers.current.removeAll(keepingCapacity: true)
        // Fast path: a column where every score is equal (all zeros, say) has that value as median.
        var allEqual = true
        let first = score[0]
        for i in 0..<n0 where score[i] != first { allEqual = false; break }
        if allEqual { return n0 == 1 ? first : first }
        for i in 0..<n0 { buffers.current.append(Int32(i)) }
        var partitionLo = S.zero
        var partitionHi = hi
        var iterations = 0
        while true {
            let n = buffers.current.count
            if n == 0 { return .zero }
            if n == 1 { return score[Int(buffers.current[0])] }
            let pivot = score[Int(buffers.current[n / 2])]
            var loStake = S.zero, hiStake = S.zero
            buffers.lower.removeAll(keepingCapacity: true)
            buffers.upper.removeAll(keepingCapacity: true)
            for idx in buffers.current {
                let s = score[Int(idx)]
                if s == pivot { continue }
                if s < pivot {
                    loStake = S.add(loStake, stake[Int(idx)])
                    buffers.lower.append(idx)
                } else {
                    hiStake = S.add(hiStake, stake[Int(idx)])
                    buffers.upper.append(idx)
                }
            }
            if minority < S.add(partitionLo, loStake), !buffers.lower.isEmpty {
                swap(&buffers.current, &buffers.lower)
                partitionHi = S.add(partitionLo, loStake)
            } else if S.sub(partitionHi, hiStake) <= minority, !buffers.upper.isEmpty {
                swap(&buffers.current, &buffers.upper)
                partitionLo = S.sub(partitionHi, hiStake)
            } else {
                return pivot
            }
            iterations += 1
            if iterations > n0 { return .zero }
        }
    }
}
