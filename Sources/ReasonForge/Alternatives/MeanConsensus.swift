public import ScoringCore

/// An Eq. 12 alternative: the plain stake-weighted mean of every validator's score, nothing trimmed.
///
/// `C = Σ s_v·stake_v / Σ stake_v`; 0 for no validators or a total stake ≤ 0. The result is clamped
/// to [min score, max score] so rounding never puts it outside the scores it averages.
public struct MeanConsensus: ConsensusFormula {
    public static let descriptor = ComponentDescriptor(
        key: "consensus-mean", kind: .formula,
        summary: "Stake-weighted mean of all validator scores, without trimming",
        equation: "C = Σ s_v·stake_v / Σ stake_v",
        parameters: [])

    public init() {}
    public init(parameters: ParameterValues) throws {}

    public func consensus(scores: [Double], stakes: [Double]) -> Double {
        let n = min(scores.count, stakes.count)
        guard n > 0 else { return 0.0 }
        var total = 0.0
        for i in 0..<n { total += stakes[i] }
        guard total > 0 else { return 0.0 }
        var weighted = 0.0
        for i in 0..<n { weighted += scores[i] * (stakes[i] / total) }
        let lowest = scores[0..<n].min()!, highest = scores[0..<n].max()!
        return min(highest, max(lowest, weighted))
    }
}
