import Foundation
import DurableFiles
public import Reputation

/// Writes a reputation snapshot from the store's `miner_reputation` rows where the service watches it:
/// validated first, then written through ``DurableWriter`` (temporary file, fsync, rename, directory
/// fsync) — a reader sees the old file or the new one, never half of one.
public enum SnapshotPublisher {
    public static func snapshot(_ reputations: [String: StoredReputation], version: String) -> ReputationSnapshot {
        var miners: [String: SnapshotReputation] = [:]
        miners.reserveCapacity(reputations.count)
        for (k, r) in reputations {
            miners[k] = SnapshotReputation(repScore: r.score, repTier: ReputationTier(rawValue: r.tier))
        }
        return ReputationSnapshot(version: version, generatedAt: StoreClock.now(), miners: miners)
    }

    public static func write(_ reputations: [String: StoredReputation], version: String, to path: String,
                             knownTiers: [String]) throws {
        let s = snapshot(reputations, version: version)
        try s.validate(knownTiers: Set(knownTiers.map { ReputationTier(rawValue: $0) }))
        try DurableWriter().write(try encode(s), to: path)
    }

    /// The snapshot's bytes: `JSONEncoder` with `[.sortedKeys, .withoutEscapingSlashes]`, byte for byte.
    ///
    /// For 10,000 miners `JSONEncoder` spent about 100 ms of an engine pass. When every string is
    /// printable ASCII without `"` or `\` (SS58 keys, tier names, ISO versions: always, in practice),
    /// the bytes are written directly in the encoder's form: members sorted by their UTF-8 bytes (as the
    /// encoder sorts them), `generated_at` omitted when nil, doubles as Swift's shortest round-trip
    /// `description` without a trailing `.0` (`1`, `0.96`, `1e-05`). Anything else goes through
    /// `JSONEncoder` itself. `SnapshotBytesTests` compares the two on random snapshots.
    public static func encode(_ s: ReputationSnapshot) throws -> [UInt8] {
        if let direct = direct(s) { return direct }
        return Array(try foundationEncoding(s))
    }

    /// `JSONEncoder`'s bytes for the snapshot (the reference the direct encoding is tested against).
    static func foundationEncoding(_ s: ReputationSnapshot) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(s)
    }

    /// The direct encoding, or nil when a string would need escaping or a score is not finite.
    static func direct(_ s: ReputationSnapshot) -> [UInt8]? {
        func plain(_ text: String) -> Bool {
            text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
        }
        guard plain(s.version), s.generatedAt.map(plain) ?? true else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(s.miners.count * 100 + 128)
        func string(_ text: String) {
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: text.utf8)
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: "{"))
        if let generated = s.generatedAt {
            string("generated_at")
            out.append(UInt8(ascii: ":"))
            string(generated)
            out.append(UInt8(ascii: ","))
        }
        string("miners")
        out.append(contentsOf: ":{".utf8)
        // String order is UTF-8 byte order for the ASCII keys this path accepts (others return nil below).
        let keys = s.miners.keys.sorted()
        for (i, key) in keys.enumerated() {
            let r = s.miners[key]!
            guard plain(key), plain(r.repTier.rawValue), r.repScore.isFinite else { return nil }
            if i > 0 { out.append(UInt8(ascii: ",")) }
            string(key)
            out.append(contentsOf: ":{\"rep_score\":".utf8)
            var number = r.repScore.description
            if number.hasSuffix(".0") { number.removeLast(2) }
            out.append(contentsOf: number.utf8)
            out.append(contentsOf: ",\"rep_tier\":".utf8)
            string(r.repTier.rawValue)
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: "},".utf8)
        string("version")
        out.append(UInt8(ascii: ":"))
        string(s.version)
        out.append(UInt8(ascii: "}"))
        return out
    }
}
