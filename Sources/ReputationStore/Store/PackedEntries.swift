import Reputation

/// An allocation's entries packed into one value: how ``SQLiteReputationStore`` keeps them since
/// migration v6 (`reward_allocation_packs.entries`, one row per allocation beside its `entry_count`).
///
/// One row per allocation instead of one per entry is what lets SQLite take 2,000 allocation files of
/// 256 entries per second on two cores: the entry rows alone cost SQLite more CPU than that budget
/// (`Scripts/bench/sqlite-ingest-floor.c`, Benchmarks/ReputationBench/README.md).
///
/// Layout, format version 1 (integers little-endian, `varint` = unsigned LEB128):
/// ```
/// value  = version:u8 (1)  count:varint  entry × count
/// entry  = hotkeyLength:varint  hotkey:UTF-8  flags:u8  [uid:i64]  [tierLength:varint  tier:UTF-8]
///          baseReward:f64  repScore:f64  reputationBonus:f64  totalReward:f64
/// flags  = bit 0: a uid follows; bits 1–3: the tier — 1…6 are ReputationTier.standard[code − 1],
///          0 means the tier's text follows; bits 4–7 are 0
/// ```
/// Doubles are their IEEE 754 bit patterns, so every value (−0.0, subnormals) reads back bit for bit.
/// Entries are in the byte order of their hotkeys' UTF-8 — SQLite's `BINARY` collation, PostgreSQL's
/// `COLLATE "C"` — which is the order ``SQLiteReputationStore/dumpAllocations()`` lists them in.
///
/// A new layout is a new version byte: ``decode(_:count:allocation:)`` refuses versions it does not
/// know, so an older build never misreads a newer store.
struct PackedEntries {
    /// The format version this build writes (and the only one it reads).
    static let version: UInt8 = 1

    /// The smallest encoded entry (empty hotkey, no uid, standard tier): bounds a count read from a
    /// corrupt value before anything is allocated for it.
    static let minimumEntrySize = 1 + 1 + 4 * 8

    /// Packs `entries` in hotkey byte order.
    ///
    /// - Throws: ``StoreError`` `invalid_allocation` when a hotkey appears twice (the per-row table's
    ///   primary key refused that too) or a reward is NaN (SQLite stored NaN as NULL, which its
    ///   `NOT NULL` columns refused).
    static func encode(_ entries: [RewardAllocationEntry]) throws(StoreError) -> [UInt8] {
        // Sorted by the first 8 bytes of each hotkey as a number (zero padded), which decides almost every
        // comparison; equal prefixes compare the whole text. The same order as comparing the texts.
        var order: [(prefix: UInt64, index: Int)] = []
        order.reserveCapacity(entries.count)
        var size = 1 + 10
        for (i, e) in entries.enumerated() {
            order.append((prefix(e.minerHotkey), i))
            size += 2 + 10 + 8 + 4 * 8 + e.minerHotkey.utf8.count
        }
        order.sort {
            $0.prefix != $1.prefix ? $0.prefix < $1.prefix
                : entries[$0.index].minerHotkey.utf8.lexicographicallyPrecedes(entries[$1.index].minerHotkey.utf8)
        }
        var out: [UInt8] = []
        out.reserveCapacity(size)
        out.append(version)
        appendVarint(entries.count, to: &out)
        var previous: (prefix: UInt64, index: Int)?
        for key in order {
            let e = entries[key.index]
            if let previous, previous.prefix == key.prefix,
               entries[previous.index].minerHotkey.utf8.elementsEqual(e.minerHotkey.utf8) {
                throw StoreError(.invalidAllocation, "miner \(e.minerHotkey) appears twice in one allocation")
            }
            previous = key
            if e.baseReward.isNaN || e.repScore.isNaN || e.reputationBonus.isNaN || e.totalReward.isNaN {
                throw StoreError(.invalidAllocation, "miner \(e.minerHotkey): a reward or score is NaN")
            }
            appendVarint(e.minerHotkey.utf8.count, to: &out)
            out.append(contentsOf: e.minerHotkey.utf8)
            let tierCode = standardCode(e.repTier)
            out.append((e.uid == nil ? 0 : 1) | tierCode << 1)
            if let uid = e.uid { appendWord(UInt64(bitPattern: Int64(uid)), to: &out) }
            if tierCode == 0 {
                appendVarint(e.repTier.rawValue.utf8.count, to: &out)
                out.append(contentsOf: e.repTier.rawValue.utf8)
            }
            _UnsafeLittleEndian.append(e.baseReward.bitPattern, e.repScore.bitPattern, e.reputationBonus.bitPattern,
                                       e.totalReward.bitPattern, to: &out)
        }
        return out
    }

