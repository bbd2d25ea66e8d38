extension RewardAllocation {
    /// True when every entry is sound — ``entryProblem()`` would return nil — checked in one pass with no
    /// allocation per entry: each hotkey's bytes are checked against the base58 alphabet and hashed in the
    /// same loop, and repeats are found with a ``RepeatedHotkeyFinder``.
    ///
    /// False means "not shown sound here": there is a problem, or a hotkey's text is not stored as
    /// contiguous UTF-8 (a bridged string). ``entryProblem()`` then walks the entries the thorough way and
    /// names the first problem, so this pass only has to be right when it says true. The checks are
    /// ``entryProblem()``'s, in the same terms: ``Identifiers/isPlausibleSS58(_:)`` (46…48 bytes, all in
    /// the base58 alphabet), hotkeys equal as strings (for ASCII text that is byte equality), a
    /// non-negative uid, finite non-negative `base_reward`, `rep_score` and `total_reward`, and a finite
    /// `reputation_bonus`.
    func entriesAreSound() -> Bool {
        let (low, high) = Identifiers.base58Mask
        var finder = RepeatedHotkeyFinder(count: miners.count)
        for i in miners.indices {
            let e = miners[i]
            if let uid = e.uid, uid < 0 { return false }
            if !e.baseReward.isFinite || e.baseReward < 0 || !e.repScore.isFinite || e.repScore < 0
                || !e.totalReward.isFinite || e.totalReward < 0 || !e.reputationBonus.isFinite {
                return false
            }
            let hash = e.minerHotkey.utf8.withContiguousStorageIfAvailable { bytes -> UInt64? in
                guard Identifiers.ss58Lengths.contains(bytes.count) else { return nil }
                // Every byte below 128 and in the alphabet: `valid` keeps a 1 only if each byte's bit is set.
                var valid: UInt64 = 1
                var hash: UInt64 = UInt64(bytes.count)
                var word: UInt64 = 0
                for (k, c) in bytes.enumerated() {
                    let mask = c < 64 ? low : high
                    valid &= c < 128 ? mask >> UInt64(c & 63) : 0
                    word = word << 8 | UInt64(c)
                    if k & 7 == 7 {
                        hash = (hash ^ word) &* 0xFF51_AFD7_ED55_8CCD
                        hash ^= hash >> 29
                    }
                }
                guard valid & 1 == 1 else { return nil }
                return hash ^ word
            }
            guard let hash = hash ?? nil else { return false }
            let inserted = finder.insert(hash: hash, index: i) { miners[$0].minerHotkey == e.minerHotkey }
            if !inserted { return false }
        }
        return true
    }
}
