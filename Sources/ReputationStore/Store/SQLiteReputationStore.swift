import Foundation
import GRDB
import Reputation

/// The embedded backend: one SQLite file through GRDB (WAL mode, synchronous=NORMAL … FULL by choice).
///
/// Every write is a GRDB write transaction, so a process killed mid-way leaves the file as it was
/// before that transaction.
///
/// Pragmas, and why they keep durability honest:
/// - `journal_mode=WAL` (GRDB's `DatabasePool`): a commit appends the transaction's pages to the
///   write-ahead log; readers keep reading the last committed state while the writer works.
/// - `synchronous=NORMAL` (the default here): in WAL mode SQLite documents this as durable against an
///   application crash — a committed transaction is in the WAL before `COMMIT` returns, so kill -9
///   loses nothing committed and leaves no half transaction. The WAL is fsynced at checkpoints, not at
///   every commit, so an operating-system crash or power loss may roll back the last few commits (never
///   corrupt the file). `durable: true` selects `synchronous=FULL`, an fsync of the WAL per commit,
///   for deployments that must survive power loss commit by commit.
/// - `cache_size=-32768` (32 MiB page cache per connection instead of 2 MiB): the history index of an
///   engine pass over 10,000 miners and the entries index of a large ingest stay in memory. A cache
///   setting only; it changes nothing about what is written or when.
/// No pragma that weakens crash safety (`synchronous=OFF`, `journal_mode=MEMORY`/`OFF`) is used.
/// `wal_autocheckpoint` stays at SQLite's 1,000 pages: deferring checkpoints past an ingest measured no
/// CPU gain (`Scripts/bench/sqlite-ingest-floor.c`) and would only let the WAL grow.
///
/// Since migration v6 an allocation's entries are one ``PackedEntries`` value in
/// `reward_allocation_packs` (beside their count), not one row each in `reward_allocation_entries`:
/// SQLite spent more CPU on the entry rows alone than an ingest of 2,000 files of 256 entries per
/// second allows on two cores. The store's answers are the same as from rows (and as
/// ``PostgresReputationStore``'s): ``engineInput()`` counts rewarded entries from the unprocessed
/// allocations' values, ``counts()`` sums the stored counts, ``dumpAllocations()`` lists the entries
/// in hotkey byte order. A miner twice in one allocation is refused, as the per-row key refused it.
public final class SQLiteReputationStore: ReputationStore {
    public let path: String
    let pool: DatabasePool
    /// Takes the checkpoints of large writes off the writer (``SQLiteCheckpointer``).
    let checkpointer: SQLiteCheckpointer

    /// Opens (creating if needed) the database at `path` and applies the migrations.
    /// - Parameter durable: `synchronous=FULL` (each commit survives power loss) instead of `NORMAL`
    ///   (each commit survives a process crash, which is what kill -9 tests).
    public convenience init(path: String, durable: Bool = false) throws {
        try self.init(path: path, durable: durable, upTo: nil)
    }

