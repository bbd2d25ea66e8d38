import Chain
public import Reputation
public import ScoringCore

/// One miner's line of a weighing: the seed's allocation fields plus the factors and chain weights.
public struct WeighedMiner: Sendable, Hashable, Codable {
    public var uid: Int
    public var hotkey: String
    public var baseReward: Double
    public var repScore: Double
    public var repTier: String
    public var tierFactor: Double
    public var scoreFactor: Double
    public var finalReward: Double
    /// `finalReward − baseReward`.
    public var bonus: Double
    /// The tier was not in the policy's table and was weighted as neutral.
    public var unknownTier: Bool
    /// Share of the weighted rewards (sums to 1), as set on chain before u16 conversion.
    public var weight: Double
    /// The u16 value `set_weights` would send (0: dropped).
    public var weightU16: Int
    /// Share of the base rewards, for comparison.
    public var unweightedWeight: Double

    enum CodingKeys: String, CodingKey {
        case uid, hotkey
        case baseReward = "base_reward"
        case repScore = "rep_score"
        case repTier = "rep_tier"
        case tierFactor = "tier_factor"
        case scoreFactor = "score_factor"
        case finalReward = "final_reward"
        case bonus
        case unknownTier = "unknown_tier"
        case weight
        case weightU16 = "weight_u16"
        case unweightedWeight = "unweighted_weight"
    }
}

/// The result of weighing one set of base rewards.
public struct WeighingResult: Sendable, Hashable, Codable {
    public var miners: [WeighedMiner]
    public var repSnapshotVersion: String?
    /// Where the reputation came from.
    public var source: ReputationFetch.Source
    public var totalBase: Double
    public var totalFinal: Double
    public var totalBonus: Double { totalFinal - totalBase }
    /// Miners whose tier the policy's table did not know (weighted as neutral).
    public var unknownTierCount: Int
    /// What `set_weights` would send: uids and u16 values, zeros dropped.
    public var chainUIDs: [Int]
    public var chainValues: [Int]
    /// The reserved UIDs of the emission split (burn, pools) with their weights; empty for phase 3's split.
    public var reserved: [ReservedWeight] = []

    enum CodingKeys: String, CodingKey {
        case miners
        case repSnapshotVersion = "rep_snapshot_version"
        case source
        case totalBase = "total_base"
        case totalFinal = "total_final"
        case unknownTierCount = "unknown_tier_count"
        case chainUIDs = "chain_uids"
        case chainValues = "chain_values"
        case reserved
    }

    public init(miners: [WeighedMiner], repSnapshotVersion: String?, source: ReputationFetch.Source, totalBase: Double,
                totalFinal: Double, unknownTierCount: Int, chainUIDs: [Int], chainValues: [Int], reserved: [ReservedWeight] = []) {
        self.miners = miners
        self.repSnapshotVersion = repSnapshotVersion
        self.source = source
        self.totalBase = totalBase
        self.totalFinal = totalFinal
        self.unknownTierCount = unknownTierCount
        self.chainUIDs = chainUIDs
        self.chainValues = chainValues
        self.reserved = reserved
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        miners = try c.decode([WeighedMiner].self, forKey: .miners)
        repSnapshotVersion = try c.decodeIfPresent(String.self, forKey: .repSnapshotVersion)
        source = try c.decode(ReputationFetch.Source.self, forKey: .source)
        totalBase = try c.decode(Double.self, forKey: .totalBase)
        totalFinal = try c.decode(Double.self, forKey: .totalFinal)
        unknownTierCount = try c.decode(Int.self, forKey: .unknownTierCount)
        chainUIDs = try c.decode([Int].self, forKey: .chainUIDs)
        chainValues = try c.decode([Int].self, forKey: .chainValues)
        reserved = try c.decodeIfPresent([ReservedWeight].self, forKey: .reserved) ?? []
    }

    /// The weight share of the reserved UIDs (burn and pools together).
    public var reservedShare: Double { reserved.reduce(0) { $0 + $1.weight } }

    /// Each tier's share of the weighted and of the unweighted rewards.
    public func tierShares() -> [String: (weighted: Double, unweighted: Double)] {
        var out: [String: (weighted: Double, unweighted: Double)] = [:]
        for m in miners {
            let s = out[m.repTier] ?? (0, 0)
            out[m.repTier] = (s.weighted + m.weight, s.unweighted + m.unweightedWeight)
        }
        return out
    }

    /// The allocation to report to the service (seed §4.2).
    public func allocation(validator: String, cycleId: String?, stepId: String?, timestamp: String?) -> RewardAllocation {
        RewardAllocation(
            validatorHotkey: validator, repSnapshotVersion: repSnapshotVersion, cycleId: cycleId, stepId: stepId,
            timestamp: timestamp,
            miners: miners.map {
                RewardAllocationEntry(minerHotkey: $0.hotkey, uid: $0.uid, baseReward: $0.baseReward, repScore: $0.repScore,
                                      repTier: ReputationTier($0.repTier), reputationBonus: $0.bonus, totalReward: $0.finalReward)
            },
            signature: "")
    }
}

