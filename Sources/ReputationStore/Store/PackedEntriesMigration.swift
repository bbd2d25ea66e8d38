import GRDB
import Reputation

/// The data step of migration v6 on SQLite: every allocation's rows of `reward_allocation_entries`
/// become one ``PackedEntries`` value in `reward_allocation_packs`, then the per-row table is dropped.
///
/// It runs inside the migration's transaction (GRDB's `DatabaseMigrator`), after the step's
/// `CREATE TABLE`: a process killed mid-way leaves the store at v5 with its rows, and the next open
/// migrates again. Each value is the row's value as SQLite returns it — the doubles as stored, a NULL
/// uid as nil, the tier's text — so ``SQLiteReputationStore/dumpAllocations()`` lists the same lines
/// before and after. Allocations without entries get a value of count 0, as the ingest writes them.
enum PackedEntriesMigration {
    @Sendable
    static func run(_ db: Database) throws {
        let insert = try RawInsert(db, sql: "INSERT INTO reward_allocation_packs (allocation_id, entry_count, entries) VALUES (?, ?, ?)")
        // Rows in key order: per allocation, its entries by hotkey bytes (BINARY), the order the value keeps.
        let rows = try Row.fetchCursor(db, sql: """
            SELECT a.id, e.miner_hotkey, e.uid, e.base_reward, e.rep_score, e.rep_tier, e.reputation_bonus, e.total_reward
            FROM reward_allocations a LEFT JOIN reward_allocation_entries e ON e.allocation_id = a.id
            ORDER BY a.id, e.miner_hotkey
            """)
        var current: Int64?
        var entries: [RewardAllocationEntry] = []
        func flush() throws {
            guard let id = current else { return }
            insert.bind(1, id)
            insert.bind(2, Int64(entries.count))
            insert.bind(3, try PackedEntries.encode(entries))
            try insert.step()
            entries.removeAll(keepingCapacity: true)
        }
        while let row = try rows.next() {
            let id: Int64 = row[0]
            if id != current {
                try flush()
                current = id
            }
            let hotkey: String? = row[1]
            guard let hotkey else { continue }  // an allocation without entries: no joined row
            let uid: Int64? = row[2]
            let tier: String = row[5]
            entries.append(RewardAllocationEntry(minerHotkey: hotkey, uid: uid.map { Int($0) }, baseReward: row[3],
                                                 repScore: row[4], repTier: ReputationTier(rawValue: tier),
                                                 reputationBonus: row[6], totalReward: row[7]))
        }
        try flush()
        try db.execute(sql: "DROP TABLE reward_allocation_entries")
    }
}
