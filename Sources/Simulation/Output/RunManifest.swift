public import ScoringCore
import Foundation
import Sodium

/// Provenance of a run, written with every output: the resolved config and its hash, seeds, tool
/// version, git commit (when known) and wall time.
///
/// Everything except ``timeFields`` is a function of the config and the tool, so two runs of the
/// same config and seed write byte-identical output apart from those fields.
public struct RunManifest: Sendable {
    /// The resolved config (every default filled in) this run was made from.
    public var config: ConfigNode
    public var toolVersion: String
    public var gitCommit: String?
    public var seed: Int
    public var runs: Int
    public var generator: GeneratorKind
    public var seeding: SeedingScheme
    /// When the run started (ISO 8601, UTC).
    public var startedAt: String

    /// The JSON paths whose values depend on the clock.
    public static let timeFields = ["manifest.started_at", "manifest.wall_time_seconds", "epochs[].timestamp"]

    public init(config: ConfigNode, toolVersion: String, gitCommit: String?, seed: Int, runs: Int,
                generator: GeneratorKind, seeding: SeedingScheme, startedAt: String) {
        self.config = config
        self.toolVersion = toolVersion
        self.gitCommit = gitCommit
        self.seed = seed
        self.runs = runs
        self.generator = generator
        self.seeding = seeding
        self.startedAt = startedAt
    }

    /// Hex SHA-256 of the resolved config's compact JSON.
    public var configHash: String {
        SHA256.hash(Array(config.withoutLocations.jsonString(pretty: false).utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// The manifest as a JSON object; `wallTime` is omitted while the run is still going.
    public func json(wallTime: Double?) -> String {
        var w = JSONWriter()
        w.beginObject()
        w.field("tool", "scoring")
        w.field("version", toolVersion)
        if let gitCommit { w.field("git_commit", gitCommit) }
        w.field("config_sha256", configHash)
        w.key("config")
        w.raw(config.withoutLocations.jsonString(pretty: false))
        w.field("seed", seed)
        w.field("runs", runs)
        w.key("run_seeds")
        w.beginArray()
        for r in 0..<min(runs, 10_000) { w.value(SeedPlan(scheme: seeding, seed: seed, run: r).seed) }
        w.endArray()
        w.field("generator", generator.rawValue)
        w.field("seeding", seeding.rawValue)
        w.field("started_at", startedAt)
        if let wallTime { w.field("wall_time_seconds", wallTime) }
        w.key("time_fields")
        w.beginArray()
        for f in Self.timeFields { w.value(f) }
        w.endArray()
        w.endObject()
        return w.text
    }

    /// The current time as ISO 8601 UTC with microseconds.
    public static func now() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: Date())
    }

    /// `git rev-parse HEAD` in the current directory, or `nil` when git or a repository is missing.
    public static func currentGitCommit() -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "rev-parse", "HEAD"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.isEmpty ? nil : text
    }
}