/// A reserved UID of an ``EmissionSplit`` with the weight it was set.
public struct ReservedWeight: Sendable, Hashable, Codable {
    public var uid: Int
    /// `burn` or the pool's name.
    public var label: String
    public var weight: Double
    public var weightU16: Int

    enum CodingKeys: String, CodingKey {
        case uid, label, weight
        case weightU16 = "weight_u16"
    }
}

/// Why an emission split cannot be applied to a weighing.
public struct EmissionSplitConflict: Error, Sendable, Hashable, CustomStringConvertible {
    public var uid: Int
    public var hotkey: String
    public var description: String {
        "miner '\(hotkey)' has UID \(uid), which the emission split reserves (burn or pool): reserved UIDs must not be miners"
    }
}

/// Applies a weighting policy to base rewards with fetched reputation and derives the chain weights.
public enum Weighing {
    /// - Parameters:
    ///   - maxWeightLimit: When set, weights are capped as the SDK's `normalize_max_weight` does.
    ///   - emission: The split between miners and reserved UIDs (burn, pools); the miners' weights then
    ///     sum to ``EmissionSplit/minerShare`` (without a weight cap).
    /// - Throws: ``WeightingError`` for inputs the policy refuses, ``ChainWeights/ConversionError``,
    ///   ``EmissionSplitConflict`` when a miner has a reserved UID.
    public static func weigh(_ rewards: [BaseReward], fetch: ReputationFetch, policy: any WeightingPolicy,
                             maxWeightLimit: Double? = nil, emission: EmissionSplit = .allToMiners) throws -> WeighingResult {
        let inputs = rewards.map {
            WeightingInput(miner: $0.hotkey, baseReward: $0.reward, reputation: fetch.reputation(of: $0.hotkey))
        }
        let weighted = try policy.weigh(inputs)
        let reservedUIDs = emission.reservedUIDs
        if !reservedUIDs.isEmpty, let clash = rewards.first(where: { reservedUIDs.contains($0.uid) }) {
            throw EmissionSplitConflict(uid: clash.uid, hotkey: clash.hotkey)
        }
        let reserves = emission.reservedAmounts(minerTotal: weighted.totalFinal)
        let chainAll = try ChainWeights.compute(zip(rewards, weighted.entries).map { ($0.uid, $0.hotkey, $1.finalReward) }
                                                    + reserves.map { ($0.uid, $0.label, $0.amount) },
                                                maxWeightLimit: maxWeightLimit)
        let chain = chainAll.prefix(rewards.count)
        let reserved = zip(reserves, chainAll.dropFirst(rewards.count)).map { r, c in
            ReservedWeight(uid: r.uid, label: r.label, weight: c.weight, weightU16: c.u16)
        }
        let totalBase = rewards.reduce(0) { $0 + $1.reward }
        let miners = zip(rewards, zip(weighted.entries, chain)).map { r, pair in
            let (w, c) = pair
            return WeighedMiner(uid: r.uid, hotkey: r.hotkey, baseReward: r.reward, repScore: w.reputation.score,
                                repTier: w.reputation.tier, tierFactor: w.tierFactor, scoreFactor: w.scoreFactor,
                                finalReward: w.finalReward, bonus: w.bonus, unknownTier: w.unknownTier,
                                weight: c.weight, weightU16: c.u16,
                                unweightedWeight: totalBase > 0 ? r.reward / totalBase : 0)
        }
        let emitted = chainAll.filter { $0.u16 > 0 }
        return WeighingResult(miners: miners, repSnapshotVersion: fetch.repSnapshotVersion, source: fetch.source,
                              totalBase: totalBase, totalFinal: weighted.totalFinal,
                              unknownTierCount: weighted.unknownTierCount,
                              chainUIDs: emitted.map(\.uid), chainValues: emitted.map(\.u16), reserved: reserved)
    }
}

/// The weights file `scoring weigh` and the pipeline write: float weights with the u16 values beside them.
public struct WeightsFile: Sendable, Hashable, Codable {
    public struct Miner: Sendable, Hashable, Codable {
        public var uid: Int
        public var hotkey: String
        public var weight: Double
        public var u16: Int
    }
    public var repSnapshotVersion: String?
    public var source: String
    public var miners: [Miner]
    /// `convert_weights_and_uids_for_emit` output: what `set_weights` sends.
    public var uids: [Int]
    public var values: [Int]

    enum CodingKeys: String, CodingKey {
        case repSnapshotVersion = "rep_snapshot_version"
        case source, miners, uids, values
    }

    public init(_ result: WeighingResult) {
        repSnapshotVersion = result.repSnapshotVersion
        source = result.source.rawValue
        miners = result.miners.map { Miner(uid: $0.uid, hotkey: $0.hotkey, weight: $0.weight, u16: $0.weightU16) }
        uids = result.chainUIDs
        values = result.chainValues
    }

    public func write(to path: String) throws { try JSONFile.write(self, to: path) }
}
