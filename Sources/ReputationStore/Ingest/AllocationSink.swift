public import Reputation

/// What the service's `/reward_allocation` needs to write an allocation into the store as well as
/// (or instead of) its JSON file: one transaction, idempotent on (validator, cycle, step).
public protocol AllocationSink: Sendable {
    /// Stores one allocation; true when it is new, false when its (validator, cycle, step) was already stored.
    ///
    /// The step is the allocation's `step_id`, else its `timestamp`, else `fallbackStep`.
    func record(_ allocation: RewardAllocation, cycleId: String, receivedAt: String, sourceFile: String?,
                fallbackStep: String) async throws -> Bool
    /// Releases the store (the service calls it once, when it stops).
    func close() async throws
}

/// An ``AllocationSink`` over a ``ReputationStore``. Beside a JSON file, the service passes the file's
/// name as `fallbackStep` (as ``AllocationIngest`` reads it back), so a file the service wrote and
/// later ingested is the same allocation, not a second one.
public struct StoreAllocationSink: AllocationSink {
    public let store: any ReputationStore
    public init(store: any ReputationStore) { self.store = store }

    public func record(_ allocation: RewardAllocation, cycleId: String, receivedAt: String, sourceFile: String?,
                       fallbackStep: String) async throws -> Bool {
        let record = AllocationRecord(allocation, cycleId: cycleId, fallbackStep: fallbackStep, receivedAt: receivedAt,
                                      sourceFile: sourceFile)
        return try await store.store([record], ledger: []).inserted == 1
    }

    public func close() async throws { try await store.close() }
}
