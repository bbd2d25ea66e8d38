/// Eq. 5 role: splits the miner pool among miners from their epoch scores and bonuses.
///
/// Guarantees: one reward per miner, each ≥ 0 and finite; the rewards sum to `pool` (within 1e-9
/// relative) whenever there is at least one miner — all-zero scores give an equal split.
/// Playground input `{pool, scores: [..], bonuses: [..]}`; output `{rewards: [..]}`.
public protocol MinerEmissionFormula: ScoringFormula {
    func distribute(pool: Double, scores: [Double], bonuses: [Double]) -> [Double]
    /// The batch form of ``distribute(pool:scores:bonuses:)`` over one epoch's miners (in the order
    /// given, the ranked order in the simulator): one reward per slot of `rewards`.
    func distribute(pool: Double, scores: Span<Double>, bonuses: Span<Double>, into rewards: inout MutableSpan<Double>)
}

extension MinerEmissionFormula {
    public static var role: FormulaRole { .minerEmission }

    /// The batch built from the array method.
    public func distribute(pool: Double, scores: Span<Double>, bonuses: Span<Double>, into rewards: inout MutableSpan<Double>) {
        let result = distribute(pool: pool, scores: Batch.array(scores, 0..<scores.count),
                                bonuses: Batch.array(bonuses, 0..<bonuses.count))
        for i in 0..<min(result.count, rewards.count) { rewards[i] = result[i] }
        // A result of the wrong length leaves NaN in the missing slots, which the engine's checks reject.
        for i in min(result.count, rewards.count)..<rewards.count { rewards[i] = .nan }
    }

    public func evaluate(_ input: ConfigNode) throws -> ConfigNode {
        let r = try ConfigReader(input, path: "input")
        let pool = try r.double("pool", range: 0...Double.greatestFiniteMagnitude)
        let scores = try r.doubles("scores")
        let bonuses = try r.doubles("bonuses", default: Array(repeating: 0, count: scores.count))
        try r.finish()
        guard bonuses.count == scores.count else {
            throw ConfigError(.invalidValue, at: r.location(of: "bonuses"), path: "input.bonuses",
                              "'bonuses' must have one entry per score (\(scores.count)), found \(bonuses.count)")
        }
        return .map(["rewards": .list(distribute(pool: pool, scores: scores, bonuses: bonuses).map { .double($0) })])
    }
}