    /// The first 8 UTF-8 bytes of `text`, big-endian, zero padded: a smaller prefix means a text earlier
    /// in byte order; equal prefixes leave the order to the rest of the texts.
    static func prefix(_ text: String) -> UInt64 {
        func bigEndian<C: Collection<UInt8>>(_ bytes: C) -> UInt64 {
            var value: UInt64 = 0
            var n = 0
            for b in bytes.prefix(8) {
                value = value << 8 | UInt64(b)
                n += 1
            }
            return n == 0 ? 0 : value << UInt64(8 * (8 - n))
        }
        // A native string's bytes are contiguous: read them directly instead of through the UTF-8 view's iterator.
        return text.utf8.withContiguousStorageIfAvailable(bigEndian) ?? bigEndian(text.utf8)
    }

    /// The code of a standard tier (1…6, ``ReputationTier/standard``'s order), 0 for another tier. By
    /// the bytes, not `==` (which would take a canonically equivalent text for a standard tier): every
    /// standard tier fits in 8 bytes, so its length and ``prefix(_:)`` are its bytes.
    static func standardCode(_ tier: ReputationTier) -> UInt8 {
        let count = tier.rawValue.utf8.count
        guard count <= 8 else { return 0 }
        let bytes = prefix(tier.rawValue)
        for (i, standard) in standardTiers.enumerated() where standard.count == count && standard.prefix == bytes {
            return UInt8(i + 1)
        }
        return 0
    }

    /// ``ReputationTier/standard`` as (UTF-8 length, ``prefix(_:)``); each is at most 8 bytes long.
    static let standardTiers: [(count: Int, prefix: UInt64)] = ReputationTier.standard.map {
        precondition($0.rawValue.utf8.count <= 8, "a standard tier longer than 8 bytes needs another tier lookup")
        return ($0.rawValue.utf8.count, prefix($0.rawValue))
    }

    /// Unpacks a value ``encode(_:)`` wrote.
    ///
    /// - Parameters:
    ///   - count: the `entry_count` stored beside the value; the value must hold exactly that many.
    ///   - allocation: the allocation's id, named in the error.
    /// - Throws: ``StoreError`` `corrupt_value`, naming the allocation, when the value is truncated,
    ///   has bytes left over, holds another count, an unknown version or flags, or text that is not UTF-8.
    static func decode(_ bytes: [UInt8], count: Int, allocation: Int64) throws(StoreError) -> [RewardAllocationEntry] {
        var r = Reader(bytes: bytes, allocation: allocation)
        let v = try r.byte("the format version")
        guard v == version else {
            throw r.corrupt("format version \(v), this build reads version \(version)")
        }
        let n = try r.varint("the entry count")
        guard n == count else { throw r.corrupt("it holds \(n) entries, its entry_count says \(count)") }
        guard n <= (bytes.count - r.at) / minimumEntrySize else {
            throw r.corrupt("\(n) entries cannot fit in \(bytes.count) bytes")
        }
        var out: [RewardAllocationEntry] = []
        out.reserveCapacity(n)
        for k in 0..<n {
            r.entry = k
            let hotkey = try r.text("the miner hotkey")
            let flags = try r.byte("the flags")
            guard flags >> 4 == 0 else { throw r.corrupt("unknown flags \(flags)") }
            var uid: Int?
            if flags & 1 == 1 { uid = Int(Int64(bitPattern: try r.word("the uid"))) }
            let tierCode = Int(flags >> 1 & 7)
            let tier: ReputationTier
            if tierCode == 0 {
                tier = ReputationTier(rawValue: try r.text("the tier"))
            } else {
                guard tierCode <= ReputationTier.standard.count else { throw r.corrupt("unknown tier code \(tierCode)") }
                tier = ReputationTier.standard[tierCode - 1]
            }
            let base = Double(bitPattern: try r.word("base_reward")), score = Double(bitPattern: try r.word("rep_score"))
            let bonus = Double(bitPattern: try r.word("reputation_bonus")), total = Double(bitPattern: try r.word("total_reward"))
            out.append(RewardAllocationEntry(minerHotkey: hotkey, uid: uid, baseReward: base, repScore: score, repTier: tier,
                                             reputationBonus: bonus, totalReward: total))
        }
        r.entry = nil
        guard r.at == bytes.count else { throw r.corrupt("\(bytes.count - r.at) bytes after the last entry") }
        return out
    }

