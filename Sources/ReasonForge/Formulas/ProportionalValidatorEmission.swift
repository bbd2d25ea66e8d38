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
        var rewards = [Double](repeating: 0, count: accuracy.count)
        var span = rewards.mutableSpan
        distribute(pool: pool, accuracy: accuracy.span, stakes: stakes.span, reputations: reputations.span, into: &span)
        return rewards
    }

    /// The formula's body: the weights are written into `rewards`, then split in place.
    public func distribute(pool: Double, accuracy: Span<Double>, stakes: Span<Double>, reputations: Span<Double>,
                           into rewards: inout MutableSpan<Double>) {
        for i in 0..<rewards.count {
            let stake = i < stakes.count ? stakes[i] : 0
            let rep = i < reputations.count ? reputations[i] : 1
            rewards[i] = (accuracy[i] * stake) * rep
        }
        ProportionalSplit.split(pool: pool, weights: &rewards)
    }
}
