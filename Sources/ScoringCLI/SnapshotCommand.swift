public import ArgumentParser
import Foundation
import Reputation
import ScoringCore
import ValidatorClient

/// `scoring snapshot generate`: writes a mock reputation snapshot (the seed's task 8).
public struct SnapshotCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "Reputation snapshots for the reputation service.",
        subcommands: [Generate.self])

    public init() {}

    /// `scoring snapshot generate (--miners N | --hotkeys FILE) --seed S --out PATH`.
    public struct Generate: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Write a mock snapshot: scores uniform in [score-min, score-max] (2 decimals), tiers by the MIID thresholds.",
            discussion: """
                With --miners N the miner hotkeys are N deterministic sr25519 keys derived from --seed \
                (valid SS58 addresses; the same seed gives the same keys). With --hotkeys FILE they are \
                read from the file (one SS58 address per line, or a JSON list). The file is written \
                atomically, so a service watching it never reads half a snapshot.
                """)

        @Option(parsing: .unconditional, help: "Generate this many miner hotkeys.") public var miners: Int?
        @Option(help: "Read miner hotkeys from this file instead.") public var hotkeys: String?
        @Option(parsing: .unconditional, help: "Random seed (scores and generated hotkeys).") public var seed: Int
        @Option(help: "Where to write the snapshot JSON.") public var out: String
        @Option(help: "Snapshot version (default: now, ISO 8601 UTC).") public var version: String?
        @Option(parsing: .unconditional, help: "Lowest score drawn.") public var scoreMin: Double = 0.7
        @Option(parsing: .unconditional, help: "Highest score drawn.") public var scoreMax: Double = 1.5
        @Flag(help: "No summary on standard output.") public var quiet = false

        public init() {}

        public func validate() throws {
            switch (miners, hotkeys) {
            case (nil, nil): throw ValidationError("give --miners N or --hotkeys FILE")
            case (.some, .some): throw ValidationError("give either --miners or --hotkeys, not both")
            case (.some(let n), nil) where n < 1 || n > 100_000: throw ValidationError("--miners must be in 1…100000, found \(n)")
            default: break
            }
            guard scoreMin.isFinite, scoreMax.isFinite, scoreMin >= 0, scoreMin <= scoreMax else {
                throw ValidationError("--score-min and --score-max must be finite with 0 ≤ min ≤ max")
            }
        }

        public func run() async throws {
            let keys: [String]
            if let hotkeys {
                do { keys = try SnapshotGenerator.readHotkeys(path: hotkeys) } catch {
                    throw ValidationError("\(error)")
                }
            } else {
                keys = SnapshotGenerator.minerHotkeys(count: miners ?? 0, seed: seed)
            }
            let snapshot = SnapshotGenerator.generate(miners: keys, seed: seed, version: version ?? SnapshotGenerator.versionNow(),
                                                      scoreRange: scoreMin...scoreMax)
            try SnapshotGenerator.write(snapshot, to: out)
            if !quiet {
                var counts: [String: Int] = [:]
                for m in snapshot.miners.values { counts[m.repTier.rawValue, default: 0] += 1 }
                print("wrote \(out): version \(snapshot.version), \(snapshot.miners.count) miners")
                for tier in TierAssignment.miidPhase3.tiers where counts[tier] != nil {
                    print("  \(tier.padding(toLength: 8, withPad: " ", startingAt: 0)) \(counts[tier]!)")
                }
            }
        }
    }
}
