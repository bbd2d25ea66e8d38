/// Finds a hotkey that repeats among an allocation's miners, for ``RewardAllocation/entryProblem()``:
/// an open-addressing table of entry indices keyed by a 64-bit hash of the hotkey's bytes, which
/// ``Identifiers/plausibleSS58Hash(_:)`` computes while it checks the bytes anyway. Cheaper than a `Set` of the texts
/// (Unicode-aware hashing) or of packed words (SipHash over six words), which ran for every miner of
/// every allocation ingested.
///
/// Equal hashes are confirmed by the caller's comparison of the texts, so the answer is exact whatever
/// the hash; a hash chosen to collide only makes the search longer (linear probing).
struct RepeatedHotkeyFinder {
    /// (hash, entry index + 1) per slot; index 0 marks an empty slot.
    private var slots: [(hash: UInt64, entry: Int)]
    private let shift: UInt64

    /// A table for up to `count` hotkeys, at most half full.
    init(count: Int) {
        var bits: UInt64 = 4
        while 1 << bits < 2 * count { bits += 1 }
        slots = Array(repeating: (0, 0), count: 1 << bits)
        shift = 64 - bits
    }

    /// Records entry `index` under `hash`. Returns false, recording nothing, when an entry already recorded
    /// has the same hash and `sameText` says its hotkey equals this one.
    mutating func insert(hash: UInt64, index: Int, sameText: (Int) -> Bool) -> Bool {
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let s = slots[slot]
            if s.entry == 0 {
                slots[slot] = (hash, index + 1)
                return true
            }
            if s.hash == hash && sameText(s.entry - 1) { return false }
            slot = (slot + 1) & mask
        }
    }
}
