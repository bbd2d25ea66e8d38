public import Logging

/// Opens the store a ``StoreLocation`` names, migrated and ready.
public enum StoreOpener {
    public static func open(_ location: StoreLocation, logger: Logger? = nil) async throws -> any ReputationStore {
        switch location {
        case .sqlite(let path): try SQLiteReputationStore(path: path)
        case .postgres(let address): try await PostgresReputationStore.connect(address, logger: logger)
        }
    }

    public static func open(_ text: String, logger: Logger? = nil) async throws -> any ReputationStore {
        try await open(try StoreLocation(parsing: text), logger: logger)
    }
}
