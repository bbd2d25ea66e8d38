/// Eq. 1 role: splits an epoch's emission between miners and validators.
///
/// Guarantees: both shares are ≥ 0 and `miners + validators == total` (within 1e-12 relative).
/// Playground input `{total}`; output `{miners, validators}`.
public protocol EmissionSplitFormula: ScoringFormula {
    func split(total: Double) -> EmissionShares
}

extension EmissionSplitFormula {
    public static var role: FormulaRole { .emissionSplit }
    public func evaluate(_ input: ConfigNode) throws -> ConfigNode {
        let r = try ConfigReader(input, path: "input")
        let total = try r.double("total", range: 0...Double.greatestFiniteMagnitude)
        try r.finish()
        let s = split(total: total)
        return .map(["miners": .double(s.miners), "validators": .double(s.validators)])
    }
}
