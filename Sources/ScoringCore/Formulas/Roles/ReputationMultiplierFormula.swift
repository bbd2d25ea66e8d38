/// Validator reputation multiplier role (used by Eq. 8): from a validator's VAS history.
///
/// Guarantees: finite and > 0 (the spec treats an empty history as mean VAS 1.0, giving 1.5); non-decreasing in
/// each history value. ``window`` is how many recent values count (30 in the spec).
/// Playground input `{history: [..]}`; output `{reputation}`.
public protocol ReputationMultiplierFormula: ScoringFormula {
    var window: Int { get }
    func multiplier(history: [Double]) -> Double
}

extension ReputationMultiplierFormula {
    public static var role: FormulaRole { .reputationMultiplier }
    public func evaluate(_ input: ConfigNode) throws -> ConfigNode {
        let r = try ConfigReader(input, path: "input")
        let history = try r.doubles("history", default: [])
        try r.finish()
        return .map(["reputation": .double(multiplier(history: history))])
    }
}
