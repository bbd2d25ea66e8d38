import Foundation
import Testing
import Reputation
import ReputationPipeline
import ScoringCore
import ValidatorClient

private func registry() throws -> ScoringRegistry { try ScoringRegistry(modules: [ReputationModule()]) }

private func pipeline(_ yaml: String) throws -> ReputationPipeline {
    var reg = try registry()
    try reg.register(pipeline: ReputationPipeline.entry)
    let node = try ConfigLoader().parse(yaml: yaml, name: "test.yaml")
    let config = try ScoringConfig.load(node: node, path: "test.yaml", registry: reg)
    return try #require(config.pipeline as? ReputationPipeline)
}

private func temporaryDirectory() -> String { NSTemporaryDirectory() + "rep-pipeline-\(UUID().uuidString)" }

@Suite(.serialized)
struct ReputationPipelineTests {
    @Test func outageIsBridgedByCacheAndOutbox() async throws {
        let p = try pipeline("""
            pipeline: reputation
            name: t
            reputation:
              seed: 5
              miners: 12
              validators: 2
              passes: 5
              outage: {from_pass: 3, to_pass: 4}
              client: {retries: 0, backoff_initial_seconds: 0, backoff_max_seconds: 0}
            """)
        let out = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let result = try await p.execute(RunOptions(outputDirectory: out, quiet: true))
        let m = result.metrics
        #expect(m.outagePasses == 2)
        #expect(m.client.cacheHits == 4)          // 2 validators × 2 passes down
        #expect(m.client.neutralFallbacks == 0)   // never Neutral: the caches were warm
        #expect(m.client.outboxReplays == 4)      // each queued allocation re-sent once
        #expect(m.allocationsExpected == 10)
        #expect(m.allocationsStored == 10)        // nothing lost, nothing duplicated
        #expect(m.allocationsPending == 0)
        #expect(m.fetchSources == ["service": 6, "cache": 4])
        #expect(abs(m.tierShares.reduce(0) { $0 + $1.weighted } - 1) < 1e-9)
        #expect(abs(m.tierShares.reduce(0) { $0 + $1.unweighted } - 1) < 1e-9)
        for name in ["metrics.json", "weights.jsonl", "summary.txt", "snapshot.json", "validators.json"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + name))
        }
        let lines = try String(contentsOfFile: out + "/weights.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 10)
        #expect(m.values["tier_share.Diamond"] != nil)
    }

    @Test func outageFromTheFirstPassFallsBackToNeutralOnce() async throws {
        let p = try pipeline("""
            pipeline: reputation
            reputation:
              miners: 6
              validators: 1
              passes: 2
              outage: {from_pass: 1, to_pass: 1}
              client: {retries: 0, backoff_initial_seconds: 0, backoff_max_seconds: 0}
            """)
        let out = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let m = try await p.execute(RunOptions(outputDirectory: out, quiet: true)).metrics
        #expect(m.client.neutralFallbacks == 1)
        #expect(m.fetchSources["service"] == 1)
        #expect(m.allocationsStored == 2)
    }

    @Test func withoutReputationTheSharesAreUnchanged() async throws {
        let p = try pipeline("""
            pipeline: reputation
            reputation: {miners: 10, validators: 1, passes: 2, policy: none}
            """)
        let out = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let m = try await p.execute(RunOptions(outputDirectory: out, quiet: true)).metrics
        for s in m.tierShares { #expect(abs(s.weighted - s.unweighted) < 1e-12) }
    }

    @Test func runMetricsCarryEveryValue() async throws {
        let p = try pipeline("""
            pipeline: reputation
            reputation: {miners: 4, validators: 1, passes: 1}
            """)
        let out = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let r = try await p.run(RunOptions(outputDirectory: out, quiet: true))
        #expect(r.metrics["cache_hits"] == 0)
        #expect(r.metrics["allocations_stored"] == 1)
        #expect(r.metrics["tier_share.Neutral"] != nil)
    }

    @Test func sameConfigSameWeights() async throws {
        let yaml = """
            pipeline: reputation
            reputation:
              miners: 20
              validators: 2
              passes: 3
              chain: {max_weight_limit: 0.1}
            """
        let a = temporaryDirectory(), b = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: a); try? FileManager.default.removeItem(atPath: b) }
        _ = try await pipeline(yaml).execute(RunOptions(outputDirectory: a, quiet: true))
        _ = try await pipeline(yaml).execute(RunOptions(outputDirectory: b, quiet: true))
        let wa = try String(contentsOfFile: a + "/weights.jsonl", encoding: .utf8)
        let wb = try String(contentsOfFile: b + "/weights.jsonl", encoding: .utf8)
        #expect(wa == wb)
        struct Line: Decodable { var weights: [Double]; var values: [Int] }
        for line in wa.split(separator: "\n") {
            let l = try JSONDecoder().decode(Line.self, from: Data(line.utf8))
            #expect(l.weights.max()! <= 0.1 + 1e-9)
            #expect(abs(l.weights.reduce(0, +) - 1) < 1e-9)
            #expect(l.values.max() == 65535)
        }
    }

    @Test func configErrorsAreLocated() throws {
        let e = try #require(throws: ConfigError.self) {
            try pipeline("pipeline: reputation\nreputation: {miners: 4, polcy: none}\n")
        }
        #expect(e.suggestion == "policy")
        let e2 = try #require(throws: ConfigError.self) {
            try pipeline("pipeline: reputation\nreputation: {outage: {from_pass: 4, to_pass: 2}}\n")
        }
        #expect(e2.path == "reputation.outage")
    }

    @Test(arguments: ["miid-phase3", "log-score", "no-reputation"])
    func bundledConfigsLoad(name: String) throws {
        var reg = try registry()
        try reg.register(pipeline: ReputationPipeline.entry)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let config = try ScoringConfig.load(file: root.path + "/configs/reputation/\(name).yaml", registry: reg)
        let p = try #require(config.pipeline as? ReputationPipeline)
        #expect(p.settings.name == name)
        #expect(p.settings.policyKey == ["miid-phase3": "tier-clamp", "log-score": "log-score", "no-reputation": "none"][name])
    }
}
