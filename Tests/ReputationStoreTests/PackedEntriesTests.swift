import Foundation
import Reputation
@testable import ReputationStore
import Testing

/// The packed form of an allocation's entries (SQLite since migration v6).
@Suite("Packed entries codec")
struct PackedEntriesTests {
    /// Entries with every edge the layout has to carry exactly.
    static func edgeEntries() -> [RewardAllocationEntry] {
        let tiers: [ReputationTier] = ReputationTier.standard + ["", "Platinum", "Gölд", "gold"]
        var out: [RewardAllocationEntry] = []
        for (k, tier) in tiers.enumerated() {
            out.append(RewardAllocationEntry(minerHotkey: Hotkeys.make("miner", k), uid: k % 3 == 0 ? nil : k * 1000,
                                             baseReward: Double(k) / 7, repScore: 1.05, repTier: tier,
                                             reputationBonus: -0.0, totalReward: Double(k) / 7 * 1.05))
        }
        let values: [Double] = [-0.0, 0.0, .leastNonzeroMagnitude, Double.leastNormalMagnitude.nextDown, -.leastNonzeroMagnitude, .infinity, -.infinity,
                                .greatestFiniteMagnitude, 0.1 + 0.2, -1e-300]
        for (k, x) in values.enumerated() {
            out.append(RewardAllocationEntry(minerHotkey: "edge-\(k)", uid: [Int.min, Int.max, -1, 0][k % 4], baseReward: x,
                                             repScore: -x, repTier: .watch, reputationBonus: x, totalReward: x))
        }
        out.append(RewardAllocationEntry(minerHotkey: String(repeating: "5Long", count: 400), uid: nil, baseReward: 1,
                                         repScore: 1, repTier: "T", reputationBonus: 0, totalReward: 1))
        out.append(RewardAllocationEntry(minerHotkey: "", uid: 7, baseReward: 0, repScore: 0, repTier: .neutral,
                                         reputationBonus: 0, totalReward: 0))
        out.append(RewardAllocationEntry(minerHotkey: "5Émîner\u{0}z", uid: nil, baseReward: 2, repScore: 2, repTier: .gold,
                                         reputationBonus: 0, totalReward: 2))
        // "é" precomposed and decomposed: equal as Swift strings, two different hotkeys as bytes (and in SQL).
        out.append(RewardAllocationEntry(minerHotkey: "caf\u{E9}", uid: 1, baseReward: 3, repScore: 1, repTier: .gold,
                                         reputationBonus: 0, totalReward: 3))
        out.append(RewardAllocationEntry(minerHotkey: "cafe\u{301}", uid: 2, baseReward: 4, repScore: 1, repTier: .gold,
                                         reputationBonus: 0, totalReward: 4))
        return out
    }

    /// Field by field, doubles by bit pattern and strings by bytes (`==` on a Double or String would
    /// let −0.0 pass for 0.0 and "é" for "e\u{301}").
    static func same(_ a: [RewardAllocationEntry], _ b: [RewardAllocationEntry]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { x, y in
            Array(x.minerHotkey.utf8) == Array(y.minerHotkey.utf8) && x.uid == y.uid
                && Array(x.repTier.rawValue.utf8) == Array(y.repTier.rawValue.utf8)
                && [x.baseReward, x.repScore, x.reputationBonus, x.totalReward].map(\.bitPattern)
                == [y.baseReward, y.repScore, y.reputationBonus, y.totalReward].map(\.bitPattern)
        }
    }

    /// The entries in hotkey byte order: what a decode returns and what the per-row table listed.
    static func byteOrder(_ entries: [RewardAllocationEntry]) -> [RewardAllocationEntry] {
        entries.sorted { $0.minerHotkey.utf8.lexicographicallyPrecedes($1.minerHotkey.utf8) }
    }

    @Test("every edge round-trips bit for bit, in hotkey byte order")
    func roundTrip() throws {
        let entries = Self.edgeEntries()
        let packed = try PackedEntries.encode(entries)
        let back = try PackedEntries.decode(packed, count: entries.count, allocation: 1)
        #expect(Self.same(back, Self.byteOrder(entries)))
        #expect(back.first?.minerHotkey == "" && back.contains { $0.totalReward.bitPattern == (-0.0).bitPattern })
        // The input order does not matter.
        #expect(try PackedEntries.encode(entries.reversed()) == packed)
        #expect(try PackedEntries.encode(entries.shuffled()) == packed)
    }

    @Test("no entries: two bytes, and back")
    func empty() throws {
        let packed = try PackedEntries.encode([])
        #expect(packed == [1, 0])
        #expect(try PackedEntries.decode(packed, count: 0, allocation: 3).isEmpty)
    }

