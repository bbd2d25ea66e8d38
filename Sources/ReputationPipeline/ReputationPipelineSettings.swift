public import Reputation
public import ScoringCore
public import ValidatorClient

/// The `reputation:` section of a reputation config, read with ``ConfigReader``.
///
/// Keys, with defaults:
/// - `seed` (integer, 7): seeds miner and validator keys, the snapshot and the base rewards;
/// - `miners` (integer in [1, 5000], 48), `validators` (integer in [1, 64], 3), `passes` (integer in
///   [1, 10000], 12), `passes_per_cycle` (integer ≥ 1, 6): each pass every validator weighs once; a
///   cycle id (`C1`, `C2`, …) groups `passes_per_cycle` passes;
/// - `policy` (weighting policy slot, `tier-clamp`), `tier_assignment` (tier assignment slot, `miid-phase3`);
/// - `snapshot`: `score_min` (0.7), `score_max` (1.5), `version` (`2025-11-20T13:00:00Z`);
/// - `base_rewards`: `quality_min` (0.2), `quality_max` (1.0), `noise` (0.1), `zero_fraction` (0.05):
///   each miner has a fixed quality drawn from [quality_min, quality_max]; a validator's base reward
///   is that quality plus Gaussian noise, clamped to [0, 1], or 0 with probability `zero_fraction`;
/// - `chain`: `max_weight_limit` (number in (0, 1], optional): cap weights as the SDK's
///   `normalize_max_weight` before the u16 conversion; `mechanism`, `stakes`, `weight_setter`: see
///   ``ReputationChainSettings`` (each pass's weights through a chain mechanism);
/// - `outage`: `from_pass`, `to_pass` (integers, optional): the service is stopped for these passes
///   (inclusive) and restarted after, exercising the cache and the outbox;
/// - `client`: see ``ClientConfiguration`` (`server` and `state_directory` are replaced by the run's own);
/// - `cycles`, `store`, `engine`, `reviews`: the multi-cycle loop, see ``ReputationLoopSettings``;
/// - `emission` (emission split slot, `all-to-miners`): e.g. `burn-and-pools` with a burn UID and reserved pools.
public struct ReputationPipelineSettings: Sendable {
    public var name: String
    public var seed: Int
    public var miners: Int
    public var validators: Int
    public var passes: Int
    public var passesPerCycle: Int
    public var policyKey: String
    public var policy: any WeightingPolicy
    public var tierAssignment: TierAssignment
    public var snapshotScoreRange: ClosedRange<Double>
    public var snapshotVersion: String
    public var qualityRange: ClosedRange<Double>
    public var noise: Double
    public var zeroFraction: Double
    public var maxWeightLimit: Double?
    /// The chain the passes' weights go through (`chain.mechanism`); `nil` without one.
    public var chain: ReputationChainSettings?
    public var outage: ClosedRange<Int>?
    public var client: ClientConfiguration
    /// The multi-cycle loop, when `reputation.cycles` is set (see ``ReputationLoopSettings``).
    public var loop: ReputationLoopSettings?
    /// How the weights are split between the miners and reserved UIDs (`emission` slot, `all-to-miners`).
    public var emission: EmissionSplit = .allToMiners

    /// Reads `reputation:` from the root of a config (`expect:` is the core's, over ``ReputationMetrics/values``).
    public init(root: ConfigReader, registry: ScoringRegistry) throws(ConfigError) {
        name = try root.optionalString("name") ?? "reputation"
        let r = try root.section("reputation")
        seed = try r.int("seed", default: 7)
        miners = try r.int("miners", default: 48, range: 1...5000)
        validators = try r.int("validators", default: 3, range: 1...64)
        passes = try r.int("passes", default: 12, range: 1...10_000)
        passesPerCycle = try r.int("passes_per_cycle", default: 6, range: 1...10_000)
        policyKey = (try r.componentSelection("policy", default: TierClampPolicy.key)).key.rawValue
        policy = try r.component("policy", kind: .policy, default: TierClampPolicy.key, in: registry,
                                 as: (any WeightingPolicy).self)
        tierAssignment = try r.component("tier_assignment", kind: .tierAssignment, default: TierAssignment.miidPhase3Key,
                                         in: registry, as: TierAssignment.self)
        let s = try r.section("snapshot")
        let smin = try s.double("score_min", default: 0.7, range: 0...100)
        let smax = try s.double("score_max", default: 1.5, range: 0...100)
        guard smin <= smax else {
            throw ConfigError(.outOfRange, at: s.location(of: "score_max"), path: s.path(of: "score_max"),
                              "'\(s.path(of: "score_max"))' must not be below 'score_min'")
        }
        snapshotScoreRange = smin...smax
        snapshotVersion = try s.string("version", default: "2025-11-20T13:00:00Z")
        let b = try r.section("base_rewards")
        let qmin = try b.double("quality_min", default: 0.2, range: 0...1)
        let qmax = try b.double("quality_max", default: 1.0, range: 0...1)
        guard qmin <= qmax else {
            throw ConfigError(.outOfRange, at: b.location(of: "quality_max"), path: b.path(of: "quality_max"),
                              "'\(b.path(of: "quality_max"))' must not be below 'quality_min'")
        }
        qualityRange = qmin...qmax
        noise = try b.double("noise", default: 0.1, range: 0...1)
        zeroFraction = try b.double("zero_fraction", default: 0.05, range: 0...1)
        let c = try r.section("chain")
        maxWeightLimit = try c.optionalDouble("max_weight_limit", range: 1e-6...1)
        chain = try ReputationChainSettings.read(c, registry: registry)
        let o = try r.section("outage")
        let from = try o.optionalInt("from_pass", range: 1...10_000)
        let to = try o.optionalInt("to_pass", range: 1...10_000)
        switch (from, to) {
        case (nil, nil): outage = nil
        case (let f?, let t?) where f <= t: outage = f...t
        case (let f?, nil): outage = f...f
        default:
            throw ConfigError(.invalidValue, at: r.location(of: "outage"), path: r.path(of: "outage"),
                              "'\(r.path(of: "outage"))' needs from_pass ≤ to_pass")
        }
        client = try ClientConfiguration(reading: try r.section("client"))
        loop = try ReputationLoopSettings(reputation: r, miners: miners, registry: registry)
        emission = try r.component("emission", kind: .emissionSplit, default: EmissionSplit.allToMinersKey, in: registry,
                                   as: EmissionSplit.self)
        if let clash = emission.reservedUIDs.sorted().first(where: { $0 < miners }) {
            throw ConfigError(.invalidValue, at: r.location(of: "emission"), path: r.path(of: "emission"),
                              "the emission split reserves UID \(clash), but miners have UIDs 0…\(miners - 1): reserve UIDs ≥ \(miners)")
        }
    }
}
