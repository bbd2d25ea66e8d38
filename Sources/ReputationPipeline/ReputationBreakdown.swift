public import ValidatorClient

/// Per-miner and per-pass detail of a reputation run, for reports: written as `breakdown.json`
/// beside `metrics.json`.
///
/// Every figure is a mean over the weighings that produced it (one weighing per validator and
/// pass), so a miner's line sums up what all validators did over the whole run. The factors are
/// averaged over the weighings in which the miner had a positive base reward (reputation is only
/// fetched for those; a zero reward stays zero whatever the factor). A weighing that fell back to
/// neutral reputation (first run with the service unreachable) applies the neutral factors, and
/// those weighings are part of the means.
public struct ReputationBreakdown: Sendable, Hashable, Codable {
    /// One miner over the run.
    public struct Miner: Sendable, Hashable, Codable {
        public var uid: Int
        public var hotkey: String
        /// The miner's tier in the run's snapshot.
        public var tier: String
        /// The miner's reputation score in the run's snapshot.
        public var repScore: Double
        /// Mean tier multiplier the policy applied (over weighings with a positive base reward).
        public var tierFactor: Double
        /// Mean score factor the policy applied (for `tier-clamp`, the clamped score; same weighings).
        public var scoreFactor: Double
        /// Mean of `tier factor × score factor`: what the base reward was multiplied by.
        public var multiplier: Double
        /// Mean base reward (before reputation).
        public var baseReward: Double
        /// Mean reward after reputation weighting.
        public var weightedReward: Double
        /// Mean share of the base rewards (the weight without reputation).
        public var unweightedShare: Double
        /// Mean share of the weighted rewards (the chain weight before u16 conversion).
        public var weightedShare: Double
        /// Weighings the means are taken over.
        public var weighings: Int

        enum CodingKeys: String, CodingKey {
            case uid, hotkey, tier
            case repScore = "rep_score"
            case tierFactor = "tier_factor"
            case scoreFactor = "score_factor"
            case multiplier
            case baseReward = "base_reward"
            case weightedReward = "weighted_reward"
            case unweightedShare = "unweighted_share"
            case weightedShare = "weighted_share"
            case weighings
        }
    }

    /// One pass: each tier's share of the weighted and unweighted weights, averaged over the
    /// pass's validators.
    public struct Pass: Sendable, Hashable, Codable {
        public var pass: Int
        /// Whether the service was stopped during this pass.
        public var serviceDown: Bool
        /// Weighings by reputation source in this pass (`service`, `cache`, `neutral-first-run`).
        public var sources: [String: Int]
        public var weighted: [String: Double]
        public var unweighted: [String: Double]

        enum CodingKeys: String, CodingKey {
            case pass
            case serviceDown = "service_down"
            case sources, weighted, unweighted
        }
    }

    /// Miners in uid order.
    public var miners: [Miner]
    /// Passes in order.
    public var passes: [Pass]
}

/// Collects ``ReputationBreakdown`` from the weighings of a run.
struct BreakdownAccumulator {
    private struct Sums {
        var tierFactor = 0.0, scoreFactor = 0.0, multiplier = 0.0
        var base = 0.0, weighted = 0.0, unweightedShare = 0.0, weightedShare = 0.0
        var count = 0
        /// Weighings with a positive base reward (the factors are averaged over these only).
        var rewarded = 0
    }

    private var sums: [Sums]
    private var passes: [ReputationBreakdown.Pass] = []
    private var current: (pass: Int, down: Bool, count: Int, sources: [String: Int], w: [String: Double], u: [String: Double])?

    init(miners: Int) { sums = Array(repeating: Sums(), count: miners) }

    /// Adds one weighing of pass `pass`; `tierOf` maps a hotkey to its snapshot tier.
    mutating func add(_ result: WeighingResult, pass: Int, serviceDown: Bool, tierOf: (String) -> String) {
        if current?.pass != pass { closePass(); current = (pass, serviceDown, 0, [:], [:], [:]) }
        current!.count += 1
        current!.sources[result.source.rawValue, default: 0] += 1
        for m in result.miners where sums.indices.contains(m.uid) {
            if m.baseReward > 0 {
                sums[m.uid].tierFactor += m.tierFactor
                sums[m.uid].scoreFactor += m.scoreFactor
                sums[m.uid].multiplier += m.tierFactor * m.scoreFactor
                sums[m.uid].rewarded += 1
            }
            sums[m.uid].base += m.baseReward
            sums[m.uid].weighted += m.finalReward
            sums[m.uid].unweightedShare += m.unweightedWeight
            sums[m.uid].weightedShare += m.weight
            sums[m.uid].count += 1
            let tier = tierOf(m.hotkey)
            current!.w[tier, default: 0] += m.weight
            current!.u[tier, default: 0] += m.unweightedWeight
        }
    }

    private mutating func closePass() {
        guard let c = current else { return }
        let n = Double(max(c.count, 1))
        passes.append(ReputationBreakdown.Pass(pass: c.pass, serviceDown: c.down, sources: c.sources,
                                               weighted: c.w.mapValues { $0 / n }, unweighted: c.u.mapValues { $0 / n }))
        current = nil
    }

    /// The breakdown; `hotkeys` in uid order, `tier` and `score` from the snapshot.
    mutating func finish(hotkeys: [String], tier: (String) -> String, score: (String) -> Double) -> ReputationBreakdown {
        closePass()
        let miners = hotkeys.enumerated().map { uid, hotkey in
            let s = sums[uid]
            let n = Double(max(s.count, 1)), r = Double(max(s.rewarded, 1))
            return ReputationBreakdown.Miner(
                uid: uid, hotkey: hotkey, tier: tier(hotkey), repScore: score(hotkey),
                tierFactor: s.tierFactor / r, scoreFactor: s.scoreFactor / r, multiplier: s.multiplier / r,
                baseReward: s.base / n, weightedReward: s.weighted / n,
                unweightedShare: s.unweightedShare / n, weightedShare: s.weightedShare / n, weighings: s.count)
        }
        return ReputationBreakdown(miners: miners, passes: passes)
    }
}
