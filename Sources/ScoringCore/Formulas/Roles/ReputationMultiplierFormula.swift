/// Validator reputation multiplier role (used by Eq. 8): from a validator's VAS history.
///
/// Guarantees: finite and > 0 (the spec treats an empty history as mean VAS 1.0, giving 1.5); non-decreasing in
/// each history value. ``window`` is how many recent values count (30 in the spec).
/// Playground input `{history: [..]}`; output `{reputation}`.
public protocol ReputationMultiplierFormula: ScoringFormula {
    var window: Int { get }
    func multiplier(history: [Double]) -> Double
    /// The batch form of ``multiplier(history:)`` over one epoch's validators: `histories` holds
    /// their VAS histories epoch by epoch, oldest first (epoch `e`'s values of the
    /// `v = reputations.count` validators are `histories[e·v ..< e·v + v]`).
    func multipliers(histories: Span<Double>, into reputations: inout MutableSpan<Double>)
}

extension ReputationMultiplierFormula {
    public static var role: FormulaRole { .reputationMultiplier }

    /// The batch built from the scalar method, one validator at a time.
    public func multipliers(histories: Span<Double>, into reputations: inout MutableSpan<Double>) {
        let validators = reputations.count
        for v in 0..<validators { reputations[v] = multiplier(history: Batch.column(histories, v, of: validators)) }
    }

    public func evaluate(_ input: ConfigNode) throws -> ConfigNode {
        let r = try ConfigReader(input, path: "input")
        let history = try r.doubles("history", default: [])
        try r.finish()
        return .map(["reputation": .double(multiplier(history: history))])
    }
}
