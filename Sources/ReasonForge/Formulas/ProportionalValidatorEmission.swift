public import ScoringCore

/// Eq. 8: the validator pool split in proportion to `VAS·stake·rep`.
///
/// Each weight is `(VAS · stake) · rep`; weights and total are summed in roster order. A
/// non-positive total splits the pool equally.
public struct ProportionalValidatorEmission: ValidatorEmissionFormula {
    public static let descriptor = ComponentDescriptor(
        key: "validator-emission", kind: .formula,
        summary: "Validator pool split in proportion to accuracy × stake × reputation",
        equation: "R_v = E_validator · VAS(v)·stake(v)·rep(v) / Σ_k VAS(k)·stake(k)·rep(k); equal split when 0",
        reference: "ReasonForge Eq. 8",
        parameters: [])

    public init() {}
    public init(parameters: ParameterValues) throws {}

    public func distribute(pool: Double, accuracy: [Double], stakes: [Double], reputations: [Double]) -> [Double] {
        var weights = [Double](repeating: 0, count: accuracy.count)
        for i in accuracy.indices {
            let stake = i < stakes.count ? stakes[i] : 0
            let rep = i < reputations.count ? reputations[i] : 1
            weights[i] = (accuracy[i] * stake) * rep
        }
        return ProportionalSplit.split(pool: pool, weights: &weights)
    }
}
