public import Foundation
public import Reputation

/// Allocations waiting to be delivered, one JSON file each, delivered in order and removed once the
/// service has acknowledged them.
///
/// Files live in `outbox/` under the client's state directory and are named by a zero-padded
/// sequence number, so their order survives restarts. Each entry carries the allocation unsigned
/// (it is signed afresh at every attempt, as the service rejects stale or replayed signatures) and
/// an idempotency key the service honours, so an allocation whose acknowledgement was lost is
/// stored once however often it is re-sent. An allocation the service refuses for good (a 4xx other
/// than 408/425/429) is moved to `outbox/rejected/` with the reason, so it neither blocks the queue
/// nor disappears.
public struct AllocationOutbox: Sendable {
    /// One queued allocation.
    public struct Entry: Sendable, Hashable, Codable {
        public var sequence: Int
        public var idempotencyKey: String
        /// The allocation with an empty `signature`; the client signs it at each attempt.
        public var allocation: RewardAllocation
        public var enqueuedAt: String
        /// Failed delivery attempts so far.
        public var attempts: Int
        /// Why the service refused it (entries in `rejected/` only).
        public var rejection: String?

        enum CodingKeys: String, CodingKey {
            case sequence
            case idempotencyKey = "idempotency_key"
            case allocation
            case enqueuedAt = "enqueued_at"
            case attempts
            case rejection
        }
    }

    public let directory: String
    public var rejectedDirectory: String { (directory as NSString).appendingPathComponent("rejected") }

    /// An outbox in `stateDirectory/outbox`.
    public init(stateDirectory: String) {
        directory = (stateDirectory as NSString).appendingPathComponent("outbox")
    }

    /// Queued entries, oldest first.
    public func pending() throws -> [Entry] {
        try entries(in: directory)
    }

    /// Entries the service refused for good.
    public func rejected() throws -> [Entry] {
        try entries(in: rejectedDirectory)
    }

    /// Appends an allocation; returns its entry (written atomically before this returns).
    @discardableResult
    public func enqueue(_ allocation: RewardAllocation, idempotencyKey: String, at date: Date) throws -> Entry {
        let existing = try pending()
        let rejected = try rejected()
        let next = (existing.map(\.sequence) + rejected.map(\.sequence)).max().map { $0 + 1 } ?? 1
        var unsigned = allocation
        unsigned.signature = ""
        unsigned.idempotencyKey = idempotencyKey
        let entry = Entry(sequence: next, idempotencyKey: idempotencyKey, allocation: unsigned,
                          enqueuedAt: Timestamps.iso8601(date), attempts: 0, rejection: nil)
        try JSONFile.write(entry, to: path(of: entry, in: directory))
        return entry
    }

    /// Removes a delivered entry.
    public func remove(_ entry: Entry) throws {
        try FileManager.default.removeItem(atPath: path(of: entry, in: directory))
    }

    /// Records a failed attempt.
    public func recordFailure(_ entry: Entry) throws {
        var e = entry
        e.attempts += 1
        try JSONFile.write(e, to: path(of: e, in: directory))
    }

    /// Moves an entry the service refused for good to `rejected/`.
    public func reject(_ entry: Entry, reason: String) throws {
        var e = entry
        e.attempts += 1
        e.rejection = reason
        try JSONFile.write(e, to: path(of: e, in: rejectedDirectory))
        try FileManager.default.removeItem(atPath: path(of: entry, in: directory))
    }

    private func path(of entry: Entry, in dir: String) -> String {
        let name = String(format: "%012d", entry.sequence) + ".json"
        return (dir as NSString).appendingPathComponent(name)
    }

    private func entries(in dir: String) throws -> [Entry] {
        guard FileManager.default.fileExists(atPath: dir) else { return [] }
        let names = try FileManager.default.contentsOfDirectory(atPath: dir)
            .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.sorted()
        return try names.map { name in
            let data = try Data(contentsOf: URL(fileURLWithPath: (dir as NSString).appendingPathComponent(name)))
            return try JSONDecoder().decode(Entry.self, from: data)
        }
    }
}
