public import ScoringCore

/// Ignores reputation: every factor is 1 and the final reward is the base reward.
///
/// The baseline to compare reputation-weighted runs against. Inputs are still validated, so a
/// non-finite or negative base reward or score is refused as with every policy, and a tier the
/// `table` (default `miid-phase3`) does not list is flagged as unknown, as every policy does, so
/// runs stay comparable; its factor is 1 like every other tier's.
///
/// Options: `table` (tier table key, selection or inline mapping; default `miid-phase3`), only to know
/// which tiers exist.
public struct NoReputationPolicy: WeightingPolicy {
    public static let key: ComponentKey = "none"

    public static let descriptor = ComponentDescriptor(
        key: key, kind: .policy, summary: "No reputation weighting: final = base",
        equation: "final = base",
        parameters: [TierClampPolicy.descriptor.parameters[0]])

    public let table: TierTable

    public init(table: TierTable = .miidPhase3) { self.table = table }
    public init(parameters: ParameterValues) throws {
        self.init(table: try TierTable.resolve("table", in: parameters))
    }

    public func weigh(_ inputs: [WeightingInput]) throws -> WeightingResult {
        try validate(inputs)
        return WeightingResult(entries: inputs.map {
            WeightedReward(miner: $0.miner, baseReward: $0.baseReward, reputation: $0.reputation,
                           tierFactor: 1, scoreFactor: 1, finalReward: $0.baseReward,
                           unknownTier: table.multiplier(for: $0.reputation.tier) == nil)
        })
    }
}