    /// Opens the database applying the migrations up to and including `upTo` (all when nil); tests
    /// make stores as an earlier build left them this way.
    init(path: String, durable: Bool = false, upTo: String?) throws {
        self.path = path
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        var config = Configuration()
        config.prepareDatabase { db in
            try db.execute(sql: durable ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL")
            try db.execute(sql: "PRAGMA cache_size = -32768")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = \(SQLiteCheckpointer.writerPages)")
        }
        config.busyMode = .timeout(10)
        pool = try DatabasePool(path: path, configuration: config)
        if let upTo { try Self.migrator.migrate(pool, upTo: upTo) } else { try Self.migrator.migrate(pool) }
        checkpointer = try SQLiteCheckpointer(path: path, configuration: config)
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        for step in StoreSchema.migrations {
            m.registerMigration(step.id) { db in
                for sql in step.statements(for: .sqlite) { try db.execute(sql: sql) }
                try step.sqliteData?(db)
            }
        }
        return m
    }

    @discardableResult
    public func migrate() async throws -> [String] {
        let before = try await appliedMigrations()
        try Self.migrator.migrate(pool)
        let after = try await appliedMigrations()
        return after.filter { !before.contains($0) }
    }

    public func appliedMigrations() async throws -> [String] {
        try await pool.read { db in try Self.migrator.appliedMigrations(db) }
    }

    public func store(_ allocations: [AllocationRecord], ledger: [IngestedFile]) async throws -> StoreBatchResult {
        try await store(prepared: allocations.map(prepare), ledger: ledger)
    }

    /// Packs the entries (``PackedEntries/encode(_:)``), so the writer only binds the bytes.
    public func prepare(_ record: AllocationRecord) -> PreparedAllocation {
        PreparedAllocation(record, packed: Result { () throws(StoreError) in try PackedEntries.encode(record.entries) })
    }

    public func store(prepared: [PreparedAllocation], ledger: [IngestedFile]) async throws -> StoreBatchResult {
        let (result, bytes) = try await pool.write { db in try Self.store(db, prepared, ledger: ledger) }
        checkpointer.wrote(bytes: bytes)
        return result
    }

    /// The batch insert, inside the caller's transaction; also the bytes of the packed values it wrote
    /// (what the checkpointer counts).
    static func store(_ db: Database, _ allocations: [PreparedAllocation], ledger: [IngestedFile]) throws
        -> (StoreBatchResult, bytes: Int) {
        var result = StoreBatchResult()
        var bytes = 0
        let now = StoreClock.now()
        let insertAllocation = try db.cachedStatement(sql: """
            INSERT INTO reward_allocations (validator_hotkey, cycle_id, step_id, rep_snapshot_version, timestamp,
                received_at, source_file, ingested_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (validator_hotkey, cycle_id, step_id) DO NOTHING
            """)
        let insertPack = try RawInsert(db, sql: "INSERT INTO reward_allocation_packs (allocation_id, entry_count, entries) VALUES (?, ?, ?)")
        let insertMiner = try db.cachedStatement(sql: """
            INSERT INTO miners (hotkey, uid, first_seen_at) VALUES (?, ?, ?) ON CONFLICT (hotkey) DO NOTHING
            """)
        var seenMiners = Set<String>()
        var previousMiners: [RewardAllocationEntry] = []
        for p in allocations {
            let a = p.record
            insertAllocation.setUncheckedArguments([a.validatorHotkey, a.cycleId, a.stepId, a.repSnapshotVersion,
                                                    a.timestamp, a.receivedAt, a.sourceFile, now])
            try insertAllocation.execute()
            guard db.changesCount == 1 else {
                result.duplicates += 1
                continue
            }
            let id = db.lastInsertedRowID
            result.inserted += 1
            // The miners first seen in this batch. Allocations mostly list the same miners in the same
            // order, so a miner at the same place in the previous stored allocation is already seen (it
            // was then), without hashing its hotkey again.
            for (i, e) in a.entries.enumerated() {
                if i < previousMiners.count, previousMiners[i].minerHotkey == e.minerHotkey { continue }
                if seenMiners.insert(e.minerHotkey).inserted {
                    insertMiner.setUncheckedArguments([e.minerHotkey, e.uid, now])
                    try insertMiner.execute()
                }
            }
            previousMiners = a.entries
            insertPack.bind(1, id)
            insertPack.bind(2, Int64(a.entries.count))
            let packed = try p.packed?.get() ?? PackedEntries.encode(a.entries)
            bytes += packed.count
            insertPack.bind(3, packed)
            try insertPack.step()
            result.entries += a.entries.count
        }
        let insertLedger = try db.cachedStatement(sql: """
            INSERT INTO ingested_files (path, size, ingested_at) VALUES (?, ?, ?)
            ON CONFLICT (path) DO UPDATE SET size = excluded.size, ingested_at = excluded.ingested_at
            """)
        for f in ledger {
            insertLedger.setUncheckedArguments([f.path, f.size, now])
            try insertLedger.execute()
        }
        return (result, bytes)
    }

    public func ingestedFiles() async throws -> [String: Int64] {
        try await pool.read { db in
            var out: [String: Int64] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT path, size FROM ingested_files")
            while let row = try rows.next() {
                let path: String = row[0]
                let size: Int64 = row[1]
                out[path] = size
            }
            return out
        }
    }

    public func addReviews(_ reviews: [ReviewRecord]) async throws {
        try await pool.write { db in
            let now = StoreClock.now()
            let miner = try db.cachedStatement(sql: "INSERT INTO miners (hotkey, first_seen_at) VALUES (?, ?) ON CONFLICT (hotkey) DO NOTHING")
            let review = try db.cachedStatement(sql: """
                INSERT INTO reviews (miner_hotkey, reviewer, validation_score, comment, reviewed_at) VALUES (?, ?, ?, ?, ?)
                """)
            for r in reviews {
                miner.setUncheckedArguments([r.minerHotkey, now])
                try miner.execute()
                review.setUncheckedArguments([r.minerHotkey, r.reviewer, r.validationScore, r.comment, r.reviewedAt])
                try review.execute()
            }
        }
    }

    public func addMiners(_ hotkeys: [String]) async throws {
        try await pool.write { db in
            let now = StoreClock.now()
            let miner = try db.cachedStatement(sql: "INSERT INTO miners (hotkey, first_seen_at) VALUES (?, ?) ON CONFLICT (hotkey) DO NOTHING")
            for h in hotkeys {
                miner.setUncheckedArguments([h, now])
                try miner.execute()
            }
        }
    }

    public func engineInput() async throws -> EngineInput {
        try await pool.read { db in
            var reputations: [String: StoredReputation?] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT m.hotkey, r.rep_score, r.rep_tier FROM miners m LEFT JOIN miner_reputation r ON r.miner_hotkey = m.hotkey
                """)
            while let row = try rows.next() {
                let hotkey: String = row[0]
                let score: Double? = row[1]
                let tier: String? = row[2]
                if let score, let tier {
                    reputations[hotkey] = .some(StoredReputation(score: score, tier: tier))
                } else {
                    reputations[hotkey] = .some(nil)
                }
            }
            let reviewMark = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM reviews WHERE rep_processed_at IS NULL") ?? 0
            var reviews: [String: EngineInput.ReviewSummary] = [:]
            let rv = try Row.fetchCursor(db, sql: """
                SELECT miner_hotkey, COUNT(*), SUM(validation_score) FROM reviews
                WHERE rep_processed_at IS NULL AND id <= ? GROUP BY miner_hotkey
                """, arguments: [reviewMark])
            while let row = try rv.next() {
                let miner: String = row[0]
                reviews[miner] = EngineInput.ReviewSummary(count: row[1], scoreSum: row[2])
            }
            let allocationMark = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM reward_allocations WHERE rep_processed_at IS NULL") ?? 0
            // The unprocessed allocations' entries, unpacked: per miner, the allocations where its total reward is > 0.
            var rewarded: [String: Int] = [:]
            let rw = try Row.fetchCursor(db, sql: """
                SELECT p.allocation_id, p.entry_count, p.entries FROM reward_allocations a
                JOIN reward_allocation_packs p ON p.allocation_id = a.id
                WHERE a.rep_processed_at IS NULL AND a.id <= ?
                """, arguments: [allocationMark])
            while let row = try rw.next() {
                for e in try Self.entries(row) where e.totalReward > 0 { rewarded[e.minerHotkey, default: 0] += 1 }
            }
            return EngineInput(reputations: reputations, reviews: reviews, rewardedAllocations: rewarded,
                               reviewWatermark: reviewMark, allocationWatermark: allocationMark)
        }
    }

    public func commit(_ pass: EnginePassRecord) async throws -> Bool {
        try await pool.write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM engine_passes WHERE pass_id = ?", arguments: [pass.passId]) != nil {
                return false
            }
            let now = StoreClock.now()
            let history = try RawInsert(db, sql: """
                INSERT INTO miner_reputation_history (miner_hotkey, pass_id, auto_source, delta_rep, rep_score_before,
                    rep_score_after, rep_tier_before, rep_tier_after, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for h in pass.history {
                history.bind(1, h.minerHotkey)
                history.bind(2, h.passId)
                history.bind(3, h.autoSource)
                history.bind(4, h.deltaRep)
                history.bind(5, h.repScoreBefore)
                history.bind(6, h.repScoreAfter)
                history.bind(7, h.repTierBefore)
                history.bind(8, h.repTierAfter)
                history.bind(9, h.reason)
                history.bind(10, h.createdAt)
                try history.step()
            }
            let upsert = try RawInsert(db, sql: """
                INSERT INTO miner_reputation (miner_hotkey, rep_score, rep_tier, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (miner_hotkey) DO UPDATE SET rep_score = excluded.rep_score, rep_tier = excluded.rep_tier,
                    updated_at = excluded.updated_at
                """)
            for (miner, rep) in pass.reputations {
                upsert.bind(1, miner)
                upsert.bind(2, rep.score)
                upsert.bind(3, rep.tier)
                upsert.bind(4, now)
                try upsert.step()
            }
            try db.execute(sql: "UPDATE reviews SET rep_processed_at = ? WHERE rep_processed_at IS NULL AND id <= ?",
                           arguments: [now, pass.reviewWatermark])
            try db.execute(sql: "UPDATE reward_allocations SET rep_processed_at = ? WHERE rep_processed_at IS NULL AND id <= ?",
                           arguments: [now, pass.allocationWatermark])
            try db.execute(sql: """
                INSERT INTO engine_passes (pass_id, rule, started_at, committed_at, snapshot_version, history_rows,
                    review_watermark, allocation_watermark) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [pass.passId, pass.rule, pass.startedAt, now, pass.snapshotVersion, pass.history.count,
                                 pass.reviewWatermark, pass.allocationWatermark])
            return true
        }
    }

    public func lastPass() async throws -> EnginePassInfo? {
        try await pool.read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT pass_id, snapshot_version, snapshot_written_at FROM engine_passes ORDER BY seq DESC LIMIT 1
                """) else { return nil }
            let written: String? = row[2]
            return EnginePassInfo(passId: row[0], snapshotVersion: row[1], snapshotWritten: written != nil)
        }
    }

    public func markSnapshotWritten(passId: String) async throws {
        try await pool.write { db in
            try db.execute(sql: "UPDATE engine_passes SET snapshot_written_at = ? WHERE pass_id = ?",
                           arguments: [StoreClock.now(), passId])
        }
    }

    public func reputations() async throws -> [String: StoredReputation] {
        try await pool.read { db in
            var out: [String: StoredReputation] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT miner_hotkey, rep_score, rep_tier FROM miner_reputation")
            while let row = try rows.next() {
                let miner: String = row[0]
                out[miner] = StoredReputation(score: row[1], tier: row[2])
            }
            return out
        }
    }

    public func history(of miner: String) async throws -> [HistoryRow] {
        try await pool.read { db in
            var out: [HistoryRow] = []
            let rows = try Row.fetchCursor(db, sql: """
                SELECT miner_hotkey, pass_id, auto_source, rep_score_before, rep_score_after, rep_tier_before, rep_tier_after,
                    reason, created_at FROM miner_reputation_history WHERE miner_hotkey = ? ORDER BY id
                """, arguments: [miner])
            while let row = try rows.next() {
                let hotkey: String = row[0], passId: String = row[1], source: String = row[2]
                let before: Double = row[3], after: Double = row[4]
                let tierBefore: String = row[5], tierAfter: String = row[6], reason: String = row[7], createdAt: String = row[8]
                out.append(HistoryRow(minerHotkey: hotkey, passId: passId, autoSource: source, repScoreBefore: before,
                                      repScoreAfter: after, repTierBefore: tierBefore, repTierAfter: tierAfter,
                                      reason: reason, createdAt: createdAt))
            }
            return out
        }
    }

    public func counts() async throws -> StoreCounts {
        try await pool.read { db in
            func n(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
            var c = StoreCounts()
            c.miners = try n("SELECT COUNT(*) FROM miners")
            c.reputations = try n("SELECT COUNT(*) FROM miner_reputation")
            c.history = try n("SELECT COUNT(*) FROM miner_reputation_history")
            c.reviews = try n("SELECT COUNT(*) FROM reviews")
            c.unprocessedReviews = try n("SELECT COUNT(*) FROM reviews WHERE rep_processed_at IS NULL")
            c.allocations = try n("SELECT COUNT(*) FROM reward_allocations")
            c.entries = try n("SELECT COALESCE(SUM(entry_count), 0) FROM reward_allocation_packs")
            c.ingestedFiles = try n("SELECT COUNT(*) FROM ingested_files")
            c.passes = try n("SELECT COUNT(*) FROM engine_passes")
            return c
        }
    }

    public func close() async throws {
        try checkpointer.close()
        try pool.close()
    }

    /// Every allocation with its entries, one line per entry in allocation-id order, without the
    /// store's own clocks and ids (tests compare two stores' contents).
    func dumpAllocations() async throws -> [String] {
        try await pool.read { db in try Self.dumpAllocations(db) }
    }

    /// Runs one SQL statement in a write transaction (tests).
    func execute(_ sql: String) async throws {
        try await pool.write { db in try db.execute(sql: sql) }
    }

    /// The `CREATE` statements of the schema objects whose name is LIKE `pattern`, by name (tests).
    func schema(like pattern: String) async throws -> [String: String] {
        try await pool.read { db in
            var out: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT name, sql FROM sqlite_master WHERE name LIKE ?", arguments: [pattern]) {
                let name: String = row[0]
                let sql: String? = row[1]
                out[name] = sql ?? ""
            }
            return out
        }
    }

    /// The entries of a row whose first three columns are `allocation_id`, `entry_count` and `entries`.
    static func entries(_ row: Row) throws -> [RewardAllocationEntry] {
        let id: Int64 = row[0]
        let count: Int = row[1]
        let bytes: Data? = row[2]
        return try PackedEntries.decode(bytes.map { [UInt8]($0) } ?? [], count: count, allocation: id)
    }

    /// ``dumpAllocations()`` on an open database, whatever its migration level from v3 on (per-row
    /// entries before v6, packed from v6).
    static func dumpAllocations(_ db: Database) throws -> [String] {
        func line(_ text: [String?], _ e: RewardAllocationEntry) -> String {
            text.map { $0 ?? "∅" }.joined(separator: "|") + "|\(e.minerHotkey)|\(e.uid.map(String.init) ?? "∅")|"
                + [e.baseReward, e.repScore, e.reputationBonus, e.totalReward].map { "\($0.bitPattern)" }.joined(separator: "|")
                + "|" + e.repTier.rawValue
        }
        var out: [String] = []
        if try db.tableExists("reward_allocation_packs") {
            let rows = try Row.fetchCursor(db, sql: """
                SELECT p.allocation_id, p.entry_count, p.entries, a.validator_hotkey, a.cycle_id, a.step_id,
                    a.rep_snapshot_version, a.timestamp, a.received_at, a.source_file
                FROM reward_allocations a JOIN reward_allocation_packs p ON p.allocation_id = a.id ORDER BY a.id
                """)
            while let row = try rows.next() {
                let text: [String?] = (3..<10).map { row[$0] }
                for e in try entries(row) { out.append(line(text, e)) }
            }
            return out
        }
        let rows = try Row.fetchCursor(db, sql: """
            SELECT a.validator_hotkey, a.cycle_id, a.step_id, a.rep_snapshot_version, a.timestamp, a.received_at,
                a.source_file, e.miner_hotkey, e.uid, e.base_reward, e.rep_score, e.rep_tier, e.reputation_bonus,
                e.total_reward FROM reward_allocations a JOIN reward_allocation_entries e ON e.allocation_id = a.id
            ORDER BY a.id, e.miner_hotkey
            """)
        while let row = try rows.next() {
            let text: [String?] = (0..<7).map { row[$0] }
            let uid: Int64? = row[8]
            let tier: String = row[11]
            out.append(line(text, RewardAllocationEntry(minerHotkey: row[7], uid: uid.map { Int($0) }, baseReward: row[9],
                                                        repScore: row[10], repTier: ReputationTier(rawValue: tier),
                                                        reputationBonus: row[12], totalReward: row[13])))
        }
        return out
    }
}
