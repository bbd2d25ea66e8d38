/// Eq. 7 role: a validator's accuracy (VAS) from its scores and the consensus on the same submissions.
///
/// Guarantees: in [0, 1]; 1 when the validator scored nothing; 1 when every score equals consensus;
/// non-increasing in each absolute deviation.
/// Playground input `{scores: [..], consensus: [..]}`; output `{vas}`.
public protocol ValidatorAccuracyFormula: ScoringFormula {
    func accuracy(scores: [Double], consensus: [Double]) -> Double
}

extension ValidatorAccuracyFormula {
    public static var role: FormulaRole { .validatorAccuracy }
    public func evaluate(_ input: ConfigNode) throws -> ConfigNode {
        let r = try ConfigReader(input, path: "input")
        let scores = try r.doubles("scores")
        let consensus = try r.doubles("consensus")
        try r.finish()
        guard scores.count == consensus.count else {
            throw ConfigError(.invalidValue, at: r.location(of: "consensus"), path: "input.consensus",
                              "'consensus' must have one entry per score (\(scores.count)), found \(consensus.count)")
        }
        return .map(["vas": .double(accuracy(scores: scores, consensus: consensus))])
    }
}
