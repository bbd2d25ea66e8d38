public import Foundation
public import Reputation
public import ScoringCore
public import Signatures
import Sodium

/// Mock reputation snapshots and deterministic hotkeys, as the seed's `generate_mock_snapshot.py` (task 8).
///
/// Scores are drawn as the script does (`round(random.uniform(0.7, 1.5), 2)` from a Python-compatible
/// generator seeded with `seed`), and tiers come from a ``TierAssignment`` (the seed's `get_tier` by
/// default). Generated hotkeys are real sr25519 keys whose 32-byte seeds are derived from `seed`, so
/// their SS58 addresses are valid and the same seed always gives the same keys.
public enum SnapshotGenerator {
    /// A deterministic sr25519 key pair: the `index`-th key of `role` (`miner`, `validator`) under `seed`.
    public static func keypair(seed: Int, role: String, index: Int) -> Keypair {
        var rng = Xoshiro256(StreamSeed(seed: seed, component: "hotkey/\(role)").derived(index: index))
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for _ in 0..<4 {
            var v = rng.next()
            for _ in 0..<8 { bytes.append(UInt8(truncatingIfNeeded: v)); v >>= 8 }
        }
        return Keypair(seed: SecureBytes(taking: &bytes), cryptoType: .sr25519)
    }

    /// `count` deterministic miner hotkey addresses for `seed`.
    public static func minerHotkeys(count: Int, seed: Int) -> [String] {
        (0..<count).map { keypair(seed: seed, role: "miner", index: $0).address.string }
    }

    /// A snapshot of `miners` with scores in `scoreRange` (rounded to 2 decimals) and tiers from `assignment`.
    public static func generate(miners: [String], seed: Int, version: String, generatedAt: String? = nil,
                                assignment: TierAssignment = .miidPhase3,
                                scoreRange: ClosedRange<Double> = 0.7...1.5) -> ReputationSnapshot {
        var rng = PythonRandom(seed: seed)
        var entries: [String: SnapshotReputation] = [:]
        for hotkey in miners {
            let score = (rng.uniform(scoreRange.lowerBound, scoreRange.upperBound) * 100).rounded() / 100
            entries[hotkey] = SnapshotReputation(repScore: score, repTier: ReputationTier(assignment.tier(for: score)))
        }
        return ReputationSnapshot(version: version, generatedAt: generatedAt ?? version, miners: entries)
    }

    /// Reads hotkeys from a file: one per line (blank lines and `#` comments skipped), or a JSON list.
    ///
    /// - Throws: ``SnapshotGenerationError`` naming the line of an address that is not valid SS58.
    public static func readHotkeys(path: String) throws -> [String] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        var keys: [(String, Int)] = []
        if trimmed.hasPrefix("[") {
            let list = try JSONDecoder().decode([String].self, from: Data(trimmed.utf8))
            keys = list.enumerated().map { ($1, $0 + 1) }
        } else {
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let s = line.trimmingCharacters(in: .whitespaces)
                if s.isEmpty || s.hasPrefix("#") { continue }
                keys.append((s, i + 1))
            }
        }
        var seen = Set<String>()
        for (key, line) in keys {
            do {
                _ = try SS58Address(key)
            } catch {
                throw SnapshotGenerationError("\(path):\(line): '\(key)' is not a valid SS58 address (\(error))")
            }
            guard seen.insert(key).inserted else { throw SnapshotGenerationError("\(path):\(line): '\(key)' is listed twice") }
        }
        return keys.map(\.0)
    }

    /// Validates `snapshot` and writes it to `path` atomically (pretty JSON, sorted keys).
    public static func write(_ snapshot: ReputationSnapshot, to path: String, knownTiers: [String]? = nil) throws {
        try snapshot.validate(knownTiers: Set((knownTiers ?? ReputationTier.standard.map(\.rawValue)).map { ReputationTier(rawValue: $0) }))
        try JSONFile.write(snapshot, to: path)
    }

    /// The current time as the snapshot version format (`2025-11-20T13:00:00Z`).
    public static func versionNow() -> String { Timestamps.iso8601(Date()) }
}

/// Why a snapshot could not be generated.
public struct SnapshotGenerationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
