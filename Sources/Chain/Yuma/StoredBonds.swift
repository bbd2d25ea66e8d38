import ScoringCore

/// The carried bonds as an epoch reads them: each stored proportion back to the u16 the chain
/// stored (`YumaEpoch.u16`), as an integer (Yuma 2) or as a proportion (Yuma 3, the original Yuma,
/// Yuma 2C), and a bond to a UID registered at or after the last tempo removed (read as 0, or
/// left out of ``matrix(_:rows:workspace:)``).
struct StoredBonds: Sendable {
    let bonds: SparseMatrix<Double>
    let registeredAt: [UInt64]
    let lastTempo: UInt64

    /// The value of one stored bond `x` in `column` (0 when removed). A 0 (a bond a merge finds
    /// missing) is 0 without the conversion.
    @inline(__always)
    static func value<S: YumaArithmetic, Scale: BondScale>(_ x: Double, column c: Int, registeredAt: _UnsafeVector<UInt64>,
                                                          lastTempo: UInt64, _: Scale.Type) -> S {
        x == 0 || isRemoved(column: c, registeredAt: registeredAt, lastTempo: lastTempo) ? .zero : Scale.value(YumaEpoch.u16(x))
    }

    /// Whether bonds to `column` are removed: its UID registered at or after the last tempo.
    @inline(__always)
    static func isRemoved(column c: Int, registeredAt: _UnsafeVector<UInt64>, lastTempo: UInt64) -> Bool {
        lastTempo <= registeredAt[c]
    }

    /// Runs `body` with unchecked reads of the bonds' rows (fewer rows than UIDs when none are stored).
    @inline(__always)
    func withUnsafeRows<R>(_ body: (_UnsafeRows<Double>) -> R) -> R {
        _UnsafeRows.with(offsets: bonds.rowOffsets, columns: bonds.columnIndices, values: bonds.values, body)
    }

    /// The bonds that are not removed, as `rows` rows (Yuma 3 and Yuma 2C read them as a matrix).
    func matrix<S: YumaArithmetic, Scale: BondScale>(_ scale: Scale.Type, rows n: Int, workspace: EpochWorkspace?) -> CompressedRows<S> {
        registeredAt.withUnsafeVector { registeredAt in
            withUnsafeRows { stored in
                let storedRows = stored.offsets.count - 1
                return CompressedRows.build(rows: n, capacity: bonds.nonZeroCount, workspace: workspace, filler: .zero) { old in
                    for i in 0..<n {
                        if i < storedRows {
                            for p in stored.range(i) {
                                let c = Int(stored.columns[p])
                                if Self.isRemoved(column: c, registeredAt: registeredAt, lastTempo: lastTempo) { continue }
                                old.append(stored.columns[p], Scale.value(YumaEpoch.u16(stored.values[p])) as S)
                            }
                        }
                        old.closeRow()
                    }
                }
            }
        }
    }

    /// Each column's total of the bonds' values, added in storage order (what
    /// `inplace_col_normalize_sparse` adds; a removed bond adds 0).
    func columnSums<S: YumaArithmetic, Scale: BondScale>(_ scale: Scale.Type, columns: Int) -> [S] {
        var sums = [S](repeating: .zero, count: columns)
        sums.withUnsafeMutableVector { sums in
            registeredAt.withUnsafeVector { registeredAt in
                withUnsafeRows { stored in
                    let entries = stored.offsets[stored.offsets.count - 1]
                    for p in 0..<entries {
                        let c = Int(stored.columns[p])
                        let v: S = Self.value(stored.values[p], column: c, registeredAt: registeredAt, lastTempo: lastTempo, scale)
                        sums[c] = S.add(sums[c], v)
                    }
                }
            }
        }
        return sums
    }
}

/// How a stored u16 bond is read: as an integer or as a proportion of 65535. A type, so each
/// loop is compiled for one of them (a value would have both computed and one discarded).
protocol BondScale {
    static func value<S: YumaArithmetic>(_ u: UInt16) -> S
}

/// Yuma 2 reads bonds as integers (they are column-normalised next).
enum IntegerBonds: BondScale {
    @inline(__always) static func value<S: YumaArithmetic>(_ u: UInt16) -> S { S.integer(Int64(u)) }
}

/// Yuma 3, the original Yuma and Yuma 2C read bonds as proportions (`u16_proportion_to_fixed`).
enum ProportionBonds: BondScale {
    @inline(__always) static func value<S: YumaArithmetic>(_ u: UInt16) -> S { S.proportion(u) }
}
