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
        // Over the flat compressed rows: 4-byte columns, no per-row array.
        let offsets = input.weights.rowOffsets, columns = input.weights.columnIndices
        for uid in 0..<(offsets.count - 1) {
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
        for uid in 0..<(bondOffsets.count - 1) {
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
}
