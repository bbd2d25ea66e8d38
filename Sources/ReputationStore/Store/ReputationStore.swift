/// The reputation database: miners, `miner_reputation`, `miner_reputation_history` (with `auto_source`),
/// reviews, reward allocations and their entries — the names of the MIID V2 plan (§2A, §2F).
///
/// Two backends implement it: ``SQLiteReputationStore`` (GRDB, embedded, the default) and
/// ``PostgresReputationStore`` (postgres-nio). Both pass the same test suite.
///
/// Implementers must guarantee:
/// - ``migrate()`` applies the steps of ``StoreSchema/migrations`` in order, each once, and is safe to
///   call on every open;
/// - ``store(_:ledger:)`` is one transaction: the allocations (idempotent on validator, cycle and
///   step: a repeat writes nothing and counts as a duplicate), their entries, their miners and the
///   ledger rows land together or not at all;
/// - ``commit(_:)`` is one transaction: history rows, new reputations, the inputs marked processed
///   (up to the watermarks) and the pass row; a pass id already committed is refused with `false`,
///   writing nothing.
public protocol ReputationStore: Sendable {
    /// Applies the missing migrations; returns the ids it applied.
    @discardableResult func migrate() async throws -> [String]
    /// The migration ids recorded in the database, in order.
    func appliedMigrations() async throws -> [String]

    /// Stores allocations and the ledger rows of the files they came from, in one transaction.
    func store(_ allocations: [AllocationRecord], ledger: [IngestedFile]) async throws -> StoreBatchResult
    /// The work of storing `record` that needs no connection, done on the calling thread (any thread);
    /// the default prepares nothing.
    func prepare(_ record: AllocationRecord) -> PreparedAllocation
    /// ``store(_:ledger:)`` of prepared allocations: the same transaction, rows and errors.
    func store(prepared: [PreparedAllocation], ledger: [IngestedFile]) async throws -> StoreBatchResult
    /// The ledger: files already taken in, by path, with their size then.
    func ingestedFiles() async throws -> [String: Int64]

    /// Adds reviews (reviewed, not yet processed by the engine); registers unknown miners.
    func addReviews(_ reviews: [ReviewRecord]) async throws
    /// Registers miners (no reputation row until the engine scores them).
    func addMiners(_ hotkeys: [String]) async throws

    /// What the next engine pass reads.
    func engineInput() async throws -> EngineInput
    /// Commits one engine pass; false (and nothing written) when its pass id is already committed.
    func commit(_ pass: EnginePassRecord) async throws -> Bool
    /// The last committed pass, if any.
    func lastPass() async throws -> EnginePassInfo?
    /// Records that the pass's snapshot file is in place.
    func markSnapshotWritten(passId: String) async throws

    /// Every miner's current reputation (miners without a row are absent).
    func reputations() async throws -> [String: StoredReputation]
    /// One miner's history, oldest first.
    func history(of miner: String) async throws -> [HistoryRow]
    func counts() async throws -> StoreCounts
    func close() async throws
}

extension ReputationStore {
    public func prepare(_ record: AllocationRecord) -> PreparedAllocation { PreparedAllocation(record) }

    public func store(prepared: [PreparedAllocation], ledger: [IngestedFile]) async throws -> StoreBatchResult {
        try await store(prepared.map(\.record), ledger: ledger)
    }
}