    static func appendVarint(_ value: Int, to out: inout [UInt8]) {
        var v = UInt64(value)
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    static func appendWord(_ value: UInt64, to out: inout [UInt8]) {
        _UnsafeLittleEndian.append(value, to: &out)
    }

    /// A cursor over a value being decoded; its errors say where it stopped.
    struct Reader {
        let bytes: [UInt8]
        let allocation: Int64
        var at = 0
        /// The entry being read (nil: the header or the end).
        var entry: Int?

        func corrupt(_ problem: String) -> StoreError {
            let place = entry.map { "entry \($0 + 1), byte \(at)" } ?? "byte \(at)"
            return StoreError(.corruptValue, "the packed entries of allocation \(allocation) are corrupt (\(place) of \(bytes.count)): \(problem)")
        }

        mutating func byte(_ what: String) throws(StoreError) -> UInt8 {
            guard at < bytes.count else { throw corrupt("truncated before \(what)") }
            defer { at += 1 }
            return bytes[at]
        }

        mutating func varint(_ what: String) throws(StoreError) -> Int {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while true {
                let b = try byte(what)
                guard shift < 63 || (shift == 63 && b <= 1) else { throw corrupt("\(what) is out of range") }
                value |= UInt64(b & 0x7F) << shift
                if b & 0x80 == 0 { break }
                shift += 7
            }
            guard value <= UInt64(Int.max) else { throw corrupt("\(what) is out of range") }
            return Int(value)
        }

        mutating func word(_ what: String) throws(StoreError) -> UInt64 {
            guard bytes.count - at >= 8 else { throw corrupt("truncated in \(what)") }
            var value: UInt64 = 0
            for k in 0..<8 { value |= UInt64(bytes[at + k]) << UInt64(8 * k) }
            at += 8
            return value
        }

        mutating func text(_ what: String) throws(StoreError) -> String {
            let length = try varint("the length of \(what)")
            guard length <= bytes.count - at else { throw corrupt("\(what) (\(length) bytes) runs past the end") }
            guard let s = String(validating: bytes[at..<(at + length)], as: UTF8.self) else {
                throw corrupt("\(what) is not UTF-8")
            }
            at += length
            return s
        }
    }
}

/// The 8 little-endian bytes of a word appended to an array in one copy from the word's memory (a
/// byte at a time, or through a temporary array, cost more than the rest of packing an entry).
enum _UnsafeLittleEndian {
    static func append(_ value: UInt64, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    /// Four words, in order, in one copy (an entry's four doubles).
    static func append(_ a: UInt64, _ b: UInt64, _ c: UInt64, _ d: UInt64, to out: inout [UInt8]) {
        withUnsafeBytes(of: (a.littleEndian, b.littleEndian, c.littleEndian, d.littleEndian)) { out.append(contentsOf: $0) }
    }
}
