public import ScoringCore

/// Ignores reputation: every factor is 1 and the final reward is the base reward.
///
/// The baseline to compare reputation-weighted runs against. Inputs are still validated, so a
/// non-finite or negative base reward or score is refused as with every policy. Tiers are not
/// looked up, so no tier counts as unknown.
public struct NoReputationPolicy: WeightingPolicy {
    public static let key: ComponentKey = "none"

    public static let descriptor = ComponentDescriptor(
        key: key, kind: .policy, summary: "No reputation weighting: final = base",
        equation: "final = base")

    public init() {}
    public init(parameters: ParameterValues) throws {}

    public func weigh(_ inputs: [WeightingInput]) throws -> WeightingResult {
        try validate(inputs)
        return WeightingResult(entries: inputs.map {
            WeightedReward(miner: $0.miner, baseReward: $0.baseReward, reputation: $0.reputation,
                           tierFactor: 1, scoreFactor: 1, finalReward: $0.baseReward)
        })
    }
}
