public import ScoringCore

/// A blend of two reward components: `final = weight_a · a(input) + weight_b · b(input)`, e.g. online
/// quality alone (`none`) against the reputation-weighted reward.
///
/// Shape: the reported `tierFactor` is 1 and `scoreFactor` is `final / base` (1 for a zero base), so
/// `final = base × tierFactor × scoreFactor` still holds. A miner is flagged `unknownTier` when
/// either component flagged it.
public struct BlendPolicy: WeightingPolicy {
    public static let key: ComponentKey = "blend"
    public static let descriptor = ComponentDescriptor(
        key: key, kind: .policy,
        summary: "Weighted sum of two weighting policies (e.g. online quality against reputation)",
        equation: "final = w_a · a(base, rep) + w_b · b(base, rep)",
        parameters: [
            .structured("a", default: .string("none"), shape: "policy key or {type: key, options: …}", "First component"),
            .structured("b", default: .string("tier-clamp"), shape: "policy key or {type: key, options: …}", "Second component"),
            .number("weight_a", default: 0.5, range: 0...1_000, "Weight of the first component"),
            .number("weight_b", default: 0.5, range: 0...1_000, "Weight of the second component"),
        ])

    public let a: any WeightingPolicy
    public let b: any WeightingPolicy
    public let weightA: Double
    public let weightB: Double

    public init(a: any WeightingPolicy, b: any WeightingPolicy, weightA: Double, weightB: Double) {
        self.a = a
        self.b = b
        self.weightA = weightA
        self.weightB = weightB
    }

    public init(parameters: ParameterValues) throws {
        self.init(a: try NestedComponent.make("a", kind: .policy, default: "none", in: parameters, as: (any WeightingPolicy).self),
                  b: try NestedComponent.make("b", kind: .policy, default: TierClampPolicy.key, in: parameters,
                                              as: (any WeightingPolicy).self),
                  weightA: try parameters.double("weight_a"), weightB: try parameters.double("weight_b"))
    }

    public func weigh(_ inputs: [WeightingInput]) throws -> WeightingResult {
        try validate(inputs)
        let ra = try a.weigh(inputs).entries, rb = try b.weigh(inputs).entries
        return WeightingResult(entries: inputs.indices.map { i in
            let input = inputs[i]
            let final = weightA * ra[i].finalReward + weightB * rb[i].finalReward
            return WeightedReward(miner: input.miner, baseReward: input.baseReward, reputation: input.reputation,
                                  tierFactor: 1, scoreFactor: input.baseReward > 0 ? final / input.baseReward : 1,
                                  finalReward: final, unknownTier: ra[i].unknownTier || rb[i].unknownTier)
        })
    }
}
