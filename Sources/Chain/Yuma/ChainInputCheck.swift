public import ScoringCore

/// The refusals every chain mechanism of this module shares: shapes, stakes, weight rows.
public enum ChainInputCheck {
    /// Throws ``ChainInputError`` naming the field (and UID) when `input` or `state` is not a
    /// well-formed epoch: per-UID arrays of `uidCount` entries, finite non-negative stakes and
    /// emission, weight rows in strictly increasing column order over existing UIDs.
    public static func validate(_ input: ChainEpochInput, state: ChainState) throws(ChainInputError) {
        let n = input.uidCount
        func shape(_ name: String, _ count: Int) throws(ChainInputError) {
            if count != n { throw ChainInputError(field: name, "expected \(n) entries (one per UID, as in stakes), found \(count)") }
        }
        try shape("weights", input.weights.rowCount)
        try shape("validatorPermits", input.validatorPermits.count)
        try shape("lastUpdate", input.lastUpdate.count)
        try shape("registeredAt", input.registeredAt.count)
        if state.bonds.rowCount != 0 { try shape("state.bonds", state.bonds.rowCount) }
        for (uid, s) in input.stakes.enumerated() where !s.isFinite || s < 0 {
            throw ChainInputError(field: "stakes", uid: uid, "stake must be finite and ≥ 0, found \(s)")
        }
        if !input.emission.isFinite || input.emission < 0 {
            throw ChainInputError(field: "emission", "emission must be finite and ≥ 0, found \(input.emission)")
        }
        if let owner = input.ownerUID, owner < 0 || owner >= n {
            throw ChainInputError(field: "ownerUID", uid: owner, "owner UID must be in 0..<\(n)")
        }
        // Over the flat compressed rows: 4-byte columns, no per-row array. A row is first checked
        // with no branch per entry (flags or-ed together); only a row that fails is walked again
        // to say where.
        let offsets = input.weights.rowOffsets, columns = input.weights.columnIndices
        for uid in 0..<(offsets.count - 1) where !rowIsSound(columns, offsets[uid]..<offsets[uid + 1], uidCount: n) {
            var previous = -1
            for p in offsets[uid]..<offsets[uid + 1] {
                let column = Int(columns[p])
                if column < 0 || column >= n {
                    throw ChainInputError(field: "weights", uid: uid, "weight to unknown UID \(column) (UIDs are 0..<\(n))")
                }
                if column <= previous {
                    throw ChainInputError(field: "weights", uid: uid, "columns must be strictly increasing, found \(column) after \(previous)")
                }
                previous = column
            }
        }
        let bondOffsets = state.bonds.rowOffsets, bondColumns = state.bonds.columnIndices, bonds = state.bonds.values
        for uid in 0..<(bondOffsets.count - 1)
        where !rowIsSound(bondColumns, bondOffsets[uid]..<bondOffsets[uid + 1], uidCount: n)
            || !proportionsAreSound(bonds, bondOffsets[uid]..<bondOffsets[uid + 1]) {
            var previous = -1
            for p in bondOffsets[uid]..<bondOffsets[uid + 1] {
                let column = Int(bondColumns[p]), value = bonds[p]
                if column < 0 || column >= n || column <= previous {
                    throw ChainInputError(field: "state.bonds", uid: uid, "bond columns must be strictly increasing UIDs in 0..<\(n), found \(column)")
                }
                if !(value >= 0 && value <= 1) {
                    throw ChainInputError(field: "state.bonds", uid: uid, "bond must be in [0, 1], found \(value)")
                }
                previous = column
            }
        }
    }

    /// Whether `columns[range]` are UIDs in `0..<uidCount`, strictly increasing. Each test leaves
    /// the sign bit of a 64-bit word set when it fails; the words are or-ed, so the loop has no
    /// branch and runs in vector registers.
    @inline(__always)
    static func rowIsSound(_ columns: [Int32], _ range: Range<Int>, uidCount: Int) -> Bool {
        guard !range.isEmpty else { return true }
        let row = columns.span.extracting(range)
        let n = UInt64(truncatingIfNeeded: uidCount)
        // u − n is negative (sign bit set) exactly when u < n; a negative column reads as ≥ 2³¹.
        var bad = ~(UInt64(UInt32(bitPattern: row[0])) &- n)
        for k in 1..<row.count {
            bad |= ~(UInt64(UInt32(bitPattern: row[k])) &- n)
            // Increasing: row[k] − row[k − 1] − 1 ≥ 0.
            bad |= UInt64(bitPattern: Int64(row[k]) &- Int64(row[k - 1]) &- 1)
        }
        return bad >> 63 == 0 && uidCount < Int(UInt32.max)
    }

    /// Whether every value of `values[range]` is in [0, 1] (NaN is not).
    @inline(__always)
    static func proportionsAreSound(_ values: [Double], _ range: Range<Int>) -> Bool {
        let row = values.span.extracting(range)
        // On the bits, so the loop runs in vector registers: with a = |x|'s bits, x is in [0, 1]
        // when a ≤ 1.0's bits (NaN and ∞ are above) and x is not negative unless it is −0. Each
        // failure sets the sign bit of a term.
        let oneBits = Int64(bitPattern: (1.0).bitPattern)
        var bad: Int64 = 0
        for k in 0..<row.count {
            let b = Int64(bitPattern: row[k].bitPattern)
            let a = b & Int64.max
            bad |= (oneBits &- a) | (b & (0 &- a))
        }
        return bad >= 0
    }
}
