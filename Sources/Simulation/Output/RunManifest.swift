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

    /// The current time as ISO 8601 UTC with milliseconds (`2026-12-01T22:30:41.123Z`).
    public static func now() -> String { timestamp(Date()) }

    /// `date` as ISO 8601 UTC with milliseconds, the text `ISO8601DateFormatter` writes with
    /// `[.withInternetDateTime, .withFractionalSeconds]`, without making a formatter (JSONL writes
    /// one per epoch).
    static func timestamp(_ date: Date) -> String {
        // The formatter rounds to the nearest millisecond (…01.9996 is …02.000).
        let totalMillis = Int((date.timeIntervalSince1970 * 1000).rounded())
        let seconds = totalMillis >= 0 ? totalMillis / 1000 : (totalMillis - 999) / 1000
        let millis = totalMillis - seconds * 1000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Civil date from days since 1970-01-01 (proleptic Gregorian).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        func digits(_ v: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            var v = v
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(v / divisor))
                v %= divisor
                divisor /= 10
            }
        }
        digits(year, 4); bytes.append(UInt8(ascii: "-")); digits(month, 2); bytes.append(UInt8(ascii: "-")); digits(day, 2)
        bytes.append(UInt8(ascii: "T"))
        digits(secondOfDay / 3600, 2); bytes.append(UInt8(ascii: ":")); digits(secondOfDay / 60 % 60, 2)
        bytes.append(UInt8(ascii: ":")); digits(secondOfDay % 60, 2)
        bytes.append(UInt8(ascii: ".")); digits(millis, 3); bytes.append(UInt8(ascii: "Z"))
        return String(decoding: bytes, as: UTF8.self)
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