    @Test("the layout, byte by byte, for two hand-built entries")
    func layout() throws {
        let entries = [
            RewardAllocationEntry(minerHotkey: "b", uid: nil, baseReward: 1.0, repScore: -0.0, repTier: "Xy",
                                  reputationBonus: .leastNonzeroMagnitude, totalReward: 2.0),
            RewardAllocationEntry(minerHotkey: "a", uid: 258, baseReward: 0, repScore: 0, repTier: .gold,
                                  reputationBonus: 0, totalReward: 0),
        ]
        let zero: [UInt8] = Array(repeating: 0, count: 8)
        let expected: [UInt8] = [1, 2]                               // version 1, 2 entries
            + [1, 0x61, 0b0000_0101] + [2, 1, 0, 0, 0, 0, 0, 0]      // "a", uid present + Gold (code 2), uid 258
            + zero + zero + zero + zero                              // four +0.0
            + [1, 0x62, 0b0000_0000, 2, 0x58, 0x79]                  // "b", no uid, tier text "Xy"
            + [0, 0, 0, 0, 0, 0, 0xF0, 0x3F]                         // 1.0
            + [0, 0, 0, 0, 0, 0, 0, 0x80]                            // -0.0
            + [1, 0, 0, 0, 0, 0, 0, 0]                               // the least subnormal
            + [0, 0, 0, 0, 0, 0, 0, 0x40]                            // 2.0
        #expect(try PackedEntries.encode(entries) == expected)
        // A 200-byte hotkey: its length is a two-byte varint (200 = 0xC8 0x01).
        let long = try PackedEntries.encode([RewardAllocationEntry(minerHotkey: String(repeating: "k", count: 200), uid: nil,
                                                                   baseReward: 0, repScore: 0, repTier: .diamond,
                                                                   reputationBonus: 0, totalReward: 0)])
        #expect(Array(long.prefix(4)) == [1, 1, 0xC8, 0x01] && long.count == 2 + 2 + 200 + 1 + 32)
    }

    @Test("a miner twice (byte-equal hotkeys) and NaN are refused")
    func refusals() throws {
        var entries = Fixtures.entries(miners: 5)
        entries.append(entries[3])
        #expect(throws: StoreError.self) { try PackedEntries.encode(entries) }
        do throws(StoreError) {
            _ = try PackedEntries.encode(entries)
            Issue.record("a miner twice was packed")
        } catch {
            #expect(error.code == .invalidAllocation && error.message.contains(entries[3].minerHotkey))
        }
        var nan = Fixtures.entries(miners: 2)
        nan[1].reputationBonus = .nan
        #expect(throws: StoreError.self) { try PackedEntries.encode(nan) }
    }

    @Test("every truncation, extension, wrong count, version or flags is refused, naming the allocation")
    func corruption() throws {
        let entries = Self.edgeEntries()
        let packed = try PackedEntries.encode(entries)
        func refused(_ bytes: [UInt8], count: Int = entries.count) -> StoreError? {
            do throws(StoreError) {
                _ = try PackedEntries.decode(bytes, count: count, allocation: 4242)
                return nil
            } catch {
                return error
            }
        }
        for cut in 0..<packed.count {
            let error = refused(Array(packed.prefix(cut)))
            #expect(error?.code == .corruptValue && error?.message.contains("allocation 4242") == true, "cut at \(cut)")
        }
        #expect(refused(packed + [0])?.message.contains("1 bytes after the last entry") == true)
        #expect(refused(packed, count: entries.count - 1)?.code == .corruptValue)
        #expect(refused(packed, count: entries.count + 1)?.code == .corruptValue)
        var version = packed
        version[0] = 2
        #expect(refused(version)?.message.contains("format version 2") == true)
        // The first entry (the empty hotkey, uid 7, Neutral): its flags byte is at offset 3.
        var flags = packed
        #expect(flags[2] == 0 && flags[3] == 0b0000_1011)
        flags[3] = 0b0001_1011
        #expect(refused(flags)?.message.contains("unknown flags") == true)
        flags[3] = 0b0000_1111  // tier code 7: none
        #expect(refused(flags)?.message.contains("unknown tier code 7") == true)
        // A count far beyond what the bytes can hold, and a varint that never ends.
        #expect(refused([1, 0xFF, 0xFF, 0xFF, 0x7F], count: 268_435_455)?.code == .corruptValue)
        #expect(refused([1] + Array(repeating: 0xFF, count: 11))?.code == .corruptValue)
        // A hotkey that is not UTF-8.
        #expect(refused([1, 1, 1, 0xFF, 0b10] + Array(repeating: 0, count: 32), count: 1)?.message.contains("not UTF-8") == true)
    }
}
