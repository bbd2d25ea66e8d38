public import Foundation
import Reputation

/// Reads one reward allocation file as the service writes it — `{"received_at", "request_id",
/// "idempotency_key", "allocation": <body>}` under `rewards/<cycle_id>/<validator_hotkey>/` — or a bare
/// allocation body (the design's V1 files).
///
/// The allocation's identity is (validator, cycle, step): `cycle_id` from the body, else the folder;
/// `step_id` from the body, else its `timestamp`, else the file name.
public enum AllocationFileReader {
    /// Why a file was skipped: the file, the JSON member at fault, and a sentence.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public var file: String
        /// Dotted JSON path of the offending member (`allocation.miners[3].rep_score`), "" for the whole file.
        public var member: String
        public var message: String
        public var description: String { member.isEmpty ? "\(file): \(message)" : "\(file): \(member): \(message)" }
    }

    private struct Wrapped: Decodable {
        var receivedAt: String?
        var allocation: RewardAllocation
        enum CodingKeys: String, CodingKey {
            case receivedAt = "received_at"
            case allocation
        }
    }

    /// Parses `data` read from `path`.
    /// - Throws: ``Failure`` locating the problem (invalid JSON, a missing or mistyped member, an entry
    ///   that is not sound per ``RewardAllocation/entryProblem()``).
    public static func read(_ data: Data, path: String) throws(Failure) -> AllocationRecord {
        // The service's record names `"allocation":` within its first few hundred bytes (after
        // received_at, request_id and idempotency_key); a bare body has no such member. Looking
        // instead of decoding twice halves the parsing, which dominates ingest.
        let wrapped = isWrapped(data)
        let (allocation, receivedAt) = try decode(data, path: path, wrapped: wrapped)
        return try record(allocation, receivedAt: receivedAt, wrapped: wrapped, path: path)
    }

    /// ``read(_:path:)`` of a file's bytes in memory (ingest reads files into a reused buffer): the
    /// scanner reads them in place, and only a file it gives up on is copied into a `Data` for `JSONDecoder`.
    static func read(bytes: UnsafeRawBufferPointer, path: String) throws(Failure) -> AllocationRecord {
        let wrapped = isWrapped(bytes)
        let allocation: RewardAllocation, receivedAt: String?
        if let fast = RewardAllocationScanner.scan(bytes, wrapped: wrapped) {
            (allocation, receivedAt) = fast
        } else {
            (allocation, receivedAt) = try decodeWithFoundation(Data(bytes), path: path, wrapped: wrapped)
        }
        return try record(allocation, receivedAt: receivedAt, wrapped: wrapped, path: path)
    }

    /// The allocation body and `received_at`: through ``RewardAllocationScanner`` when it reads the file,
    /// else through `JSONDecoder` (which also locates what is wrong with a malformed file).
    static func decode(_ data: Data, path: String, wrapped: Bool) throws(Failure) -> (RewardAllocation, String?) {
        if let fast = RewardAllocationScanner.scan(data, wrapped: wrapped) { return fast }
        return try decodeWithFoundation(data, path: path, wrapped: wrapped)
    }

    /// `JSONDecoder`'s reading of the file (the reference the scanner is tested against).
    static func decodeWithFoundation(_ data: Data, path: String, wrapped: Bool) throws(Failure) -> (RewardAllocation, String?) {
        let decoder = JSONDecoder()
        let allocation: RewardAllocation
        let receivedAt: String?
        do {
            if wrapped {
                let w = try decoder.decode(Wrapped.self, from: data)
                allocation = w.allocation
                receivedAt = w.receivedAt
            } else {
                allocation = try decoder.decode(RewardAllocation.self, from: data)
                receivedAt = nil
            }
        } catch let error as DecodingError {
            if case .dataCorrupted(let context) = error, context.codingPath.isEmpty {
                throw Failure(file: path, member: "", message: describe(error))
            }
            let (member, message) = DecodingFailure.describe(error)
            throw Failure(file: path, member: member, message: message)
        } catch {
            throw Failure(file: path, member: "", message: "\(error)")
        }
        return (allocation, receivedAt)
    }

    /// The checks after parsing (sound entries, SS58 validator, a cycle) and the store's record.
    static func record(_ allocation: RewardAllocation, receivedAt: String?, wrapped: Bool,
                       path: String) throws(Failure) -> AllocationRecord {
        let prefix = wrapped ? "allocation." : ""
        if let problem = allocation.entryProblem() {
            throw Failure(file: path, member: prefix + problem.field, message: problem.message)
        }
        guard Identifiers.isPlausibleSS58(allocation.validatorHotkey) else {
            throw Failure(file: path, member: prefix + "validator_hotkey",
                          message: "'validator_hotkey' must be an SS58 address, found '\(allocation.validatorHotkey)'")
        }
        let components = (path as NSString).pathComponents
        let folderCycle = components.count >= 3 ? components[components.count - 3] : ""
        let cycle = allocation.cycleId ?? folderCycle
        guard !cycle.isEmpty else {
            throw Failure(file: path, member: prefix + "cycle_id",
                          message: "no 'cycle_id' in the allocation and no rewards/<cycle_id>/<validator>/ folder to take it from")
        }
        return AllocationRecord(allocation, cycleId: cycle, fallbackStep: (path as NSString).lastPathComponent,
                                receivedAt: receivedAt, sourceFile: path)
    }

    static let marker = Array("\"allocation\":".utf8)

    static func isWrapped(_ data: Data) -> Bool {
        data.withUnsafeBytes { isWrapped($0) }
    }

    /// Whether ``marker`` occurs within the first 1,024 bytes.
    static func isWrapped(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let head = bytes.prefix(1024)
        guard head.count >= marker.count else { return false }
        for i in 0...(head.count - marker.count) where head[i] == marker[0] {
            if head[i..<(i + marker.count)].elementsEqual(marker) { return true }
        }
        return false
    }

    private static func describe(_ error: any Error) -> String {
        if let d = error as? DecodingError {
            switch d {
            case .dataCorrupted(let ctx):
                let underlying = (ctx.underlyingError as NSError?)?.userInfo["NSDebugDescription"] as? String
                return "not valid JSON: \(underlying ?? ctx.debugDescription)"
            default:
                return DecodingFailure.describe(d).message
            }
        }
        return "\(error)"
    }
}
