import HTTPTypes
import Foundation
import Reputation

/// Stores reward allocations under `<data_dir>/rewards/<cycle_id>/<validator_hotkey>/` and remembers
/// idempotency keys under `<data_dir>/idempotency/<validator_hotkey>/<key>.json`.
///
/// Path components are validated by the caller (``Identifiers``/SS58) and checked again here; every
/// file is written with ``AtomicFile`` (temp, fsync, rename, fsync directory) before the caller answers.
///
/// Idempotency is exactly-once across crashes: the key's record (naming the file) is made durable
/// first, then the allocation file. A retry finds the record; if the allocation file is there it
/// gets the original answer, and if the service died between the two writes it writes that file now.
final class RewardStore: Sendable {
    let root: String
    let durable: Bool
    private let inFlight = LockedBox(Set<String>())

    struct Stored: Sendable, Codable, Equatable {
        var filename: String
        var cycleId: String
        var validator: String
        enum CodingKeys: String, CodingKey {
            case filename
            case cycleId = "cycle_id"
            case validator = "validator_hotkey"
        }
    }

    /// The record stored in an allocation file: the validated allocation plus when it arrived.
    struct Record: Encodable {
        var receivedAt: String
        var requestID: String
        var allocation: RewardAllocation
        enum CodingKeys: String, CodingKey {
            case receivedAt = "received_at"
            case requestID = "request_id"
            case allocation
        }
    }

    enum Outcome: Sendable {
        case stored(Stored)
        case duplicate(Stored)
    }

    init(dataDirectory: String, durable: Bool) {
        self.root = (dataDirectory as NSString).standardizingPath
        self.durable = durable
    }

    /// Makes `<data_dir>/rewards` and `<data_dir>/idempotency`.
    func prepare() throws {
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        _ = try AtomicFile.makeDirectories(root: root, ["rewards"], durable: durable)
        _ = try AtomicFile.makeDirectories(root: root, ["idempotency"], durable: durable)
    }

    /// Stores one allocation (blocking; call through ``BlockingIO``).
    ///
    /// - Throws: ``ServiceError`` 409 when the same idempotency key is being processed concurrently,
    ///   500 `storage_failure` when the disk refuses (no partial file is left behind).
    func store(_ allocation: RewardAllocation, cycleId: String, idempotencyKey: String?, requestID: String,
               now: Date) throws(ServiceError) -> Outcome {
        let validator = allocation.validatorHotkey
        guard Identifiers.isSafeCycleID(cycleId), Identifiers.isPlausibleSS58(validator),
              idempotencyKey.map(Identifiers.isSafeIdempotencyKey) ?? true
        else { throw .badRequest("unsafe path component", reason: "unsafe_path") }

        var record = Record(receivedAt: Timestamps.iso8601(now), requestID: requestID, allocation: allocation)
        record.allocation.idempotencyKey = idempotencyKey
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let bytes: [UInt8]
        do { bytes = Array(try encoder.encode(record)) } catch {
            throw .storage("cannot encode the allocation: \(error)")
        }

        guard let key = idempotencyKey else {
            let stored = Stored(filename: Self.makeFilename(now), cycleId: cycleId, validator: validator)
            try writeAllocation(bytes, stored)
            return .stored(stored)
        }

        let token = validator + "/" + key
        guard inFlight.withLock({ $0.insert(token).inserted }) else {
            throw ServiceError(.conflict, "a request with this idempotency key is still being processed; retry",
                               field: "idempotency_key", reason: "idempotency_in_flight")
        }
        defer { inFlight.withLock { _ = $0.remove(token) } }

        let indexDir = root + "/idempotency/" + validator
        let indexPath = indexDir + "/" + key + ".json"
        if let data = FileManager.default.contents(atPath: indexPath),
           let previous = try? JSONDecoder().decode(Stored.self, from: data) {
            let path = root + "/rewards/" + previous.cycleId + "/" + previous.validator + "/" + previous.filename
            if !AtomicFile.exists(path) {
                // The service stopped between the two writes: complete the first request now.
                try writeAllocation(bytes, previous)
            }
            return .duplicate(previous)
        }
        let stored = Stored(filename: Self.makeFilename(now), cycleId: cycleId, validator: validator)
        do {
            let dir = try AtomicFile.makeDirectories(root: root, ["idempotency", validator], durable: durable)
            try AtomicFile.write(Array(try JSONEncoder().encode(stored)), directory: dir, name: key + ".json", durable: durable)
        } catch {
            throw .storage("cannot record the idempotency key: \(error)")
        }
        try writeAllocation(bytes, stored)
        return .stored(stored)
    }

    private func writeAllocation(_ bytes: [UInt8], _ stored: Stored) throws(ServiceError) {
        do {
            let dir = try AtomicFile.makeDirectories(root: root, ["rewards", stored.cycleId, stored.validator], durable: durable)
            try AtomicFile.write(bytes, directory: dir, name: stored.filename, durable: durable)
        } catch {
            throw .storage("cannot store the allocation: \(error)")
        }
    }

    /// `reward_<yyyy-MM-dd_HH-mm-ss>.<8 hex>.json` (UTC).
    static func makeFilename(_ date: Date) -> String {
        let iso = Timestamps.iso8601(date) // 2025-11-20T14:00:00Z
        let stamp = iso.dropLast().replacingOccurrences(of: "T", with: "_").replacingOccurrences(of: ":", with: "-")
        var rng = SystemRandomNumberGenerator()
        let hex = String(UInt32.random(in: 0...UInt32.max, using: &rng), radix: 16)
        return "reward_\(stamp).\(String(repeating: "0", count: 8 - hex.count) + hex).json"
    }
}
