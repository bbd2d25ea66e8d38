public import ScoringCore

/// An Eq. 12 alternative: the stake-weighted median of validator scores.
///
/// Scores are sorted ascending (ties in input order) and the first score at which the cumulative
/// stake passes half the total is returned; when the cumulative stake lands exactly on half
/// (within 1e-12 relative), the midpoint of that score and the next score with positive stake.
/// 0 for no validators or a total stake ≤ 0. Unlike a trimmed mean, one validator holding more than
/// half the stake decides alone, and any minority is ignored however far off it is.
public struct MedianConsensus: ConsensusFormula {
    public static let descriptor = ComponentDescriptor(
        key: "consensus-median", kind: .formula,
        summary: "Stake-weighted median of validator scores",
        equation: "C = the score s_(j) where cumulative stake first exceeds Σstake/2 (midpoint on an exact tie)",
        parameters: [])

    public init() {}
    public init(parameters: ParameterValues) throws {}

    public func consensus(scores: [Double], stakes: [Double]) -> Double {
        let n = min(scores.count, stakes.count)
        return Batch.evaluateOne(0.0) { out in
            consensusScores(scores: scores.span.extracting(0..<n), stakes: stakes.span.extracting(0..<n), into: &out)
        }
    }

    /// The formula's body, one submission at a time, with one sort buffer for the whole batch.
    ///
    /// - Complexity: O(k²) comparisons per submission of `k` validators for k ≤ 32, O(k log k) above.
    public func consensusScores(scores: Span<Double>, stakes: Span<Double>, into consensus: inout MutableSpan<Double>) {
        StakeWeighted.eachSubmission(scores: scores, stakes: stakes, into: &consensus) { scores, stakes, k, order in
            median(scores: scores, stakes: stakes, count: k, order: order)
        }
    }

    /// One submission's median from its `n` validators' scores and stakes.
    ///
    /// - Parameter order: scratch space with room for `n` indexes; its contents afterwards are unspecified.
    @inline(__always)
    func median(scores: UnsafePointer<Double>, stakes: UnsafePointer<Double>, count n: Int,
                order: UnsafeMutablePointer<Int>) -> Double {
        var total = 0.0
        for i in 0..<n { total += max(0, stakes[i]) }
        guard total > 0 else { return 0.0 }
        StakeWeighted.sortAscending(scores, count: n, into: order)
        let half = total / 2
        let tolerance = total * 1e-12
        var cumulative = 0.0
        for j in 0..<n {
            let i = order[j]
            let stake = max(0, stakes[i])
            guard stake > 0 else { continue }
            cumulative += stake
            if cumulative > half + tolerance { return scores[i] }
            if cumulative >= half - tolerance {
                for next in (j + 1)..<n where stakes[order[next]] > 0 {
                    return (scores[i] + scores[order[next]]) / 2
                }
                return scores[i]
            }
        }
        return scores[order[n - 1]]
    }
}
