public import ScoringCore

/// A tier table with any tiers × a score map component:
/// `final = base · T(tier) · score_map(rep_score)`. With the `miid-phase3` table and the `clamp` map
/// it is ``TierClampPolicy``.
public struct TierMapPolicy: WeightingPolicy {
    public static let key: ComponentKey = "tier-map"
    public static let descriptor = ComponentDescriptor(
        key: key, kind: .policy,
        summary: "Tier multiplier (any tier table) × a score map component (clamp, piecewise-linear, log10, …)",
        equation: "final = base · T(tier) · f(rep_score)",
        parameters: [
            .structured("table", default: .string(TierTable.miidPhase3Key.rawValue),
                        shape: "tier table key, {type: key, options: …} or a mapping of tier → multiplier",
                        "The tier multipliers (any tiers, e.g. Platinum above Diamond)"),
            .structured("score_map", default: .string("clamp"), shape: "score-map key or {type: key, options: …}",
                        "rep_score → score factor"),
        ])

    public let table: TierTable
    public let scoreMap: any ScoreMap

    public init(table: TierTable, scoreMap: any ScoreMap) {
        self.table = table
        self.scoreMap = scoreMap
    }

    public init(parameters: ParameterValues) throws {
        self.init(table: try TierTable.resolve("table", in: parameters),
                  scoreMap: try NestedComponent.make("score_map", kind: .scoreMap, default: "clamp", in: parameters,
                                                     as: (any ScoreMap).self))
    }

    public func weigh(_ inputs: [WeightingInput]) throws -> WeightingResult {
        try validate(inputs)
        return WeightingResult(entries: inputs.map { TierFactor.weigh($0, table: table, scoreFactor: scoreMap.factor($0.reputation.score)) })
    }
}
