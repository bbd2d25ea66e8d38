/// Eq. 5 role: splits the miner pool among miners from their epoch scores and bonuses.
///
/// Guarantees: one reward per miner, each ≥ 0 and finite; the rewards sum to `pool` (within 1e-9
/// relative) whenever there is at least one miner — all-zero scores give an equal split.
/// Playground input `{pool, scores: [..], bonuses: [..]}`; output `{rewards: [..]}`.
public protocol MinerEmissionFormula: ScoringFormula {
    func distribute(pool: Double, scores: [Double], bonuses: [Double]) -> [Double]
}

extension MinerEmissionFormula {
    public static var role: FormulaRole { .minerEmission }
    public func evaluate(_ input: ConfigNode) throws -> ConfigNode {
        let r = try ConfigReader(input, path: "input")
        let pool = try r.double("pool", range: 0...Double.greatestFiniteMagnitude)
        let scores = try r.doubles("scores")
        let bonuses = try r.doubles("bonuses", default: Array(repeating: 0, count: scores.count))
        try r.finish()
        guard bonuses.count == scores.count else {
            throw ConfigError(.invalidValue, at: r.location(of: "bonuses"), path: "input.bonuses",
                              "'bonuses' must have one entry per score (\(scores.count)), found \(bonuses.count)")
        }
        return .map(["rewards": .list(distribute(pool: pool, scores: scores, bonuses: bonuses).map { .double($0) })])
    }
}
