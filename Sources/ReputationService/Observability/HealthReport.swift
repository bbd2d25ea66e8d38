import Foundation

/// `GET /healthz`: what the service is serving and whether its last snapshot load worked.
public struct HealthReport: Sendable, Codable, Hashable {
    /// "ok", or "degraded" when no snapshot is loaded or the last load failed.
    public var status: String
    public var snapshotVersion: String?
    public var generatedAt: String?
    /// Seconds since `generated_at` (or since the load, when `generated_at` does not parse).
    public var ageSeconds: Double?
    public var minerCount: Int
    public var loadedAt: String?
    public var lastLoadError: String?
    public var lastLoadErrorAt: String?
    public var snapshotLoads: Int
    public var snapshotLoadFailures: Int
    public var allowListSize: Int
    public var allowListError: String?
    public var compat: Bool

    enum CodingKeys: String, CodingKey {
        case status
        case snapshotVersion = "snapshot_version"
        case generatedAt = "generated_at"
        case ageSeconds = "age_seconds"
        case minerCount = "miner_count"
        case loadedAt = "loaded_at"
        case lastLoadError = "last_load_error"
        case lastLoadErrorAt = "last_load_error_at"
        case snapshotLoads = "snapshot_loads"
        case snapshotLoadFailures = "snapshot_load_failures"
        case allowListSize = "allow_list_size"
        case allowListError = "allow_list_error"
        case compat
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(status, forKey: .status)
        try c.encode(snapshotVersion, forKey: .snapshotVersion)
        try c.encode(generatedAt, forKey: .generatedAt)
        try c.encode(ageSeconds, forKey: .ageSeconds)
        try c.encode(minerCount, forKey: .minerCount)
        try c.encode(loadedAt, forKey: .loadedAt)
        try c.encode(lastLoadError, forKey: .lastLoadError)
        try c.encode(lastLoadErrorAt, forKey: .lastLoadErrorAt)
        try c.encode(snapshotLoads, forKey: .snapshotLoads)
        try c.encode(snapshotLoadFailures, forKey: .snapshotLoadFailures)
        try c.encode(allowListSize, forKey: .allowListSize)
        try c.encode(allowListError, forKey: .allowListError)
        try c.encode(compat, forKey: .compat)
    }
}
