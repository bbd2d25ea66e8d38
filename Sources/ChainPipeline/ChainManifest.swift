public import ScoringCore
public import Chain
import Sodium
import Simulation

/// Provenance of a chain replay run, written with every output in the simulation manifest's
/// shape (`tool`, `version`, `git_commit`, `config_sha256`, `config`, `started_at`,
/// `wall_time_seconds`, `time_fields`), plus the mechanisms and the replay's size.
///
/// Everything except ``RunManifest/timeFields``-like fields is a function of the config, the
/// replay and the tool, so two runs write byte-identical output apart from them.
public struct ChainManifest: Sendable {
    public var config: ConfigNode
    public var mechanisms: [String]
    public var replayName: String
    public var uids: Int
    public var epochs: Int
    public var gitCommit: String?
    public var startedAt: String
    public var wallTime: Double?

    public static let timeFields = ["manifest.started_at", "manifest.wall_time_seconds"]

    public init(config: ConfigNode, mechanisms: [String], replay: ChainReplay, gitCommit: String?, startedAt: String, wallTime: Double?) {
        self.config = config
        self.mechanisms = mechanisms
        self.replayName = replay.name
        self.uids = replay.uidCount
        self.epochs = replay.epochs.count
        self.gitCommit = gitCommit
        self.startedAt = startedAt
        self.wallTime = wallTime
    }

    /// Hex SHA-256 of the resolved config's compact JSON (as the simulation's manifest).
    public var configHash: String {
        SHA256.hash(Array(config.withoutLocations.jsonString(pretty: false).utf8)).map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }

    public func json() -> String {
        var w = ChainJSON()
        w.beginObject()
        w.field("tool", "scoring")
        w.field("version", SimulationModule.toolVersion)
        if let gitCommit { w.field("git_commit", gitCommit) }
        w.field("config_sha256", configHash)
        w.key("config")
        w.raw(config.withoutLocations.jsonString(pretty: false))
        w.field("pipeline", "chain")
        w.array("mechanisms", mechanisms)
        w.field("replay", replayName)
        w.field("uids", uids)
        w.field("epochs", epochs)
        w.field("started_at", startedAt)
        if let wallTime { w.field("wall_time_seconds", wallTime) }
        w.array("time_fields", Self.timeFields)
        w.endObject()
        return w.text
    }
}
