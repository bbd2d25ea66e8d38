import Logging
public import ReputationStore

/// Where `/reward_allocation` writes an accepted allocation (`service.allocations`).
public enum AllocationTarget: String, Sendable, CaseIterable {
    /// The design's JSON files under `<data_dir>/rewards/` only (the default).
    case files
    /// The reputation store only, in one transaction, idempotent on (validator, cycle, step).
    case store
    /// The JSON file first, then the store (the file's name is the step when the allocation has none).
    case both
}

/// Opens the allocation sink a configuration asks for, when the server starts.
enum AllocationSinkOpener {
    /// The sink (nil for `allocations: files`) and what to run when the server stops.
    static func open(_ configuration: ServiceConfiguration, logger: Logger) async throws
        -> (sink: (any AllocationSink)?, close: @Sendable () async -> Void)
    {
        guard configuration.allocations != .files else { return (nil, {}) }
        if let given = configuration.allocationSink { return (given, {}) }
        guard let location = configuration.allocationStore else {
            throw ServiceStartupError(message: "allocations: \(configuration.allocations.rawValue) needs a store (service.store: sqlite:PATH or postgres://…)")
        }
        let sink = StoreAllocationSink(store: try await StoreOpener.open(location, logger: logger))
        return (sink, {
            do { try await sink.close() } catch {
                logger.error("closing the reputation store failed", metadata: ["error": "\(error)"])
            }
        })
    }
}
