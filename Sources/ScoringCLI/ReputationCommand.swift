public import ArgumentParser
import Foundation
import Reputation
import ReputationStore
import ScoringCore

/// `scoring reputation ingest|cycle|reviews|status`: the reputation loop's store and engine (MIID V2 plan §2A, §2F).
public struct ReputationCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "reputation",
        abstract: "The reputation store and engine: ingest allocations, add reviews, run an engine pass.",
        discussion: """
            The store is `sqlite:PATH` (default sqlite:out/reputation.sqlite) or a postgres:// URL, from \
            --store, else `reputation.store` of --config, else the default. The engine's updates and tier \
            thresholds come from `reputation.engine` of --config (default: review-delta then \
            got-rewarded-decay, MIID mock-generator thresholds).
            """,
        subcommands: [Ingest.self, Cycle.self, Reviews.self, Status.self])

    public init() {}

    /// Where the store and the engine come from.
    public struct StoreOptions: ParsableArguments {
        @Option(help: "The store: sqlite:PATH or postgres://user:password@host:port/database.") public var store: String?
        @Option(help: "A config whose `reputation:` section gives the store and the engine.") public var config: String?
        @OptionGroup public var overrides: ConfigOptions
        public init() {}

        func settings() throws -> (ReputationEngineSettings, StoreLocation) {
            let registry = try BuiltInModules.registry()
            var node = ConfigNode(.map([]), location: .defaultValue)
            do {
                if let config { node = try ConfigLoader().load(file: config, overrides: overrides.overrides) }
                let root = try ConfigReader(node)
                let settings = try ReputationEngineSettings(reputation: try root.section("reputation"), registry: registry)
                let location = try store.map { try StoreLocation(parsing: $0) } ?? settings.store
                return (settings, location)
            } catch let error as ConfigError {
                printError(error.description)
                throw ExitCode(1)
            } catch let error as StoreError {
                throw ValidationError(error.message)
            }
        }
    }

    /// `scoring reputation ingest DIR`.
    public struct Ingest: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Import reward allocation files (rewards/<cycle>/<validator>/reward_*.json) into the store.",
            discussion: """
                Idempotent on (validator, cycle, step) and resumable: files are committed in batches with a ledger, \
                so a rerun skips what is in and continues where a stopped run left off. A malformed file is \
                skipped with a located error on standard error and left where it is.
                """)
        @Argument(help: "The directory to scan (any depth) for reward_*.json files.") public var directory: String
        @OptionGroup public var options: StoreOptions
        @Option(help: "Files per transaction.") public var batch: Int = 256
        @Flag(help: "No summary on standard output.") public var quiet = false
        public init() {}

        public func run() async throws {
            let (_, location) = try options.settings()
            let store = try await StoreOpener.open(location)
            let started = Date()
            let report = try await AllocationIngest(store: store, batchSize: batch).run(directory: directory)
            try await store.close()
            for f in report.failures { printError("skipped \(f)") }
            if !quiet {
                let seconds = Date().timeIntervalSince(started)
                print("""
                    ingest \(directory) → \(location): \(report.filesSeen) file(s), \(report.filesSkipped) already in, \
                    \(report.allocationsInserted) allocation(s) stored (\(report.entries) entries), \
                    \(report.allocationsDuplicate) duplicate(s), \(report.failures.count) malformed (kept) \
                    in \(String(format: "%.2f", seconds)) s
                    """)
            }
        }
    }

    /// `scoring reputation cycle --snapshot PATH`.
    public struct Cycle: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Run one reputation engine pass and write the new snapshot atomically.",
            discussion: """
                The pass reads the reviews and allocations not yet processed, runs the configured updates, and \
                commits history rows (each with its auto_source and reason), the new reputations and the \
                inputs marked processed in one transaction. A period (--period, default the current UTC hour) \
                is processed once; a run killed after its commit is finished (snapshot only) by the next run.
                """)
        @OptionGroup public var options: StoreOptions
        @Option(help: "Where the service reads the snapshot (written atomically; the service hot-reloads it).") public var snapshot: String?
        @Option(help: "The period this pass covers (default: the current UTC hour, e.g. 2026-12-01T22).") public var period: String?
        @Option(help: "Snapshot version (default: now, ISO 8601 UTC).") public var version: String?
        @Flag(help: "No summary on standard output.") public var quiet = false
        public init() {}

        public func run() async throws {
            let (settings, location) = try options.settings()
            let store = try await StoreOpener.open(location)
            let now = Timestamps.iso8601(Date())
            let passId = period ?? String(now.prefix(13))
            let outcome = try await settings.engine.run(store: store, passId: passId, snapshotPath: snapshot,
                                                        snapshotVersion: version ?? now)
            try await store.close()
            if !quiet {
                switch outcome {
                case .committed(let id, let rows, let changed):
                    print("pass \(id) (\(settings.engine.rule)): \(rows) history row(s), \(changed) miner(s) changed\(snapshot.map { "; snapshot \($0)" } ?? "")")
                case .finishedSnapshot(let id):
                    print("pass \(id) was committed by an earlier run that stopped before its snapshot: snapshot written, no new pass")
                case .alreadyDone(let id):
                    print("pass \(id) is already committed: nothing to do")
                }
            }
        }
    }

    /// `scoring reputation reviews FILE`.
    public struct Reviews: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Add reviews from a JSON Lines file: {\"miner_hotkey\", \"validation_score\" (0…1), \"reviewer\", \"comment\"?, \"reviewed_at\"?}.")
        @Argument(help: "The JSON Lines file.") public var file: String
        @OptionGroup public var options: StoreOptions
        public init() {}

        struct Line: Decodable {
            var minerHotkey: String
            var validationScore: Double
            var reviewer: String?
            var comment: String?
            var reviewedAt: String?
            enum CodingKeys: String, CodingKey {
                case minerHotkey = "miner_hotkey", validationScore = "validation_score", reviewer, comment
                case reviewedAt = "reviewed_at"
            }
        }

        public func run() async throws {
            let (_, location) = try options.settings()
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw ValidationError("cannot read \(file)")
            }
            var reviews: [ReviewRecord] = []
            let now = Timestamps.iso8601(Date())
            for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                let r: Line
                do { r = try JSONDecoder().decode(Line.self, from: Data(line.utf8)) } catch {
                    throw ValidationError("\(file):\(i + 1): not a review line: \(error)")
                }
                guard r.validationScore.isFinite, (0...1).contains(r.validationScore) else {
                    throw ValidationError("\(file):\(i + 1): validation_score must be in [0, 1], found \(r.validationScore)")
                }
                reviews.append(ReviewRecord(minerHotkey: r.minerHotkey, validationScore: r.validationScore,
                                            reviewer: r.reviewer ?? "unknown", comment: r.comment, reviewedAt: r.reviewedAt ?? now))
            }
            let store = try await StoreOpener.open(location)
            try await store.addReviews(reviews)
            try await store.close()
            print("added \(reviews.count) review(s) to \(location)")
        }
    }

    /// `scoring reputation status`.
    public struct Status: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(abstract: "Print the store's migrations and row counts.")
        @OptionGroup public var options: StoreOptions
        public init() {}

        public func run() async throws {
            let (_, location) = try options.settings()
            let store = try await StoreOpener.open(location)
            let migrations = try await store.appliedMigrations()
            let c = try await store.counts()
            let last = try await store.lastPass()
            try await store.close()
            print("store \(location)")
            print("  migrations: \(migrations.joined(separator: ", "))")
            print("  miners \(c.miners), reputations \(c.reputations), history \(c.history), reviews \(c.reviews) (\(c.unprocessedReviews) unprocessed)")
            print("  allocations \(c.allocations) (\(c.entries) entries), ingested files \(c.ingestedFiles), engine passes \(c.passes)")
            if let last { print("  last pass \(last.passId), snapshot \(last.snapshotVersion)\(last.snapshotWritten ? "" : " (not yet written)")") }
        }
    }
}
