public import ScoringCore

/// The MIID phase 3 weighting (seed §3): tier multiplier × reputation score clamped to a range.
///
/// `final = base × T(tier) × clamp(rep_score, score_min, score_max)`, `bonus = final − base`. With the
/// defaults (table `miid-phase3`, range [0.8, 1.2]) this is the seed's `apply_reputation_weighting`
/// exactly. An unknown tier is weighted as the table's neutral tier and flagged.
///
/// Options:
/// - `table` (tier table key, selection or inline mapping; default `miid-phase3`);
/// - `score_min` (number ≥ 0, default 0.8) and `score_max` (number ≥ `score_min`, default 1.2).
public struct TierClampPolicy: WeightingPolicy {
    public static let key: ComponentKey = "tier-clamp"

    public static let descriptor = ComponentDescriptor(
        key: key, kind: .policy,
        summary: "Tier multiplier × reputation score clamped to [score_min, score_max]",
        equation: "final = base · T(tier) · clamp(rep_score, score_min, score_max); bonus = final − base",
        reference: "MIID phase 3 §3",
        parameters: [
            .structured("table", default: .string(TierTable.miidPhase3Key.rawValue),
                        shape: "tier table key, {type: key, options: …} or a mapping of tier → multiplier",
                        "The tier multipliers"),
            .number("score_min", default: 0.8, range: 0...1_000, "Lower bound of the score factor"),
            .number("score_max", default: 1.2, range: 0...1_000, "Upper bound of the score factor"),
        ])

    public let table: TierTable
    public let scoreRange: ClosedRange<Double>

    /// The seed's policy with an explicit table and range.
    public init(table: TierTable = .miidPhase3, scoreRange: ClosedRange<Double> = 0.8...1.2) {
        self.table = table
        self.scoreRange = scoreRange
    }

    public init(parameters: ParameterValues) throws {
        let table = try TierTable.resolve("table", in: parameters)
        let range = try ScoreRange.read(parameters)
        self.init(table: table, scoreRange: range)
    }

    public func weigh(_ inputs: [WeightingInput]) throws -> WeightingResult {
        try validate(inputs)
        return WeightingResult(entries: inputs.map { input in
            let score = min(max(input.reputation.score, scoreRange.lowerBound), scoreRange.upperBound)
            return TierFactor.weigh(input, table: table, scoreFactor: score)
        })
    }
}

/// Reading and applying the parts every tier-based policy shares.
enum ScoreRange {
    static func read(_ parameters: ParameterValues) throws -> ClosedRange<Double> {
        let lo = try parameters.double("score_min")
        let hi = try parameters.double("score_max")
        guard lo <= hi else {
            throw ConfigError(.outOfRange, at: parameters.values["score_max"]?.location ?? parameters.location,
                              path: parameters.path.isEmpty ? "score_max" : "\(parameters.path).options.score_max",
                              "'score_max' (\(hi)) must not be below 'score_min' (\(lo))")
        }
        return lo...hi
    }
}

enum TierFactor {
    /// Weighs one input with the tier multiplier from `table` and the given score factor.
    static func weigh(_ input: WeightingInput, table: TierTable, scoreFactor: Double) -> WeightedReward {
        let known = table.multiplier(for: input.reputation.tier)
        let tierFactor = known ?? table.neutralMultiplier
        return WeightedReward(miner: input.miner, baseReward: input.baseReward, reputation: input.reputation,
                              tierFactor: tierFactor, scoreFactor: scoreFactor,
                              finalReward: input.baseReward * tierFactor * scoreFactor,
                              unknownTier: known == nil)
    }
}
