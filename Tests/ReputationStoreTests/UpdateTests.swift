import Foundation
import Reputation
@testable import ReputationStore
import ScoringCore
import Testing

@Suite("Reputation updates and tier assignment")
struct UpdateTests {
    func input(reviews: [String: EngineInput.ReviewSummary] = [:], rewarded: [String: Int] = [:]) -> EngineInput {
        EngineInput(reputations: ["m": nil], reviews: reviews, rewardedAllocations: rewarded, reviewWatermark: 0, allocationWatermark: 0)
    }

    @Test("got_rewarded decay: 0.05 per rewarded allocation, floored at 0; proportional mode")
    func gotRewarded() {
        let absolute = GotRewardedDecayUpdate()
        #expect(abs(absolute.update(miner: "m", score: 1.2, input: input(rewarded: ["m": 3]))!.score - 1.05) < 1e-12)
        let floored = absolute.update(miner: "m", score: 0.08, input: input(rewarded: ["m": 2]))!
        #expect(floored.score == 0 && floored.reason.contains("floored at 0.0000"))
        #expect(absolute.update(miner: "m", score: 1, input: input()) == nil)
        let proportional = GotRewardedDecayUpdate(rate: 0.05, mode: .proportional)
        #expect(abs(proportional.update(miner: "m", score: 1.0, input: input(rewarded: ["m": 2]))!.score - 0.9025) < 1e-12)
    }

    @Test("review delta: gain × Σ(v − pivot), capped per pass, floored at 0")
    func reviewDelta() {
        let u = ReviewDeltaUpdate(gain: 0.1, pivot: 0.5, maxDelta: 0.2)
        #expect(abs(u.update(miner: "m", score: 1.0, input: input(reviews: ["m": .init(count: 2, scoreSum: 1.6)]))!.score - 1.06) < 1e-12)
        // 10 perfect reviews: raw +0.5, capped at +0.2.
        let capped = u.update(miner: "m", score: 1.0, input: input(reviews: ["m": .init(count: 10, scoreSum: 10)]))!
        #expect(abs(capped.score - 1.2) < 1e-12 && capped.reason.contains("capped"))
        #expect(u.update(miner: "m", score: 0.1, input: input(reviews: ["m": .init(count: 10, scoreSum: 0)]))!.score == 0)
    }

    @Test("neutral decay halves the distance to neutral every half-life")
    func neutralDecay() {
        let u = NeutralDecayUpdate(halfLife: 1, neutral: 1.0)
        #expect(abs(u.update(miner: "m", score: 1.4, input: input())!.score - 1.2) < 1e-12)
        #expect(abs(u.update(miner: "m", score: 0.6, input: input())!.score - 0.8) < 1e-12)
        #expect(u.update(miner: "m", score: 1.0, input: input()) == nil)
        let two = NeutralDecayUpdate(halfLife: 2)
        var s = 1.4
        for _ in 0..<2 { s = two.update(miner: "m", score: s, input: input())!.score }
        #expect(abs(s - 1.2) < 1e-12)
    }

    @Test("updates and a Platinum tier assignment are selected from YAML through the registry")
    func registryAndYAML() throws {
        let registry = try ScoringRegistry(modules: [ReputationModule(), ReputationStoreModule()])
        #expect(registry.keys(.reputationUpdate) == ["got-rewarded-decay", "neutral-decay", "review-delta"])
        let yaml = """
            reputation:
              store: "sqlite:/tmp/x.sqlite"
              engine:
                updates: [review-delta, {type: got-rewarded-decay, options: {rate: 0.02, mode: proportional}}, neutral-decay]
                tier_assignment: {type: thresholds, options: {tiers: {Platinum: 1.6, Diamond: 1.4, Neutral: 0.9}, fallback: Watch}}
            """
        let node = try ConfigLoader().parse(yaml: yaml, name: "t.yaml")
        let s = try ReputationEngineSettings(reputation: try ConfigReader(node).section("reputation"), registry: registry)
        #expect(s.store == .sqlite(path: "/tmp/x.sqlite"))
        #expect(s.engine.rule == "review-delta → got-rewarded-decay → neutral-decay")
        #expect((s.engine.updates[1] as? GotRewardedDecayUpdate)?.rate == 0.02)
        #expect(s.engine.assignment.tier(for: 1.7) == "Platinum" && s.engine.assignment.tier(for: 1.0) == "Neutral"
            && s.engine.assignment.tier(for: 0.5) == "Watch")
        // Defaults: the design's mock-generator thresholds, review-delta then got-rewarded-decay.
        let d = try ReputationEngineSettings(reputation: try ConfigReader(try ConfigLoader().parse(yaml: "a: 1", name: "d.yaml")).section("reputation"),
                                             registry: registry)
        #expect(d.engine.rule == "review-delta → got-rewarded-decay" && d.engine.assignment == .miidPhase3)
        #expect(d.store == .sqlite(path: "out/reputation.sqlite"))
        // A bad store URL and an ascending threshold list are config errors located in the file.
        let bad = try ConfigLoader().parse(yaml: "reputation:\n  store: mysql://x\n", name: "b.yaml")
        #expect(throws: ConfigError.self) { try ReputationEngineSettings(reputation: try ConfigReader(bad).section("reputation"), registry: registry) }
        let asc = try ConfigLoader().parse(yaml: "reputation:\n  engine:\n    tier_assignment: {type: thresholds, options: {tiers: {A: 1.0, B: 1.2}}}\n", name: "c.yaml")
        #expect(throws: ConfigError.self) { try ReputationEngineSettings(reputation: try ConfigReader(asc).section("reputation"), registry: registry) }
    }

    @Test("store locations parse sqlite paths and postgres URLs, and refuse anything else")
    func locations() throws {
        #expect(try StoreLocation(parsing: "sqlite:out/r.sqlite") == .sqlite(path: "out/r.sqlite"))
        #expect(try StoreLocation(parsing: "sqlite:///abs/r.sqlite") == .sqlite(path: "/abs/r.sqlite"))
        guard case .postgres(let a) = try StoreLocation(parsing: "postgres://u:p%40ss@127.0.0.1:5433/rep") else {
            Issue.record("not postgres"); return
        }
        #expect(a == .init(host: "127.0.0.1", port: 5433, username: "u", password: "p@ss", database: "rep"))
        #expect(throws: StoreError.self) { try StoreLocation(parsing: "mysql://x") }
        #expect(throws: StoreError.self) { try StoreLocation(parsing: "sqlite:") }
    }
}
