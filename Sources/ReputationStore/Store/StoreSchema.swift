import Foundation
import GRDB
/// The schema as versioned migration steps, written once for both backends.
///
/// `{id}` becomes the backend's auto-increment primary key and `{real}` its double type. SQLite runs the
/// steps through GRDB's `DatabaseMigrator`; PostgreSQL through a `schema_migrations` table with the
/// same ids. A step is never edited once released: a schema change is a new step.
public enum StoreSchema {
    public struct Migration: Sendable {
        public var id: String
        public var statements: [String]
        /// When set, only this backend runs ``statements``; the other records the step as applied with
        /// nothing to do (a storage change one backend needs and the other already has).
        public var only: Dialect?
        /// SQLite only: Swift code run after ``statements``, in the same transaction, for a data change
        /// SQL cannot express (v6 packs each allocation's entry rows into one value).
        var sqliteData: (@Sendable (Database) throws -> Void)?

        public init(id: String, statements: [String], only: Dialect? = nil) {
            self.id = id
            self.statements = statements
            self.only = only
        }

        init(id: String, statements: [String], only: Dialect?, sqliteData: @escaping @Sendable (Database) throws -> Void) {
            self.init(id: id, statements: statements, only: only)
            self.sqliteData = sqliteData
        }

        /// The statements `dialect` runs for this step, rendered for it.
        public func statements(for dialect: Dialect) -> [String] {
            guard only == nil || only == dialect else { return [] }
            return statements.map(dialect.render)
        }
    }

    public enum Dialect: Sendable {
        case sqlite, postgres
        func render(_ sql: String) -> String {
            switch self {
            case .sqlite:
                sql.replacingOccurrences(of: "{id}", with: "INTEGER PRIMARY KEY AUTOINCREMENT")
                    .replacingOccurrences(of: "{real}", with: "REAL")
            case .postgres:
                sql.replacingOccurrences(of: "{id}", with: "BIGSERIAL PRIMARY KEY")
                    .replacingOccurrences(of: "{real}", with: "DOUBLE PRECISION")
            }
        }
    }

