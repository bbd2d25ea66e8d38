import Foundation
public import Logging
public import PostgresNIO
import Reputation

/// The PostgreSQL backend: one connection through postgres-nio, used by one operation at a time (an actor),
/// so a transaction's statements never interleave with another's.
///
/// Migrations are the steps of ``StoreSchema/migrations`` recorded in `schema_migrations`, applied under
/// a transaction-scoped advisory lock so two processes migrating at once apply each step once.
///
/// Entries stay one row each in `reward_allocation_entries` here (migration v6, which packs them on
/// SQLite, is a SQLite-only step): the ingest target is SQLite's and PostgreSQL's figure is only
/// reported beside it, so its rows — and `engineInput()`'s server-side `GROUP BY` over them — were kept
/// rather than adding a second packed path that nothing measured a need for. Whatever the form, the
/// store's answers are the same as ``SQLiteReputationStore``'s (the store suite stores the same
/// allocations in both and compares every answer).
public actor PostgresReputationStore: ReputationStore {
    let connection: PostgresConnection
    let logger: Logger

    /// Connects and applies the migrations.
    /// - Parameter schema: when given, the store lives in this schema (created if missing) instead of
    ///   `public`, so several stores (tests run in parallel) share one database without meeting.
    public static func connect(_ address: StoreLocation.PostgresAddress, schema: String? = nil,
                               logger: Logger? = nil) async throws -> PostgresReputationStore {
        var log = logger ?? Logger(label: "reputation-store.postgres")
        if logger == nil { log.logLevel = .error }
        let config = PostgresConnection.Configuration(host: address.host, port: address.port, username: address.username,
                                                      password: address.password, database: address.database, tls: .disable)
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(configuration: config, id: 1, logger: log)
        } catch {
            throw StoreError(.database, "cannot connect to postgres://\(address.username)@\(address.host):\(address.port)/\(address.database): \(String(reflecting: error))")
        }
        let store = PostgresReputationStore(connection: connection, logger: log)
        if let schema {
            guard schema.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else {
                throw StoreError(.invalidLocation, "schema '\(schema)' must be ASCII letters, digits and '_'")
            }
            try await store.run("CREATE SCHEMA IF NOT EXISTS \(schema)")
            try await store.run("SET search_path TO \(schema)")
        }
        try await store.migrate()
        return store
    }

    init(connection: PostgresConnection, logger: Logger) {
        self.connection = connection
        self.logger = logger
    }

    // MARK: - SQL helpers

    private func run(_ sql: String, _ binds: PostgresBindings = PostgresBindings()) async throws {
        do {
            _ = try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).collect()
        } catch {
            throw StoreError(.database, "postgres: \(String(reflecting: error)) in: \(sql.prefix(120))")
        }
    }

    private func rows(_ sql: String, _ binds: PostgresBindings = PostgresBindings()) async throws -> [PostgresRow] {
        do {
            return try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).collect()
        } catch {
            throw StoreError(.database, "postgres: \(String(reflecting: error)) in: \(sql.prefix(120))")
        }
    }

    /// Runs `body` between BEGIN and COMMIT, rolling back when it throws.
    private func transaction<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await run("BEGIN")
        do {
            let value = try await body()
            try await run("COMMIT")
            return value
        } catch {
            try? await run("ROLLBACK")
            throw error
        }
    }

    private static func binds(_ values: [any PostgresDynamicTypeEncodable]) -> PostgresBindings {
        var b = PostgresBindings(capacity: values.count)
        for v in values { b.append(v) }
        return b
    }

    // MARK: - Migrations

    @discardableResult
    public func migrate() async throws -> [String] {
        try await run("CREATE TABLE IF NOT EXISTS schema_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        return try await transaction {
            try await run("SELECT pg_advisory_xact_lock(18181818)")
            let done = Set(try await appliedIDs())
            let known = Set(StoreSchema.migrations.map(\.id))
            if let unknown = done.subtracting(known).sorted().first {
                throw StoreError(.unknownMigration, "the database has migration '\(unknown)', which this build does not know (known: \(StoreSchema.migrations.map(\.id)))")
            }
            var applied: [String] = []
            for step in StoreSchema.migrations where !done.contains(step.id) {
                for sql in step.statements(for: .postgres) { try await run(sql) }
                try await run("INSERT INTO schema_migrations (id, applied_at) VALUES ($1, $2)",
                              Self.binds([step.id, StoreClock.now()]))
                applied.append(step.id)
            }
            return applied
        }
    }

    private func appliedIDs() async throws -> [String] {
        try await rows("SELECT id FROM schema_migrations ORDER BY id").map { try $0.decode(String.self) }
    }

    public func appliedMigrations() async throws -> [String] {
        let done = Set(try await appliedIDs())
        return StoreSchema.migrations.map(\.id).filter(done.contains)
    }

    // MARK: - Allocations

    public func store(_ allocations: [AllocationRecord], ledger: [IngestedFile]) async throws -> StoreBatchResult {
        try await transaction {
            var result = StoreBatchResult()
            let now = StoreClock.now()
            var miners = Set<String>()
            var eAlloc: [Int64] = [], eMiner: [String] = [], eUID: [Int64?] = [], eBase: [Double] = [], eScore: [Double] = []
            var eTier: [String] = [], eBonus: [Double] = [], eTotal: [Double] = []
            var mHotkey: [String] = [], mUID: [Int64?] = []
            // One INSERT for the batch's allocations (unnest arrays, in batch order so ids rise as they
            // would one by one); the ids come back with each row's identity. A repeat of an identity
            // inside the batch is a duplicate of its first occurrence, as it would be stored one by one.
            struct Identity: Hashable { var validator: String, cycle: String, step: String }
            var firstOf = Set<Identity>()
            var fresh: [AllocationRecord] = []
            fresh.reserveCapacity(allocations.count)
            for a in allocations {
                if firstOf.insert(Identity(validator: a.validatorHotkey, cycle: a.cycleId, step: a.stepId)).inserted {
                    fresh.append(a)
                } else {
                    result.duplicates += 1
                }
            }
            var ids: [Identity: Int64] = [:]
            if !fresh.isEmpty {
                // Optional text travels as (text, is-null) array pairs: arrays of optionals do not bind.
                func text(_ v: [String?]) -> ([String], [Bool]) { (v.map { $0 ?? "" }, v.map { $0 == nil }) }
                let (r, rn) = text(fresh.map(\.repSnapshotVersion)), (t, tn) = text(fresh.map(\.timestamp))
                let (ra, ran) = text(fresh.map(\.receivedAt)), (f, fn) = text(fresh.map(\.sourceFile))
                var b = PostgresBindings(capacity: 12)
                b.append(fresh.map(\.validatorHotkey)); b.append(fresh.map(\.cycleId)); b.append(fresh.map(\.stepId))
                b.append(r); b.append(rn); b.append(t); b.append(tn); b.append(ra); b.append(ran); b.append(f); b.append(fn)
                b.append(now)
                for row in try await rows("""
                    INSERT INTO reward_allocations (validator_hotkey, cycle_id, step_id, rep_snapshot_version, timestamp,
                        received_at, source_file, ingested_at)
                    SELECT v, c, s, CASE WHEN rn THEN NULL ELSE r END, CASE WHEN tn THEN NULL ELSE t END,
                        CASE WHEN ran THEN NULL ELSE ra END, CASE WHEN fn THEN NULL ELSE f END, $12
                    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bool[], $6::text[], $7::bool[],
                        $8::text[], $9::bool[], $10::text[], $11::bool[])
                        WITH ORDINALITY AS x(v, c, s, r, rn, t, tn, ra, ran, f, fn, n) ORDER BY n
                    ON CONFLICT (validator_hotkey, cycle_id, step_id) DO NOTHING RETURNING id, validator_hotkey, cycle_id, step_id
                    """, b) {
                    let (id, v, c, st) = try row.decode((Int64, String, String, String).self)
                    ids[Identity(validator: v, cycle: c, step: st)] = id
                }
            }
            for a in fresh {
                guard let id = ids[Identity(validator: a.validatorHotkey, cycle: a.cycleId, step: a.stepId)] else {
                    result.duplicates += 1
                    continue
                }
                result.inserted += 1
                result.entries += a.entries.count
                for e in a.entries {
                    if miners.insert(e.minerHotkey).inserted {
                        mHotkey.append(e.minerHotkey)
                        mUID.append(e.uid.map(Int64.init))
                    }
                    eAlloc.append(id); eMiner.append(e.minerHotkey); eUID.append(e.uid.map(Int64.init))
                    eBase.append(e.baseReward); eScore.append(e.repScore); eTier.append(e.repTier.rawValue)
                    eBonus.append(e.reputationBonus); eTotal.append(e.totalReward)
                }
            }
            if !mHotkey.isEmpty {
                var b = PostgresBindings(capacity: 3)
                b.append(mHotkey); b.append(mUID.map { $0 ?? -1 }); b.append(now)
                try await run("""
                    INSERT INTO miners (hotkey, uid, first_seen_at)
                    SELECT h, NULLIF(u, -1), $3 FROM unnest($1::text[], $2::bigint[]) AS t(h, u)
                    ON CONFLICT (hotkey) DO NOTHING
                    """, b)
            }
            if !eAlloc.isEmpty {
                var b = PostgresBindings(capacity: 8)
                b.append(eAlloc); b.append(eMiner); b.append(eUID.map { $0 ?? -1 }); b.append(eBase); b.append(eScore)
                b.append(eTier); b.append(eBonus); b.append(eTotal)
                try await run("""
                    INSERT INTO reward_allocation_entries (allocation_id, miner_hotkey, uid, base_reward, rep_score, rep_tier,
                        reputation_bonus, total_reward)
                    SELECT a, m, NULLIF(u, -1), b, s, t, r, tt FROM unnest($1::bigint[], $2::text[], $3::bigint[],
                        $4::float8[], $5::float8[], $6::text[], $7::float8[], $8::float8[]) AS x(a, m, u, b, s, t, r, tt)
                    """, b)
            }
            if !ledger.isEmpty {
                var b = PostgresBindings(capacity: 3)
                b.append(ledger.map(\.path)); b.append(ledger.map(\.size)); b.append(now)
                try await run("""
                    INSERT INTO ingested_files (path, size, ingested_at)
                    SELECT p, s, $3 FROM unnest($1::text[], $2::bigint[]) AS t(p, s)
                    ON CONFLICT (path) DO UPDATE SET size = excluded.size, ingested_at = excluded.ingested_at
                    """, b)
            }
            return result
        }
    }

    public func ingestedFiles() async throws -> [String: Int64] {
        var out: [String: Int64] = [:]
        for row in try await rows("SELECT path, size FROM ingested_files") {
            let (p, s) = try row.decode((String, Int64).self)
            out[p] = s
        }
        return out
    }

    // MARK: - Reviews and miners

    public func addReviews(_ reviews: [ReviewRecord]) async throws {
        guard !reviews.isEmpty else { return }
        try await transaction {
            let now = StoreClock.now()
            try await insertMiners(Array(Set(reviews.map(\.minerHotkey))), now: now)
            var b = PostgresBindings(capacity: 5)
            b.append(reviews.map(\.minerHotkey)); b.append(reviews.map(\.reviewer)); b.append(reviews.map(\.validationScore))
            b.append(reviews.map { $0.comment ?? "" }); b.append(reviews.map(\.reviewedAt))
            try await run("""
                INSERT INTO reviews (miner_hotkey, reviewer, validation_score, comment, reviewed_at)
                SELECT m, r, s, NULLIF(c, ''), t FROM unnest($1::text[], $2::text[], $3::float8[], $4::text[], $5::text[])
                    WITH ORDINALITY AS x(m, r, s, c, t, n) ORDER BY n
                """, b)
        }
    }

    private func insertMiners(_ hotkeys: [String], now: String) async throws {
        var b = PostgresBindings(capacity: 2)
        b.append(hotkeys); b.append(now)
        try await run("""
            INSERT INTO miners (hotkey, first_seen_at) SELECT h, $2 FROM unnest($1::text[]) AS t(h)
            ON CONFLICT (hotkey) DO NOTHING
            """, b)
    }

    public func addMiners(_ hotkeys: [String]) async throws {
        guard !hotkeys.isEmpty else { return }
        try await insertMiners(hotkeys, now: StoreClock.now())
    }

    // MARK: - Engine

    public func engineInput() async throws -> EngineInput {
        try await transaction {
            try await run("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            // Waits for writers in flight: every id at or below the watermarks read here is committed,
            // and later inserts draw higher ids, so the pass marks processed exactly what it read.
            try await run("LOCK TABLE reward_allocations, reviews IN SHARE MODE")
            var reputations: [String: StoredReputation?] = [:]
            for row in try await rows("""
                SELECT m.hotkey, r.rep_score, r.rep_tier FROM miners m LEFT JOIN miner_reputation r ON r.miner_hotkey = m.hotkey
                """) {
                let (hotkey, score, tier) = try row.decode((String, Double?, String?).self)
                if let score, let tier {
                    reputations[hotkey] = .some(StoredReputation(score: score, tier: tier))
                } else {
                    reputations[hotkey] = .some(nil)
                }
            }
            let reviewMark = try await rows("SELECT COALESCE(MAX(id), 0)::bigint FROM reviews WHERE rep_processed_at IS NULL")
                .first!.decode(Int64.self)
            var reviews: [String: EngineInput.ReviewSummary] = [:]
            for row in try await rows("""
                SELECT miner_hotkey, COUNT(*)::bigint, SUM(validation_score)::float8 FROM reviews
                WHERE rep_processed_at IS NULL AND id <= $1 GROUP BY miner_hotkey
                """, Self.binds([reviewMark])) {
                let (m, n, s) = try row.decode((String, Int64, Double).self)
                reviews[m] = .init(count: Int(n), scoreSum: s)
            }
            let allocationMark = try await rows("SELECT COALESCE(MAX(id), 0)::bigint FROM reward_allocations WHERE rep_processed_at IS NULL")
                .first!.decode(Int64.self)
            var rewarded: [String: Int] = [:]
            for row in try await rows("""
                SELECT e.miner_hotkey, COUNT(*)::bigint FROM reward_allocation_entries e
                JOIN reward_allocations a ON a.id = e.allocation_id
                WHERE a.rep_processed_at IS NULL AND a.id <= $1 AND e.total_reward > 0 GROUP BY e.miner_hotkey
                """, Self.binds([allocationMark])) {
                let (m, n) = try row.decode((String, Int64).self)
                rewarded[m] = Int(n)
            }
            return EngineInput(reputations: reputations, reviews: reviews, rewardedAllocations: rewarded,
                               reviewWatermark: reviewMark, allocationWatermark: allocationMark)
        }
    }

    public func commit(_ pass: EnginePassRecord) async throws -> Bool {
        try await transaction {
            try await run("LOCK TABLE engine_passes IN EXCLUSIVE MODE")
            let existing = try await rows("SELECT 1 FROM engine_passes WHERE pass_id = $1", Self.binds([pass.passId]))
            if !existing.isEmpty { return false }
            let now = StoreClock.now()
            let h = pass.history
            if !h.isEmpty {
                var b = PostgresBindings(capacity: 10)
                b.append(h.map(\.minerHotkey)); b.append(h.map(\.passId)); b.append(h.map(\.autoSource)); b.append(h.map(\.deltaRep))
                b.append(h.map(\.repScoreBefore)); b.append(h.map(\.repScoreAfter)); b.append(h.map(\.repTierBefore))
                b.append(h.map(\.repTierAfter)); b.append(h.map(\.reason)); b.append(h.map(\.createdAt))
                try await run("""
                    INSERT INTO miner_reputation_history (miner_hotkey, pass_id, auto_source, delta_rep, rep_score_before,
                        rep_score_after, rep_tier_before, rep_tier_after, reason, created_at)
                    SELECT m, p, s, d, b, a, tb, ta, r, c FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[],
                        $5::float8[], $6::float8[], $7::text[], $8::text[], $9::text[], $10::text[])
                        WITH ORDINALITY AS x(m, p, s, d, b, a, tb, ta, r, c, n) ORDER BY n
                    """, b)
            }
            if !pass.reputations.isEmpty {
                let keys = Array(pass.reputations.keys)
                var b = PostgresBindings(capacity: 4)
                b.append(keys); b.append(keys.map { pass.reputations[$0]!.score }); b.append(keys.map { pass.reputations[$0]!.tier })
                b.append(now)
                try await run("""
                    INSERT INTO miner_reputation (miner_hotkey, rep_score, rep_tier, updated_at)
                    SELECT m, s, t, $4 FROM unnest($1::text[], $2::float8[], $3::text[]) AS x(m, s, t)
                    ON CONFLICT (miner_hotkey) DO UPDATE SET rep_score = excluded.rep_score, rep_tier = excluded.rep_tier,
                        updated_at = excluded.updated_at
                    """, b)
            }
            try await run("UPDATE reviews SET rep_processed_at = $1 WHERE rep_processed_at IS NULL AND id <= $2",
                          Self.binds([now, pass.reviewWatermark]))
            try await run("UPDATE reward_allocations SET rep_processed_at = $1 WHERE rep_processed_at IS NULL AND id <= $2",
                          Self.binds([now, pass.allocationWatermark]))
            try await run("""
                INSERT INTO engine_passes (pass_id, rule, started_at, committed_at, snapshot_version, history_rows,
                    review_watermark, allocation_watermark) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                """, Self.binds([pass.passId, pass.rule, pass.startedAt, now, pass.snapshotVersion, Int64(pass.history.count),
                                 pass.reviewWatermark, pass.allocationWatermark]))
            return true
        }
    }

    public func lastPass() async throws -> EnginePassInfo? {
        guard let row = try await rows("""
            SELECT pass_id, snapshot_version, snapshot_written_at FROM engine_passes ORDER BY seq DESC LIMIT 1
            """).first else { return nil }
        let (id, version, written) = try row.decode((String, String, String?).self)
        return EnginePassInfo(passId: id, snapshotVersion: version, snapshotWritten: written != nil)
    }

    public func markSnapshotWritten(passId: String) async throws {
        try await run("UPDATE engine_passes SET snapshot_written_at = $1 WHERE pass_id = $2", Self.binds([StoreClock.now(), passId]))
    }

    public func reputations() async throws -> [String: StoredReputation] {
        var out: [String: StoredReputation] = [:]
        for row in try await rows("SELECT miner_hotkey, rep_score, rep_tier FROM miner_reputation") {
            let (m, s, t) = try row.decode((String, Double, String).self)
            out[m] = StoredReputation(score: s, tier: t)
        }
        return out
    }

    public func history(of miner: String) async throws -> [HistoryRow] {
        try await rows("""
            SELECT miner_hotkey, pass_id, auto_source, rep_score_before, rep_score_after, rep_tier_before, rep_tier_after,
                reason, created_at FROM miner_reputation_history WHERE miner_hotkey = $1 ORDER BY id
            """, Self.binds([miner])).map { row in
            let (m, p, s, b, a, tb, ta, r, c) = try row.decode((String, String, String, Double, Double, String, String, String, String).self)
            return HistoryRow(minerHotkey: m, passId: p, autoSource: s, repScoreBefore: b, repScoreAfter: a,
                              repTierBefore: tb, repTierAfter: ta, reason: r, createdAt: c)
        }
    }

    public func counts() async throws -> StoreCounts {
        func n(_ sql: String) async throws -> Int { Int(try await rows(sql).first!.decode(Int64.self)) }
        var c = StoreCounts()
        c.miners = try await n("SELECT COUNT(*) FROM miners")
        c.reputations = try await n("SELECT COUNT(*) FROM miner_reputation")
        c.history = try await n("SELECT COUNT(*) FROM miner_reputation_history")
        c.reviews = try await n("SELECT COUNT(*) FROM reviews")
        c.unprocessedReviews = try await n("SELECT COUNT(*) FROM reviews WHERE rep_processed_at IS NULL")
        c.allocations = try await n("SELECT COUNT(*) FROM reward_allocations")
        c.entries = try await n("SELECT COUNT(*) FROM reward_allocation_entries")
        c.ingestedFiles = try await n("SELECT COUNT(*) FROM ingested_files")
        c.passes = try await n("SELECT COUNT(*) FROM engine_passes")
        return c
    }

    public func close() async throws {
        try await connection.close()
    }

    /// Every allocation with its entries, one line per entry in allocation-id order, without the
    /// store's own clocks and ids (tests compare two stores' contents; the same lines as SQLite's).
    func dumpAllocations() async throws -> [String] {
        try await rows("""
            SELECT a.validator_hotkey, a.cycle_id, a.step_id, a.rep_snapshot_version, a.timestamp, a.received_at,
                a.source_file, e.miner_hotkey, e.uid::bigint, e.base_reward, e.rep_score, e.rep_tier, e.reputation_bonus,
                e.total_reward FROM reward_allocations a JOIN reward_allocation_entries e ON e.allocation_id = a.id
            ORDER BY a.id, e.miner_hotkey COLLATE "C"
            """).map { row in
            let (v, c, s, r, t, ra, f, m, uid, b, sc, tier, bonus, total) = try row.decode(
                (String, String, String, String?, String?, String?, String?, String, Int64?, Double, Double, String, Double, Double).self)
            let text: [String?] = [v, c, s, r, t, ra, f, m]
            return text.map { $0 ?? "∅" }.joined(separator: "|") + "|\(uid.map(String.init) ?? "∅")|"
                + [b, sc, bonus, total].map { "\($0.bitPattern)" }.joined(separator: "|") + "|" + tier
        }
    }

    /// Drops a schema made by ``connect(_:schema:logger:)`` with everything in it (tests clean up).
    public func dropSchema(_ schema: String) async throws {
        try await run("DROP SCHEMA IF EXISTS \(schema) CASCADE")
    }

    /// Drops every table of the schema (tests start from an empty database).
    public func dropAll() async throws {
        try await run("""
            DROP TABLE IF EXISTS engine_passes, ingested_files, reward_allocation_entries, reward_allocations, reviews,
                miner_reputation_history, miner_reputation, miners, schema_migrations CASCADE
            """)
    }
}
