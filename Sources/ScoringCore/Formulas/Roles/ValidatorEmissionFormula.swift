/// Eq. 8 role: splits the validator pool from accuracy, stake and reputation.
///
/// Guarantees: one reward per validator, each ≥ 0 and finite; the rewards sum to `pool` (within
/// 1e-9 relative) whenever there is at least one validator — all-zero weights give an equal split.
/// Playground input `{pool, accuracy: [..], stakes: [..], reputations: [..]}`; output `{rewards: [..]}`.
public protocol ValidatorEmissionFormula: ScoringFormula {
    func distribute(pool: Double, accuracy: [Double], stakes: [Double], reputations: [Double]) -> [Double]
    /// The batch form of ``distribute(pool:accuracy:stakes:reputations:)`` over one epoch's
    /// validators (roster order): one reward per slot of `rewards`.
    func distribute(pool: Double, accuracy: Span<Double>, stakes: Span<Double>, reputations: Span<Double>,
                    into rewards: inout MutableSpan<Double>)
}

extension ValidatorEmissionFormula {
    public static var role: FormulaRole { .validatorEmission }

    /// The batch built from the array method.
    public func distribute(pool: Double, accuracy: Span<Double>, stakes: Span<Double>, reputations: Span<Double>,
                           into rewards: inout MutableSpan<Double>) {
        let result = distribute(pool: pool, accuracy: Batch.array(accuracy, 0..<accuracy.count),
                                stakes: Batch.array(stakes, 0..<stakes.count),
                                reputations: Batch.array(reputations, 0..<reputations.count))
        for i in 0..<min(result.count, rewards.count) { rewards[i] = result[i] }
        // A result of the wrong length leaves NaN in the missing slots, which the engine's checks reject.
        for i in min(result.count, rewards.count)..<rewards.count { rewards[i] = .nan }
    }

    public func evaluate(_ input: ConfigNode) throws -> ConfigNode {
        let r = try ConfigReader(input, path: "input")
        let pool = try r.double("pool", range: 0...Double.greatestFiniteMagnitude)
        let accuracy = try r.doubles("accuracy")
        let stakes = try r.doubles("stakes")
        let reputations = try r.doubles("reputations", default: Array(repeating: 1, count: accuracy.count))
        try r.finish()
        guard stakes.count == accuracy.count, reputations.count == accuracy.count else {
            throw ConfigError(.invalidValue, at: input.location, path: "input",
                              "'accuracy', 'stakes' and 'reputations' must have the same length")
        }
        return .map(["rewards": .list(distribute(pool: pool, accuracy: accuracy, stakes: stakes, reputations: reputations).map { .double($0) })])
    }
}
