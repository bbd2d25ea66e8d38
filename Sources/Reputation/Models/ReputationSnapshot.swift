public import Foundation

/// A reputation snapshot: the file the reputation engine publishes and the service serves.
///
/// ```json
/// {"version": "2025-11-20T13:00:00Z", "generated_at": "2025-11-20T13:00:00Z",
///  "miners": {"5Cnk…": {"rep_score": 1.23, "rep_tier": "Bronze"}}}
/// ```
/// Build one from bytes with ``decode(_:knownTiers:)``, which validates it whole: a snapshot that is
/// not a JSON object, lacks a non-empty `version`, has a `miners` member that is not an object, has a
/// score that is not a finite non-negative number or a tier outside `knownTiers` is rejected with a
/// ``SnapshotError`` naming the offending member. A half-written file fails to parse, so a service
/// that swaps snapshots only after `decode` succeeds never serves a partial one.
public struct ReputationSnapshot: Sendable, Hashable, Codable {
    /// The snapshot version (in practice the generation time, but any non-empty string).
    public var version: String
    /// When the snapshot was generated (ISO 8601), if the file says.
    public var generatedAt: String?
    /// Reputation by miner hotkey.
    public var miners: [String: SnapshotReputation]

    public init(version: String, generatedAt: String? = nil, miners: [String: SnapshotReputation] = [:]) {
        self.version = version
        self.generatedAt = generatedAt
        self.miners = miners
    }

    /// The reputation of `minerHotkey`, or ``SnapshotReputation/neutral`` when the snapshot does not list it.
    public func reputation(of minerHotkey: String) -> SnapshotReputation {
        miners[minerHotkey] ?? .neutral
    }

    /// `generatedAt` parsed as ISO 8601 (with or without fractional seconds), if present and parseable.
    public var generatedDate: Date? {
        generatedAt.flatMap(Timestamps.parseISO8601)
    }

    enum CodingKeys: String, CodingKey {
        case version
        case generatedAt = "generated_at"
        case miners
    }

    /// Decodes and validates a snapshot.
    ///
    /// - Parameters:
    ///   - data: The file's bytes.
    ///   - knownTiers: Tier names a miner may have (default: ``ReputationTier/standard``).
    ///   - requireSS58Keys: When true, every miner key must pass ``Identifiers/isPlausibleSS58(_:)``.
    /// - Throws: ``SnapshotError`` naming the first problem found.
    public static func decode(_ data: Data, knownTiers: Set<ReputationTier> = Set(ReputationTier.standard),
                              requireSS58Keys: Bool = true) throws(SnapshotError) -> ReputationSnapshot {
        if data.isEmpty { throw SnapshotError(path: "", "the snapshot file is empty") }
        let snapshot: ReputationSnapshot
        do {
            snapshot = try JSONDecoder().decode(ReputationSnapshot.self, from: data)
        } catch let error as DecodingError {
            throw SnapshotError(error)
        } catch {
            throw SnapshotError(path: "", "not valid JSON: \(error)")
        }
        try snapshot.validate(knownTiers: knownTiers, requireSS58Keys: requireSS58Keys)
        return snapshot
    }

    /// Checks the invariants ``decode(_:knownTiers:requireSS58Keys:)`` enforces on an in-memory value.
    public func validate(knownTiers: Set<ReputationTier> = Set(ReputationTier.standard),
                         requireSS58Keys: Bool = true) throws(SnapshotError) {
        if version.trimmingCharacters(in: .whitespaces).isEmpty {
            throw SnapshotError(path: "version", "'version' must be a non-empty string")
        }
        for key in miners.keys.sorted() {
            let entry = miners[key]!
            if requireSS58Keys && !Identifiers.isPlausibleSS58(key) {
                throw SnapshotError(path: "miners.\(key)", "miner key '\(key)' is not an SS58 address")
            }
            guard entry.repScore.isFinite, entry.repScore >= 0 else {
                throw SnapshotError(path: "miners.\(key).rep_score",
                                    "rep_score of '\(key)' must be a finite non-negative number, found \(entry.repScore)")
            }
            guard knownTiers.contains(entry.repTier) else {
                throw SnapshotError(path: "miners.\(key).rep_tier",
                                    "rep_tier '\(entry.repTier)' of '\(key)' is not one of \(knownTiers.sorted().map(\.rawValue))")
            }
        }
    }
}

/// Why a snapshot was rejected: the JSON path of the offending member and a sentence.
public struct SnapshotError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Dotted path of the offending member ("" for the document as a whole).
    public var path: String
    public var message: String

    public init(path: String, _ message: String) {
        self.path = path
        self.message = message
    }

    init(_ error: DecodingError) {
        let (path, message) = DecodingFailure.describe(error)
        self.init(path: path, message)
    }

    public var description: String { "invalid reputation snapshot: \(message)" }
}
