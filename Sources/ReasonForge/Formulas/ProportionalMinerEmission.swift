public import ScoringCore

/// Eq. 5: the miner pool split in proportion to `S(m)·(1 + PEB(m))`.
///
/// Weights and their total are summed in the order given (the simulator passes the ranked order,
/// as the reference does). A non-positive total splits the pool equally. If the total overflows,
/// the weights are first scaled by their maximum so the split stays finite and conserving.
public struct ProportionalMinerEmission: MinerEmissionFormula {
    public static let descriptor = ComponentDescriptor(
        key: "miner-emission-proportional", kind: .formula,
        summary: "Miner pool split in proportion to epoch score times (1 + excellence bonus)",
        equation: "R(m) = E_miner · S(m)(1+PEB(m)) / Σ_j S(j)(1+PEB(j)); equal split when the sum is 0",
        reference: "ReasonForge Eq. 5",
        parameters: [])

    public init() {}
    public init(parameters: ParameterValues) throws {}

    public func distribute(pool: Double, scores: [Double], bonuses: [Double]) -> [Double] {
        var rewards = [Double](repeating: 0, count: scores.count)
        var span = rewards.mutableSpan
        distribute(pool: pool, scores: scores.span, bonuses: bonuses.span, into: &span)
        return rewards
    }

    /// The formula's body: the weights are written into `rewards`, then split in place.
    public func distribute(pool: Double, scores: Span<Double>, bonuses: Span<Double>, into rewards: inout MutableSpan<Double>) {
        for i in 0..<rewards.count { rewards[i] = scores[i] * (1.0 + (i < bonuses.count ? bonuses[i] : 0)) }
        ProportionalSplit.split(pool: pool, weights: &rewards)
    }
}

/// Shared arithmetic of Eq. 5 and Eq. 8: `(w_i / Σw) · pool`, equal split when `Σw ≤ 0`.
enum ProportionalSplit {
    /// Replaces each weight with its share of `pool`.
    static func split(pool: Double, weights: inout MutableSpan<Double>) {
        let n = weights.count
        guard n > 0 else { return }
        var total = 0.0
        for i in 0..<n { total += weights[i] }
        if total.isInfinite {
            var largest = weights[0]
            for i in 1..<max(1, n) { largest = max(largest, weights[i]) }
            if largest > 0 {
                for i in 0..<n { weights[i] /= largest }
                total = 0
                for i in 0..<n { total += weights[i] }
            }
        }
        guard total > 0 else {
            for i in 0..<n { weights[i] = pool / Double(n) }
            return
        }
        for i in 0..<n { weights[i] = (weights[i] / total) * pool }
    }
}
