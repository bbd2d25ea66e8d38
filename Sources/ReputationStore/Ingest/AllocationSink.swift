public import Reputation

/// What the service's `/reward_allocation` needs to write an allocation into the store as well as
/// (or instead of) its JSON file: one transaction, idempotent on (validator, cycle, step).
public protocol AllocationSink: Sendable {
    /// Stores one allocation; true when it is new, false when its (validator, cycle, step) was already stored.
    func record(_ allocation: RewardAllocation, cycleId: String, receivedAt: String, sourceFile: String?) async throws -> Bool
}

/// An ``AllocationSink`` over a ``ReputationStore``. The step is the allocation's `step_id`, else its
/// `timestamp`, else the stored file's name (as ``AllocationIngest`` would read it back), so a file the
/// service wrote and later ingested is the same allocation, not a second one.
public struct StoreAllocationSink: AllocationSink {
    public let store: any ReputationStore
    public init(store: any ReputationStore) { self.store = store }

    public func record(_ allocation: RewardAllocation, cycleId: String, receivedAt: String, sourceFile: String?) async throws -> Bool {
        let name = sourceFile.map { String($0.split(separator: "/").last ?? Substring($0)) } ?? receivedAt
        let record = AllocationRecord(allocation, cycleId: cycleId, fallbackStep: name, receivedAt: receivedAt, sourceFile: sourceFile)
        return try await store.store([record], ledger: []).inserted == 1
    }
}
