import Foundation
import GRDB
import Reputation
import ScoringCore
@testable import ReputationStore
import Testing

/// What the ingest does off the writer: entries packed in the decode threads (``ReputationStore/prepare(_:)``),
/// transactions cut in ramped batches, SQLite's checkpoints on their own connection.
@Suite("Ingest pipeline: prepared allocations, batches, background checkpoints")
struct IngestPipelineTests {
    /// Format version 1 written the plain way (sort on the texts' bytes, tier by `firstIndex`, a word a
    /// byte at a time): the reference the encoder's faster steps must match byte for byte.
    static func referenceEncode(_ entries: [RewardAllocationEntry]) -> [UInt8] {
        func varint(_ v: Int, _ out: inout [UInt8]) {
            var v = UInt64(v)
            while v >= 0x80 {
                out.append(UInt8(v & 0x7F) | 0x80)
                v >>= 7
            }
            out.append(UInt8(v))
        }
        func word(_ v: UInt64, _ out: inout [UInt8]) {
            for k in 0..<8 { out.append(UInt8((v >> UInt64(8 * k)) & 0xFF)) }
        }
        var out: [UInt8] = [1]
        varint(entries.count, &out)
        for e in entries.sorted(by: { $0.minerHotkey.utf8.lexicographicallyPrecedes($1.minerHotkey.utf8) }) {
            varint(e.minerHotkey.utf8.count, &out)
            out += Array(e.minerHotkey.utf8)
            let code = (ReputationTier.standard.firstIndex { Array($0.rawValue.utf8) == Array(e.repTier.rawValue.utf8) })
                .map { UInt8($0 + 1) } ?? 0
            out.append((e.uid == nil ? 0 : 1) | code << 1)
            if let uid = e.uid { word(UInt64(bitPattern: Int64(uid)), &out) }
            if code == 0 {
                varint(e.repTier.rawValue.utf8.count, &out)
                out += Array(e.repTier.rawValue.utf8)
            }
            for x in [e.baseReward, e.repScore, e.reputationBonus, e.totalReward] { word(x.bitPattern, &out) }
        }
        return out
    }

    static func entry(_ hotkey: String, tier: ReputationTier = .silver, uid: Int? = 1) -> RewardAllocationEntry {
        RewardAllocationEntry(minerHotkey: hotkey, uid: uid, baseReward: 0.5, repScore: 1.05, repTier: tier,
                              reputationBonus: 0.025, totalReward: 0.525)
    }

    @Test("the encoder writes the reference bytes: shared 8-byte prefixes, short, empty and non-ASCII hotkeys, tiers near the standard ones")
    func encoderMatchesReference() throws {
        var cases: [[RewardAllocationEntry]] = [PackedEntriesTests.edgeEntries(), []]
        // Hotkeys that tie on their first 8 bytes, or are shorter than 8, or end in NUL.
        cases.append(["5Mabcdefg1", "5Mabcdefg0", "5Mabcdef", "5Mabcdef\u{0}", "5Mabcde", "5Mabcdefg", "5", "",
                      "5Mabcdef\u{E9}", "5Mabcdefe\u{301}", "\u{FF}", "5Mabcdeg"].map { Self.entry($0) })
        // Tiers one byte off a standard tier, of its length, longer than 8 bytes, empty, or canonically equal to one.
        let tiers: [ReputationTier] = ["Gold\u{0}", "Silve", "Silvers", "silver", "Neutral!", "NeutralXY", "", "Diamonds",
                                       "W\u{0}tch", "Bronze", "Watch", "Gold", "Diamond", "Neutral", "Silver",
                                       "Bron\u{7A}e", "G\u{6F}ld"]
        cases.append(tiers.enumerated().map { Self.entry(Hotkeys.make("miner", $0.offset), tier: $0.element, uid: $0.offset % 2 == 0 ? nil : $0.offset) })
        // A service-sized allocation, shuffled.
        var generator = Xoshiro256(seed: 7)
        cases.append(Fixtures.entries(miners: 256).shuffled(using: &generator))
        for entries in cases {
            #expect(try PackedEntries.encode(entries) == Self.referenceEncode(entries))
        }
    }

    @Test("two hotkeys equal only in their first 8 bytes are two miners; byte-equal ones are refused")
    func duplicatesAfterThePrefix() throws {
        _ = try PackedEntries.encode([Self.entry("5Mabcdefg1"), Self.entry("5Mabcdefg2")])
        #expect(throws: StoreError.self) { try PackedEntries.encode([Self.entry("5Mabcdefg1"), Self.entry("x"), Self.entry("5Mabcdefg1")]) }
        #expect(throws: StoreError.self) { try PackedEntries.encode([Self.entry("5M"), Self.entry("5M")]) }
    }

    @Test("SQLite prepares the packed value; PostgreSQL prepares nothing", arguments: Backend.available)
    func prepare(_ backend: Backend) async throws {
        let t = try await TestStore.make(backend)
        defer { Task { try await t.cleanup() } }
        let record = Fixtures.record(validator: 0, cycle: "C1", step: "s1", miners: 40)
        let prepared = t.store.prepare(record)
        #expect(prepared.record == record)
        switch backend {
        case .sqlite: #expect(try prepared.packed?.get() == Self.referenceEncode(record.entries))
        case .postgres: #expect(prepared.packed == nil)
        }
    }

