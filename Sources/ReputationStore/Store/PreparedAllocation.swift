/// An allocation with the work its store does before writing it, done ahead by the caller's thread:
/// ``ReputationStore/prepare(_:)`` makes it and ``ReputationStore/store(prepared:ledger:)`` writes it.
///
/// ``AllocationIngest`` prepares each allocation in its decode threads, so the one thread that holds
/// the database connection only binds ready values. For SQLite that is the ``PackedEntries`` value
/// (sorting 256 hotkeys, the tier codes, the duplicate and NaN checks); PostgreSQL prepares nothing.
/// A prepared allocation is written exactly as its record would be: same rows, same bytes, same errors.
public struct PreparedAllocation: Sendable {
    public let record: AllocationRecord
    /// The packed entries, or why they cannot be packed (thrown when the allocation is written, as the
    /// store threw it before; a duplicate allocation is never packed, so it never throws). Nil: not prepared.
    let packed: Result<[UInt8], StoreError>?

    /// An allocation with nothing prepared: the store does all the work when it writes it.
    public init(_ record: AllocationRecord) {
        self.record = record
        packed = nil
    }

    init(_ record: AllocationRecord, packed: Result<[UInt8], StoreError>) {
        self.record = record
        self.packed = packed
    }
}