    public static let migrations: [Migration] = [
        Migration(id: "v1-miners-reputation", statements: [
            """
            CREATE TABLE miners (
                hotkey TEXT PRIMARY KEY,
                uid INTEGER,
                first_seen_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE miner_reputation (
                miner_hotkey TEXT PRIMARY KEY REFERENCES miners(hotkey),
                rep_score {real} NOT NULL,
                rep_tier TEXT NOT NULL,
                updated_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE miner_reputation_history (
                id {id},
                miner_hotkey TEXT NOT NULL REFERENCES miners(hotkey),
                pass_id TEXT NOT NULL,
                auto_source TEXT NOT NULL,
                delta_rep {real} NOT NULL,
                rep_score_before {real} NOT NULL,
                rep_score_after {real} NOT NULL,
                rep_tier_before TEXT NOT NULL,
                rep_tier_after TEXT NOT NULL,
                reason TEXT NOT NULL,
                created_at TEXT NOT NULL)
            """,
            "CREATE INDEX miner_reputation_history_miner ON miner_reputation_history(miner_hotkey, id)",
        ]),
        Migration(id: "v2-reviews", statements: [
            """
            CREATE TABLE reviews (
                id {id},
                miner_hotkey TEXT NOT NULL REFERENCES miners(hotkey),
                reviewer TEXT NOT NULL,
                validation_score {real} NOT NULL CHECK (validation_score >= 0 AND validation_score <= 1),
                comment TEXT,
                validation_status TEXT NOT NULL DEFAULT 'reviewed',
                reviewed_at TEXT NOT NULL,
                rep_processed_at TEXT)
            """,
            "CREATE INDEX reviews_unprocessed ON reviews(rep_processed_at, id)",
        ]),
        Migration(id: "v3-reward-allocations", statements: [
            """
            CREATE TABLE reward_allocations (
                id {id},
                validator_hotkey TEXT NOT NULL,
                cycle_id TEXT NOT NULL,
                step_id TEXT NOT NULL,
                rep_snapshot_version TEXT,
                timestamp TEXT,
                received_at TEXT,
                source_file TEXT,
                ingested_at TEXT NOT NULL,
                rep_processed_at TEXT,
                UNIQUE (validator_hotkey, cycle_id, step_id))
            """,
            """
            CREATE TABLE reward_allocation_entries (
                allocation_id BIGINT NOT NULL REFERENCES reward_allocations(id),
                miner_hotkey TEXT NOT NULL,
                uid INTEGER,
                base_reward {real} NOT NULL,
                rep_score {real} NOT NULL,
                rep_tier TEXT NOT NULL,
                reputation_bonus {real} NOT NULL,
                total_reward {real} NOT NULL,
                PRIMARY KEY (allocation_id, miner_hotkey))
            """,
            "CREATE INDEX reward_allocations_unprocessed ON reward_allocations(rep_processed_at, id)",
            """
            CREATE TABLE ingested_files (
                path TEXT PRIMARY KEY,
                size BIGINT NOT NULL,
                ingested_at TEXT NOT NULL)
            """,
        ]),
        Migration(id: "v4-engine-passes", statements: [
            """
            CREATE TABLE engine_passes (
                seq {id},
                pass_id TEXT NOT NULL UNIQUE,
                rule TEXT NOT NULL,
                started_at TEXT NOT NULL,
                committed_at TEXT NOT NULL,
                snapshot_version TEXT NOT NULL,
                snapshot_written_at TEXT,
                history_rows INTEGER NOT NULL,
                review_watermark BIGINT NOT NULL,
                allocation_watermark BIGINT NOT NULL)
            """,
        ]),
        // SQLite only: the entries become a `WITHOUT ROWID` table clustered on their primary key, one
        // B-tree per row instead of a rowid table plus an index repeating (allocation_id, miner_hotkey).
        // Same columns, constraints and rows; existing rows are copied in key order inside the
        // migration's transaction. PostgreSQL has no clustered table that would stay clustered (its
        // heap plus primary-key index is what v3 created there), so it records the step and does nothing.
        Migration(id: "v5-entries-clustered", statements: [
            """
            CREATE TABLE reward_allocation_entries_v5 (
                allocation_id BIGINT NOT NULL REFERENCES reward_allocations(id),
                miner_hotkey TEXT NOT NULL,
                uid INTEGER,
                base_reward {real} NOT NULL,
                rep_score {real} NOT NULL,
                rep_tier TEXT NOT NULL,
                reputation_bonus {real} NOT NULL,
                total_reward {real} NOT NULL,
                PRIMARY KEY (allocation_id, miner_hotkey)) WITHOUT ROWID
            """,
            """
            INSERT INTO reward_allocation_entries_v5 (allocation_id, miner_hotkey, uid, base_reward, rep_score, rep_tier,
                reputation_bonus, total_reward)
            SELECT allocation_id, miner_hotkey, uid, base_reward, rep_score, rep_tier, reputation_bonus, total_reward
            FROM reward_allocation_entries ORDER BY allocation_id, miner_hotkey
            """,
            "DROP TABLE reward_allocation_entries",
            "ALTER TABLE reward_allocation_entries_v5 RENAME TO reward_allocation_entries",
        ], only: .sqlite),
        // SQLite only: each allocation's entries become one packed value (``PackedEntries``) beside their
        // count, one row per allocation instead of one per entry — the entry rows alone cost SQLite more
        // CPU than ingesting 2,000 files of 256 entries per second allows (Benchmarks/ReputationBench).
        // Existing entries are packed inside the migration's transaction, every value as it was stored,
        // then the per-row table is dropped (``PackedEntriesMigration``). Every allocation gets a row,
        // an allocation without entries a value of count 0. PostgreSQL keeps its per-row table: there
        // the ingest's cost is the server's and the round trips, its figure is only reported, and the
        // store answers the same from either form.
        Migration(id: "v6-entries-packed", statements: [
            """
            CREATE TABLE reward_allocation_packs (
                allocation_id INTEGER PRIMARY KEY REFERENCES reward_allocations(id),
                entry_count INTEGER NOT NULL CHECK (entry_count >= 0),
                entries BLOB NOT NULL)
            """,
        ], only: .sqlite, sqliteData: PackedEntriesMigration.run),
    ]
}