    @Test("store(prepared:) stores what store(_:) stores: allocations, entries, miners, ledger", arguments: Backend.available)
    func preparedEqualsPlain(_ backend: Backend) async throws {
        let plain = try await TestStore.make(backend), prepared = try await TestStore.make(backend)
        defer { Task { try await plain.cleanup(); try await prepared.cleanup() } }
        var records = (0..<12).map { Fixtures.record(validator: $0 % 3, cycle: "C\($0 / 6)", step: "s\($0)", miners: 20 + $0) }
        records.append(records[4])  // a duplicate inside the batch
        let ledger = [IngestedFile(path: "/r/a.json", size: 10), IngestedFile(path: "/r/b.json", size: 20)]
        let a = try await plain.store.store(records, ledger: ledger)
        let b = try await prepared.store.store(prepared: records.map(prepared.store.prepare), ledger: ledger)
        #expect(a == b && a.inserted == 12 && a.duplicates == 1)
        #expect(try await plain.store.counts() == prepared.store.counts())
        #expect(try await plain.store.ingestedFiles() == prepared.store.ingestedFiles())
        let dumpA = try await BatchedIngestTests().dump(plain.store)
        let dumpB = try await BatchedIngestTests().dump(prepared.store)
        #expect(!dumpA.isEmpty && dumpA == dumpB)
    }

    @Test("a value that cannot be packed fails the batch when it is stored, not when it is a duplicate")
    func packErrorsWhereTheyWere() async throws {
        let t = try await TestStore.make(.sqlite)
        defer { Task { try await t.cleanup() } }
        var bad = Fixtures.record(validator: 0, cycle: "C1", step: "s1", miners: 4)
        bad.entries.append(bad.entries[0])
        let prepared = t.store.prepare(bad)
        #expect(throws: StoreError.self) { try prepared.packed?.get() }
        await #expect(throws: StoreError.self) { try await t.store.store(prepared: [prepared], ledger: []) }
        #expect(try await t.store.counts().allocations == 0)
        // The same identity stored first with sound entries: the bad one is then a duplicate, never packed.
        _ = try await t.store.store([Fixtures.record(validator: 0, cycle: "C1", step: "s1", miners: 4)], ledger: [])
        let again = try await t.store.store(prepared: [prepared], ledger: [])
        #expect(again.duplicates == 1 && again.inserted == 0)
    }

    @Test("batches: in order, every file once, none above the batch size, ramped at both ends")
    func batches() {
        // Hand-computed: 2,000 files of at most 256: 32, 64, 128, six of 256, the 16 left, then 128, 64, 32.
        #expect(AllocationIngest.batches(count: 2000, batchSize: 256).map(\.count) == [32, 64, 128] + Array(repeating: 256, count: 6) + [16, 128, 64, 32])
        #expect(AllocationIngest.batches(count: 100, batchSize: 256).map(\.count) == [32, 64, 4])
        #expect(AllocationIngest.batches(count: 5, batchSize: 2).map(\.count) == [2, 2, 1])
        #expect(AllocationIngest.batches(count: 0, batchSize: 64).isEmpty)
        for size in [1, 2, 31, 32, 33, 64, 100, 256, 1000] {
            for count in [0, 1, 2, 31, 32, 33, 95, 96, 97, 191, 192, 300, 448, 449, 2000, 2017] {
                let b = AllocationIngest.batches(count: count, batchSize: size)
                #expect(b.allSatisfy { !$0.isEmpty && $0.count <= size })
                #expect(zip(b, b.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
                #expect((b.first?.lowerBound ?? 0) == 0 && (b.last?.upperBound ?? 0) == count)
                if size <= AllocationIngest.firstBatch {
                    #expect(b.map(\.count) == stride(from: 0, to: count, by: size).map { min(size, count - $0) })
                } else if count > 0 {
                    #expect(b[0].count == min(AllocationIngest.firstBatch, count))
                }
            }
        }
    }

    @Test("SQLite: past ~4 MiB stored a checkpoint runs on its own connection; small writes leave it to SQLite's bound")
    func backgroundCheckpoint() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ckpt-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try SQLiteReputationStore(path: dir + "/reputation.sqlite")
        _ = try await store.store([Fixtures.record(validator: 0, cycle: "C0", step: "s0", miners: 16)], ledger: [])
        store.checkpointer.drain()
        #expect(store.checkpointer.checkpointsRun == 0)
        // 200 allocations of 256 entries: about 4.7 MB of packed values.
        let records = (1...200).map { Fixtures.record(validator: $0 % 8, cycle: "C1", step: "s\($0)", miners: 256) }
        _ = try await store.store(records, ledger: [])
        store.checkpointer.drain()
        #expect(store.checkpointer.checkpointsRun == 1)
        #expect(try await store.pool.read { try Int.fetchOne($0, sql: "PRAGMA wal_autocheckpoint") } == SQLiteCheckpointer.writerPages)
        #expect(try await store.counts().entries == 16 + 200 * 256)
        try await store.close()
        let reopened = try SQLiteReputationStore(path: dir + "/reputation.sqlite")
        #expect(try await reopened.counts().allocations == 201)
        try await reopened.close()
    }
}
