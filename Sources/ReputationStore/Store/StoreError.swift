/// Why a store operation failed, with a sentence saying what was expected.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        /// `reputation.store` is not `sqlite:PATH` or a postgres URL.
        case invalidLocation = "invalid_location"
        /// The database refused an operation (the underlying error is in the message).
        case database
        /// A migration recorded in the database is not one this build knows (a newer schema).
        case unknownMigration = "unknown_migration"
        /// An allocation the store cannot keep as given (a miner twice in it, a NaN reward).
        case invalidAllocation = "invalid_allocation"
        /// A stored value does not decode (a truncated or damaged packed value); the message names its row.
        case corruptValue = "corrupt_value"
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
