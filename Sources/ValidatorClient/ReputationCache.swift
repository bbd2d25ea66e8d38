public import Foundation
public import Reputation

/// The validator's on-disk copy of the last good reputation answer, used when the service is unreachable.
///
/// Stored as one JSON file (`reputation-cache.json` in the client's state directory) written
/// atomically, so a crash leaves either the old or the new cache, never a torn one. Each good answer
/// is merged in: its miners replace their cached entries and its snapshot version becomes the
/// cache's version; miners the answer did not cover keep their last known reputation.
public struct ReputationCache: Sendable, Hashable, Codable {
    /// The snapshot version of the last answer merged in (`nil` only if the service never had one).
    public var repSnapshotVersion: String?
    public var generatedAt: String?
    /// When the last answer was received (ISO 8601).
    public var fetchedAt: String
    /// Reputation by miner hotkey.
    public var miners: [String: SnapshotReputation]

    public init(repSnapshotVersion: String?, generatedAt: String?, fetchedAt: String,
                miners: [String: SnapshotReputation]) {
        self.repSnapshotVersion = repSnapshotVersion
        self.generatedAt = generatedAt
        self.fetchedAt = fetchedAt
        self.miners = miners
    }

    enum CodingKeys: String, CodingKey {
        case repSnapshotVersion = "rep_snapshot_version"
        case generatedAt = "generated_at"
        case fetchedAt = "fetched_at"
        case miners
    }

    /// The file name inside the state directory.
    public static let fileName = "reputation-cache.json"

    /// Merges a good answer into the cache (or starts one).
    public static func merging(_ response: ReputationResponse, into cache: ReputationCache?, at date: Date) -> ReputationCache {
        var miners = cache?.miners ?? [:]
        for m in response.miners { miners[m.minerHotkey] = m.reputation }
        return ReputationCache(repSnapshotVersion: response.repSnapshotVersion ?? cache?.repSnapshotVersion,
                               generatedAt: response.generatedAt ?? cache?.generatedAt,
                               fetchedAt: Timestamps.iso8601(date), miners: miners)
    }

    /// Loads the cache in `directory`; `nil` when there is none.
    /// - Throws: when the file exists but cannot be read or decoded (a corrupt cache is reported, not ignored).
    public static func load(directory: String) throws -> ReputationCache? {
        let path = (directory as NSString).appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try JSONDecoder().decode(ReputationCache.self, from: data)
    }

    /// Writes the cache into `directory` atomically.
    public func save(directory: String) throws {
        try JSONFile.write(self, to: (directory as NSString).appendingPathComponent(Self.fileName))
    }
}
