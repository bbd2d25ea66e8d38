import Foundation
import Reputation
import ReputationPipeline
import ReputationStore
import ScoringCore
import Testing

@Suite("pipeline: reputation with cycles", .serialized)
struct ReputationCyclesTests {
    func pipeline(_ yaml: String) throws -> ReputationPipeline {
        var reg = try ScoringRegistry(modules: [ReputationModule(), ReputationStoreModule()])
        try reg.register(pipeline: ReputationPipeline.entry)
        let config = try ScoringConfig.load(node: try ConfigLoader().parse(yaml: yaml, name: "cycles.yaml"), path: "cycles.yaml", registry: reg)
        return try #require(config.pipeline as? ReputationPipeline)
    }

    func yaml(store: String?) -> String {
        """
        pipeline: reputation
        name: cycles-test
        reputation:
          seed: 3
          miners: 24
          validators: 3
          cycles: 6
          client: {retries: 0, backoff_initial_seconds: 0, backoff_max_seconds: 0}
        \(store.map { "  store: \"\($0)\"" } ?? "")
          engine:
            updates: [review-delta, {type: got-rewarded-decay, options: {rate: 0.01}}, neutral-decay]
          reviews: {per_cycle: 48, reviewers: 2, accuracy: 1.0, noise: 0.05}
        """
    }

    func check(_ result: ReputationRunResult, out: String) throws {
        let c = try #require(result.cycles)
        #expect(c.cycles.count == 6)
        // Every cycle every validator posts once; each allocation is ingested once.
        #expect(c.allocationsIngested == 6 * 3)
        #expect(result.metrics.allocationsStored == 18)
        #expect(c.cycles.allSatisfy { $0.staleFetches == 0 })  // the service served each cycle's snapshot
        for cy in c.cycles {
            #expect(cy.populations.values.reduce(0, +) == 24)
            #expect(abs(cy.weightShare.values.reduce(0, +) - 1) < 1e-9)
            #expect(cy.historyRows > 0)
        }
        // Flows add up to the migrations.
        #expect(c.flows.values.flatMap(\.values).reduce(0, +) == c.cycles.reduce(0) { $0 + $1.migrations })
        // Accurate reviewers: reputation ranks miners by latent quality.
        #expect(c.cycles.last!.rankCorrelation > 0.5)
        #expect(result.runMetrics["allocations_ingested"] == 18)
        for name in ["cycles.json", "metrics.json", "snapshot.json", "summary.txt"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + name))
        }
    }

    @Test("SQLite: reviews → engine → snapshot → reload → weigh → post → ingest, 6 cycles")
    func sqliteLoop() async throws {
        let out = NSTemporaryDirectory() + "rep-cycles-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let result = try await pipeline(yaml(store: nil)).execute(RunOptions(outputDirectory: out, quiet: true))
        try check(result, out: out)
        #expect(FileManager.default.fileExists(atPath: out + "/reputation.sqlite"))
        // The same run again gives the same reputations (fresh store, same seed).
        let again = try await pipeline(yaml(store: nil)).execute(RunOptions(outputDirectory: out, quiet: true))
        #expect(again.cycles?.cycles.map(\.populations) == result.cycles?.cycles.map(\.populations))
    }

    @Test("an emission split: the reserved UIDs hold their share every cycle, the tiers the rest")
    func emissionSplit() async throws {
        let out = NSTemporaryDirectory() + "rep-cycles-split-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let text = yaml(store: nil) + """

              emission: {type: burn-and-pools, options: {burn_uid: 100, burn: 0.1, pools: [{name: treasury, uids: [101, 102], share: 0.15}]}}
            """
        let result = try await pipeline(text).execute(RunOptions(outputDirectory: out, quiet: true))
        let c = try #require(result.cycles)
        for cy in c.cycles {
            let tierTotal: Double = cy.weightShare.values.reduce(0, +)
            #expect(abs(cy.reservedShare - 0.25) < 1e-9)
            #expect(abs(tierTotal - 0.75) < 1e-9)
        }
        let reservedMetric: Double = result.runMetrics["reserved_share"] ?? 0
        #expect(abs(reservedMetric - 0.25) < 1e-9)
        // A reserved UID among the miners' (0…23) is refused when the config is read.
        #expect {
            _ = try pipeline(yaml(store: nil) + "\n  emission: {type: burn-and-pools, options: {burn_uid: 5, burn: 0.1}}")
        } throws: { "\($0)".contains("reserves UID 5") }
    }

    @Test("PostgreSQL: the same loop", .enabled(if: ProcessInfo.processInfo.environment["SCORING_TEST_POSTGRES_URL"]?.isEmpty == false))
    func postgresLoop() async throws {
        let url = ProcessInfo.processInfo.environment["SCORING_TEST_POSTGRES_URL"]!
        let out = NSTemporaryDirectory() + "rep-cycles-pg-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let result = try await pipeline(yaml(store: url)).execute(RunOptions(outputDirectory: out, quiet: true))
        try check(result, out: out)
        #expect(result.cycles?.store.hasPrefix("postgres://") == true)
    }
}
