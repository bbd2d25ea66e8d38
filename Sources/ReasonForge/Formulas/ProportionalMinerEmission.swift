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
        var weights = [Double](repeating: 0, count: scores.count)
        for i in scores.indices { weights[i] = scores[i] * (1.0 + (i < bonuses.count ? bonuses[i] : 0)) }
        return ProportionalSplit.split(pool: pool, weights: &weights)
    }
}

/// Shared arithmetic of Eq. 5 and Eq. 8: `(w_i / Σw) · pool`, equal split when `Σw ≤ 0`.
enum ProportionalSplit {
    static func split(pool: Double, weights: inout [Double]) -> [Double] {
        let n = weights.count
        guard n > 0 else { return [] }
        var total = 0.0
        for w in weights { total += w }
        if total.isInfinite, let largest = weights.max(), largest > 0 {
            for i in weights.indices { weights[i] /= largest }
            total = 0
            for w in weights { total += w }
        }
        guard total > 0 else { return [Double](repeating: pool / Double(n), count: n) }
        for i in weights.indices { weights[i] = (weights[i] / total) * pool }
        return weights
    }
}
