public import ScoringCore

/// Eq. 12: the stake-weighted mean of validator scores after trimming the extremes.
///
/// Steps, as in the reference: total stake (summed in input order); weight = stake/total; sort the
/// (score, weight) pairs by score (stable); with at least `min_validators` pairs drop
/// `max(1, ⌊n·trim_fraction⌋)` from each end; return `Σ s·w / Σ w` over the rest (summed in sorted
/// order), or their plain mean when `Σ w ≤ 0`. 0 for no validators or a total stake ≤ 0.
///
/// One deliberate difference: when a trim boundary falls inside a group of equal scores, the
/// reference drops whichever come first in input order, so the result depends on the order
/// validators are listed in (the role promises it does not). Here the tied validators with the
/// largest stakes are kept. Results are identical to the reference whenever no tie straddles a
/// trim boundary, in particular whenever nothing is trimmed.
///
/// Parameters: `trim_fraction` (number in [0, 0.49], default 0.10), `min_validators` (integer in
/// [3, 100000], default 5; at least 3 so trimming always leaves a score).
public struct TrimmedMeanConsensus: ConsensusFormula {
    public static let descriptor = ComponentDescriptor(
        key: "consensus-trimmed-mean", kind: .formula,
        summary: "Stake-weighted mean of validator scores, trimming the extremes when there are enough validators",
        equation: "C = Σ s_v·w_v / Σ w_v over scores sorted ascending, minus max(1, ⌊0.10·n⌋) at each end when n ≥ 5; w_v = stake_v/Σstake",
        reference: "ReasonForge Eq. 12",
        parameters: [
            .number("trim_fraction", default: 0.10, range: 0...0.49, "fraction of validators dropped at each end"),
            .integer("min_validators", default: 5, range: 3...100_000, "trimming applies from this many validators"),
        ])

    public let trimFraction: Double
    public let minValidators: Int

    public init(trimFraction: Double = 0.10, minValidators: Int = 5) {
        self.trimFraction = trimFraction
        self.minValidators = minValidators
    }

    public init(parameters: ParameterValues) throws {
        self.init(trimFraction: try parameters.double("trim_fraction"), minValidators: try parameters.int("min_validators"))
    }

    public func consensus(scores: [Double], stakes: [Double]) -> Double {
        let n = min(scores.count, stakes.count)
        guard n > 0 else { return 0.0 }
        var totalStake = 0.0
        for i in 0..<n { totalStake += stakes[i] }
        guard totalStake > 0 else { return 0.0 }
        let order = StakeWeighted.ascendingOrder(scores, count: n)
        var lower = 0
        var upper = n
        if n >= minValidators {
            let trim = max(1, Int(Double(n) * trimFraction))
            lower = trim
            upper = n - trim
        }
        guard lower < upper else { return 0.0 }
        let kept = lower == 0 && upper == n ? order : StakeWeighted.kept(order, scores: scores, stakes: stakes, range: lower..<upper)
        var totalWeight = 0.0
        for i in kept { totalWeight += stakes[i] / totalStake }
        if totalWeight <= 0 {
            var sum = 0.0
            for i in kept { sum += scores[i] }
            return sum / Double(kept.count)
        }
        var weighted = 0.0
        for i in kept { weighted += scores[i] * (stakes[i] / totalStake) }
        return weighted / totalWeight
    }
}

/// Helpers shared by the stake-weighted consensus formulas.
enum StakeWeighted {
    /// Indexes of the first `count` scores sorted by score ascending, ties in input order (a stable sort).
    static func ascendingOrder(_ scores: [Double], count: Int) -> [Int] {
        var order = Array(0..<count)
        order.sort { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        return order
    }

    /// The indexes at sorted positions `range` of `order`, except that where the range boundary
    /// splits a group of equal scores, the group's members with the largest stakes are the ones kept
    /// (ties by input order). Which of several equal scores is trimmed then does not depend on the
    /// order validators are listed in. Without such a split this is exactly `order[range]`.
    static func kept(_ order: [Int], scores: [Double], stakes: [Double], range: Range<Int>) -> [Int] {
        var kept: [Int] = []
        kept.reserveCapacity(range.count)
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && scores[order[end]] == scores[order[start]] { end += 1 }
            let from = max(start, range.lowerBound), to = min(end, range.upperBound)
            if from < to {
                if from == start && to == end {
                    kept.append(contentsOf: order[from..<to])
                } else {
                    let byStake = order[start..<end].sorted { stakes[$0] > stakes[$1] || (stakes[$0] == stakes[$1] && $0 < $1) }
                    kept.append(contentsOf: byStake.prefix(to - from).sorted())
                }
            }
            start = end
        }
        return kept
    }
}
