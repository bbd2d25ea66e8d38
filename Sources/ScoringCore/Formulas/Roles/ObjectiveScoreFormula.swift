/// Eq. 11 role: the objective score of a submission from its domain's automated checks.
///
/// Guarantees: in [0, 1] for check results in [0, 1] and weights that sum to at most 1;
/// non-decreasing in each check. `checks` and `weights` are in the domain's check order;
/// a missing check (fewer results than weights) counts 0.
/// Playground input `{checks: [..], weights: [..]}`; output `{objective}`.
public protocol ObjectiveScoreFormula: ScoringFormula {
    func objectiveScore(checks: [Double], weights: [Double]) -> Double
}

extension ObjectiveScoreFormula {
    public static var role: FormulaRole { .objectiveScore }
    public func evaluate(_ input: ConfigNode) throws -> ConfigNode {
        let r = try ConfigReader(input, path: "input")
        let checks = try r.doubles("checks")
        let weights = try r.doubles("weights")
        try r.finish()
        return .map(["objective": .double(objectiveScore(checks: checks, weights: weights))])
    }
}
