import ScoringCore

/// The bonds an epoch leaves behind, made in one walk over the EMA bonds' rows: the u16 rows the
/// chain stores (`Bonds`), and the same rows as the proportions carried to the next epoch.
///
/// A validator holding a permit now stores its EMA row (bonds that round to 0 are not stored); one
/// that lost its permit has its row cleared; one with a permit neither before nor now keeps its
/// stored row as it was (its carried values unchanged). What is stored of an EMA bond is the
/// ``StoredBondScaling``'s: the value itself, or Yuma 2's column-normalised, column-max-upscaled
/// value, with its dividends added as the rows are walked.
enum BondStorage {
    static func store<R: StoredBondScaling>(_ ema: CompressedRows<R.S>, rows n: Int, newPermits: [Bool], permits: [Bool],
                                           stored: SparseMatrix<Double>, _ scaling: R) -> (stored: SparseMatrix<UInt16>, carried: SparseMatrix<Double>) {
        var kept = 0
        for i in 0..<n {
            if newPermits[i] { kept += ema.range(i).count } else if !permits[i], i < stored.rowCount { kept += stored.entryRange(ofRow: i).count }
        }
        var rule = scaling
        let storedRows = stored.rowCount
        let u16Rows = ema.withUnsafeRows { ema in
            _UnsafeRows.with(offsets: stored.rowOffsets, columns: stored.columnIndices, values: stored.values) { old in
                CompressedRows<UInt16>.build(rows: n, capacity: kept) { out in
                    for i in 0..<n {
                        if newPermits[i] {
                            // Every slot is written; the count moves only for positive bonds.
                            var cursor = out.cursor
                            for p in ema.range(i) {
                                let u = rule.stored(row: i, column: Int(ema.columns[p]), ema.values[p]).proportionToU16
                                cursor.append(ema.columns[p], u, keep: u > 0)
                            }
                            out.advance(to: cursor)
                        } else {
                            if R.visitsEveryRow {
                                for p in ema.range(i) { _ = rule.stored(row: i, column: Int(ema.columns[p]), ema.values[p]) }
                            }
                            if !permits[i] && i < storedRows {
                                for p in old.range(i) { out.append(old.columns[p], YumaEpoch.u16(old.values[p])) }
                            }
                        }
                        rule.endRow(i)
                        out.closeRow()
                    }
                }
            }
        }
        // The carried bonds: the stored u16 as proportions, or the unchanged rows' own values.
        // A separate pass, so the divisions run back to back instead of one per stored cell.
        let carriedValues = [Double](unsafeUninitializedCapacity: u16Rows.entryCount) { buffer, count in
            u16Rows.values.withUnsafeBufferPointer { u16 in
                for i in 0..<n {
                    let r = u16Rows.range(i)
                    if !newPermits[i] && !permits[i] && i < storedRows {
                        for (p, q) in zip(r, stored.entryRange(ofRow: i)) { buffer[p] = stored.values[q] }
                    } else {
                        for p in r { buffer[p] = Double(u16[p]) / 65535 }
                    }
                }
            }
            count = u16Rows.entryCount
        }
        return (SparseMatrix(rowOffsets: u16Rows.offsets, columnIndices: u16Rows.columns, values: u16Rows.values),
                SparseMatrix(rowOffsets: u16Rows.offsets, columnIndices: u16Rows.columns, values: carriedValues))
    }
}

/// What ``BondStorage`` stores of an EMA bond. A type, so the walk is compiled for each.
protocol StoredBondScaling {
    associatedtype S: YumaArithmetic
    /// Whether rows that are not stored are walked too (to total something over every row).
    static var visitsEveryRow: Bool { get }
    /// The value stored for the EMA bond `v` at (`row`, `column`), cells in storage order.
    mutating func stored(row: Int, column: Int, _ v: S) -> S
    /// Row `row` is done.
    mutating func endRow(_ row: Int)
}

/// Yuma 3, the original Yuma and Yuma 2C store their EMA bonds as they are.
struct BondsAsComputed<S: YumaArithmetic>: StoredBondScaling {
    static var visitsEveryRow: Bool { false }
    @inline(__always) func stored(row: Int, column: Int, _ v: S) -> S { v }
    @inline(__always) func endRow(_ row: Int) {}
}

/// Yuma 2: the EMA bonds column-normalised (`inplace_col_normalize_sparse` by their column
/// totals), their dividends `Bᵀ·I` added per row in storage order (`matmul_transpose_sparse`), and
/// the stored value `inplace_col_max_upscale_sparse`'d by the normalised column maxima. Dividing
/// by a column's total never decreases a larger value below a smaller one (fixed point's quotient
/// truncates, float multiplies by the reciprocal: both monotone), so the normalised maximum is the
/// maximum's quotient, known before the walk.
struct Yuma2BondScaling<S: YumaArithmetic>: StoredBondScaling {
    /// The EMA's column divisors and the normalised column maxima's (``SparseMath/columnDivisor(_:)``).
    let columnDivisor: _UnsafeVector<S.Divisor>
    let maxDivisor: _UnsafeVector<S.Divisor>
    let incentive: _UnsafeVector<S>
    let dividends: _UnsafeMutableValues<S>
    private var rowDividend = S.zero

    init(columnDivisor: _UnsafeVector<S.Divisor>, maxDivisor: _UnsafeVector<S.Divisor>, incentive: _UnsafeVector<S>,
         dividends: _UnsafeMutableValues<S>) {
        self.columnDivisor = columnDivisor
        self.maxDivisor = maxDivisor
        self.incentive = incentive
        self.dividends = dividends
    }

    static var visitsEveryRow: Bool { true }

    @inline(__always) mutating func stored(row: Int, column c: Int, _ v: S) -> S {
        let normalized = S.divide(v, by: columnDivisor[c])
        rowDividend = S.add(rowDividend, S.mul(incentive[c], normalized))
        return S.divide(normalized, by: maxDivisor[c])
    }

    @inline(__always) mutating func endRow(_ row: Int) {
        dividends[row] = rowDividend
        rowDividend = .zero
    }
}
