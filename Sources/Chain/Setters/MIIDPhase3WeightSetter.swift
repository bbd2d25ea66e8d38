public import ScoringCore

/// `miid-phase3`: the MIID phase 3 weighting (seed §3), `w_j = base_j × T(tier_j) × clamp(rep_j,
/// score_min, score_max)` normalised, where `base_j` is the observed score, `T` the tier multiplier
/// and `rep_j` the miner's reputation score from the observation. Stateless: a miner not seen has base 0.
public struct MIIDPhase3WeightSetter: WeightSetter {
    public static let descriptor = ComponentDescriptor(
        key: "miid-phase3", kind: .weightSetting,
        summary: "MIID phase 3: base × tier multiplier × clamped reputation score, normalised",
        equation: "w_j = base_j · T(tier_j) · clamp(rep_j, score_min, score_max), normalised",
        reference: "MIID phase 3 §3 (apply_reputation_weighting)",
        parameters: [
            .number("score_min", default: 0.8, range: 0...1_000, "Lower bound of the score factor"),
            .number("score_max", default: 1.2, range: 0...1_000, "Upper bound of the score factor"),
        ])

    public var scoreRange: ClosedRange<Double>

    public init(scoreRange: ClosedRange<Double> = 0.8...1.2) { self.scoreRange = scoreRange }
    public init(parameters: ParameterValues) throws {
        let lo = try parameters.double("score_min"), hi = try parameters.double("score_max")
        guard lo <= hi else {
            throw ConfigError(.outOfRange, at: parameters.values["score_max"]?.location ?? parameters.location,
                              path: parameters.path.isEmpty ? "score_max" : "\(parameters.path).options.score_max",
                              "'score_max' (\(hi)) must not be below 'score_min' (\(lo))")
        }
        scoreRange = lo...hi
    }

    public func weights(_ observation: WeightObservation, memory: inout [Double]) -> [Double] {
        var raw = [Double](repeating: 0, count: observation.count)
        for j in 0..<observation.count where observation.observed[j] {
            let rep = min(max(observation.reputation[j], scoreRange.lowerBound), scoreRange.upperBound)
            raw[j] = max(0, observation.scores[j]) * max(0, observation.multipliers[j]) * rep
        }
        return WeightSetterMath.normalised(raw)
    }
}
