import HTTPTypes
import Foundation
import NIOConcurrencyHelpers
import NIOPosix
import Reputation

/// Stores reward allocations under `<data_dir>/rewards/<cycle_id>/<validator_hotkey>/` and remembers
/// idempotency keys under `<data_dir>/idempotency/<validator_hotkey>/<key>.json`.
///
/// Path components are validated by the caller (``Identifiers``/SS58) and checked again here; every
/// file goes through the ``GroupCommitter`` (temporary file, data synced, rename, directory synced —
/// batched with concurrent writes) before the caller answers.
///
/// Idempotency is exactly-once across crashes: the key's record (naming the file) is made durable
/// first, then the allocation file. A retry finds the record; if the allocation file is there it
/// gets the original answer, and if the service died between the two writes it writes that file now.
final class RewardStore: Sendable {
    let root: String
    let durable: Bool
    let committer: GroupCommitter
    private let inFlight = NIOLockedValueBox(Set<String>())

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

    /// The bytes of an allocation file: `{"received_at":…,"request_id":…,"idempotency_key":…,"allocation":<body>}`
    /// where `<body>` is the request body exactly as the validator sent it (already decoded and validated,
    /// so it is a JSON object); like the seed, nothing the validator sent is dropped.
    static func record(body: Data, receivedAt: String, requestID: String, idempotencyKey: String?) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(body.count + 160)
        out += Array("{\"received_at\":\"\(receivedAt)\",\"request_id\":\"\(requestID)\",".utf8)
        if let idempotencyKey { out += Array("\"idempotency_key\":\"\(idempotencyKey)\",".utf8) }
        out += Array("\"allocation\":".utf8)
        out += body
        out += Array("}\n".utf8)
        return out
    }

    enum Outcome: Sendable {
        case stored(Stored)
        case duplicate(Stored)
    }

    /// - Parameter onBatch: called with the size of every group-commit batch (for metrics).
    init(dataDirectory: String, durable: Bool, onBatch: @escaping @Sendable (Int) -> Void = { _ in }) {
        let root = (dataDirectory as NSString).standardizingPath
        self.root = root
        self.durable = durable
        committer = GroupCommitter(root: root, durable: durable, onBatch: onBatch)
    }

    /// Makes `<data_dir>/rewards` and `<data_dir>/idempotency`.
    func prepare() throws {
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try committer.prepare(["rewards"])
        try committer.prepare(["idempotency"])
    }

    /// Stores one allocation; returns once it is written (and durable, when `durable`).
    ///
    /// - Throws: ``ServiceError`` 409 when the same idempotency key is being processed concurrently,
    ///   500 `storage_failure` when the disk refuses (no partial file is left behind).
    func store(_ allocation: RewardAllocation, body: Data, cycleId: String, idempotencyKey: String?, requestID: String,
               now: Date) async throws(ServiceError) -> Outcome {
        let validator = allocation.validatorHotkey
        guard Identifiers.isSafeCycleID(cycleId), Identifiers.isPlausibleSS58(validator),
              idempotencyKey.map(Identifiers.isSafeIdempotencyKey) ?? true
        else { throw .badRequest("unsafe path component", reason: "unsafe_path") }

        // Every spliced string is from a checked charset (ISO time, hex request id, safe key): no escaping needed.
        let bytes = Self.record(body: body, receivedAt: Timestamps.iso8601(now), requestID: Self.safeID(requestID),
                                idempotencyKey: idempotencyKey)

        guard let key = idempotencyKey else {
            let stored = Stored(filename: Self.makeFilename(now), cycleId: cycleId, validator: validator)
            try await writeAllocation(bytes, stored)
            return .stored(stored)
        }

        let token = validator + "/" + key
        guard inFlight.withLockedValue({ $0.insert(token).inserted }) else {
            throw ServiceError(.conflict, "a request with this idempotency key is still being processed; retry",
                               field: "idempotency_key", reason: "idempotency_in_flight")
        }
        defer { inFlight.withLockedValue { _ = $0.remove(token) } }

        let root = self.root
        let indexPath = root + "/idempotency/" + validator + "/" + key + ".json"
        // (previous record, whether its allocation file exists), read off the concurrency pool on the
        // committer's threads, so a slow disk stalls only the requests waiting for it.
        let lookup = try? await GroupCommitter.threads.runIfActive { () -> (Stored, Bool)? in
            guard let data = FileManager.default.contents(atPath: indexPath),
                  let previous = try? JSONDecoder().decode(Stored.self, from: data) else { return nil }
            let path = root + "/rewards/" + previous.cycleId + "/" + previous.validator + "/" + previous.filename
            return (previous, FileManager.default.fileExists(atPath: path))
        }
        if let found = lookup ?? nil {
            let (previous, present) = found
            if !present {
                // The service stopped between the two writes: complete the first request now.
                try await writeAllocation(bytes, previous)
            }
            return .duplicate(previous)
        }
        let stored = Stored(filename: Self.makeFilename(now), cycleId: cycleId, validator: validator)
        do {
            let record = Array(try JSONEncoder().encode(stored))
            try await committer.write(record, under: ["idempotency", validator], name: key + ".json")
        } catch {
            throw .storage("cannot record the idempotency key: \(error)")
        }
        try await writeAllocation(bytes, stored)
        return .stored(stored)
    }

    private func writeAllocation(_ bytes: [UInt8], _ stored: Stored) async throws(ServiceError) {
        do {
            try await committer.write(bytes, under: ["rewards", stored.cycleId, stored.validator], name: stored.filename)
        } catch {
            throw .storage("cannot store the allocation: \(error)")
        }
    }

    static func safeID(_ id: String) -> String {
        Identifiers.isSafeComponent(id, maxLength: 128) ? id : "invalid"
    }

    /// `reward_<yyyy-MM-dd_HH-mm-ss>.<8 hex>.json` (UTC).
    static func makeFilename(_ date: Date) -> String {
        var rng = SystemRandomNumberGenerator()
        return makeFilename(date, random: UInt32.random(in: 0...UInt32.max, using: &rng))
    }

    /// ``makeFilename(_:)`` with its random part given.
    static func makeFilename(_ date: Date, random: UInt32) -> String {
        var name = Array("reward_".utf8)
        name.reserveCapacity(40)
        // 2025-11-20T14:00:00Z -> 2025-11-20_14-00-00
        for c in Timestamps.iso8601(date).utf8.dropLast() {
            switch c {
            case UInt8(ascii: "T"): name.append(UInt8(ascii: "_"))
            case UInt8(ascii: ":"): name.append(UInt8(ascii: "-"))
            default: name.append(c)
            }
        }
        name.append(UInt8(ascii: "."))
        let digits = Array("0123456789abcdef".utf8)
        for shift in stride(from: 28, through: 0, by: -4) { name.append(digits[Int((random >> UInt32(shift)) & 0xF)]) }
        name += Array(".json".utf8)
        return String(decoding: name, as: UTF8.self)
    }
}
