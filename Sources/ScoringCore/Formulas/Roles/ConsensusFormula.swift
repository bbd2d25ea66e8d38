/// Eq. 12 role: the validators' consensus on one submission from their scores and stakes.
///
/// Guarantees: within [min(scores), max(scores)] when there is a score and total stake is
/// positive; 0 for no validators or a non-positive total stake; invariant under permuting the
/// (score, stake) pairs; scaling every stake by the same positive factor does not change it.
/// Playground input `{scores: [..], stakes: [..]}`; output `{consensus}`.
public protocol ConsensusFormula: ScoringFormula {
    func consensus(scores: [Double], stakes: [Double]) -> Double
}

extension ConsensusFormula {
    public static var role: FormulaRole { .consensus }
    public func evaluate(_ input: ConfigNode) throws -> ConfigNode {
        let r = try ConfigReader(input, path: "input")
        let scores = try r.doubles("scores")
        let stakes = try r.doubles("stakes", default: Array(repeating: 1, count: scores.count))
        try r.finish()
        guard stakes.count == scores.count else {
            throw ConfigError(.invalidValue, at: r.location(of: "stakes"), path: "input.stakes",
                              "'stakes' must have one entry per score (\(scores.count)), found \(stakes.count)")
        }
        return .map(["consensus": .double(consensus(scores: scores, stakes: stakes))])
    }
}
