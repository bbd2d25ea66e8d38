/// Eq. 1 role: splits an epoch's emission between miners and validators.
///
/// Guarantees: both shares are ≥ 0 and `miners + validators == total` (within 1e-12 relative).
/// Playground input `{total}`; output `{miners, validators}`.
public protocol EmissionSplitFormula: ScoringFormula {
    func split(total: Double) -> EmissionShares
    /// The batch form of ``split(total:)``: the two shares of each of `totals` (one per epoch).
    func splits(totals: Span<Double>, miners: inout MutableSpan<Double>, validators: inout MutableSpan<Double>)
}

extension EmissionSplitFormula {
    public static var role: FormulaRole { .emissionSplit }

    /// The batch built from the scalar method, one total at a time.
    public func splits(totals: Span<Double>, miners: inout MutableSpan<Double>, validators: inout MutableSpan<Double>) {
        for i in 0..<totals.count {
            let shares = split(total: totals[i])
            miners[i] = shares.miners
            validators[i] = shares.validators
        }
    }

    public func evaluate(_ input: ConfigNode) throws -> ConfigNode {
        let r = try ConfigReader(input, path: "input")
        let total = try r.double("total", range: 0...Double.greatestFiniteMagnitude)
        try r.finish()
        let s = split(total: total)
        return .map(["miners": .double(s.miners), "validators": .double(s.validators)])
    }
}
