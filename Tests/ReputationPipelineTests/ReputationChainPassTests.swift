import Chain
import Foundation
import Reputation
import ReputationPipeline
import ScoringCore
import Testing
import ValidatorClient

/// The reputation pipeline on chain (issue 16): every pass's weights through Yuma, with and
/// without reputation.
@Suite(.serialized)
struct ReputationChainPassTests {
    static func pipeline(_ yaml: String) throws -> ReputationPipeline {
        var reg = try ScoringRegistry(modules: [ReputationModule(), ChainModule()])
        try reg.register(pipeline: ReputationPipeline.entry)
        let node = try ConfigLoader().parse(yaml: yaml, name: "test.yaml")
        let config = try ScoringConfig.load(node: node, path: "test.yaml", registry: reg)
        return try #require(config.pipeline as? ReputationPipeline)
    }

    /// Incentive shares sum to 1 over tiers (and every pass's incentive sums to 1), an outage pass
    /// (validators on cached reputation) still runs the chain, and both shares are reported.
    @Test(arguments: ["float", "fixed"])
    func incentiveSharesSumToOneAndOutagePassesRunTheChain(_ arithmetic: String) async throws {
        let p = try Self.pipeline("""
            pipeline: reputation
            name: t
            reputation:
              seed: 5
              miners: 12
              validators: 2
              passes: 5
              outage: {from_pass: 3, to_pass: 4}
              chain: {mechanism: {type: yuma, options: {arithmetic: \(arithmetic), yuma3: true}}, weight_setter: miid-phase3}
              client: {retries: 0, backoff_initial_seconds: 0, backoff_max_seconds: 0}
            """)
        let out = NSTemporaryDirectory() + "rep-chain-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let m = try await p.execute(RunOptions(outputDirectory: out, quiet: true)).metrics
        #expect(m.outagePasses == 2)
        #expect(m.values["incentive_sums_to_one"] == 1)
        let shares = try #require(m.incentiveShares)
        #expect(abs(shares.reduce(0) { $0 + $1.weighted } - 1) < 1e-6)
        #expect(abs(shares.reduce(0) { $0 + $1.unweighted } - 1) < 1e-6)
        for s in m.tierShares {
            #expect(m.values["incentive_share.\(s.tier)"] != nil)
            #expect(m.values["tier_share.\(s.tier)"] != nil)
        }
    }

    /// Without `chain.mechanism` nothing changes: no incentive metrics.
    @Test func withoutAMechanismThereIsNoChainPass() async throws {
        let p = try Self.pipeline("pipeline: reputation\nname: t\nreputation: {seed: 5, miners: 6, validators: 1, passes: 2}\n")
        let out = NSTemporaryDirectory() + "rep-chain-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let m = try await p.execute(RunOptions(outputDirectory: out, quiet: true)).metrics
        #expect(m.incentiveShares == nil)
        #expect(!m.values.keys.contains { $0.hasPrefix("incentive") })
    }

    @Test func bundledOnChainConfigLoads() throws {
        var reg = try ScoringRegistry(modules: [ReputationModule(), ChainModule()])
        try reg.register(pipeline: ReputationPipeline.entry)
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let config = try ScoringConfig.load(file: root.path + "/configs/reputation/miid-phase3-on-chain.yaml", registry: reg)
        let p = try #require(config.pipeline as? ReputationPipeline)
        #expect(p.settings.chain?.mechanismKey == "yuma")
        #expect(p.settings.chain?.weightSetter is MIIDPhase3WeightSetter)
    }
}
