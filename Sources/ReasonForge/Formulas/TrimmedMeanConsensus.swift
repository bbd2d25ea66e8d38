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
        return scores.withUnsafeBufferPointer { s in
            stakes.withUnsafeBufferPointer { st in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: n) { order in
                    consensus(scores: s.baseAddress!, stakes: st.baseAddress!, count: n, order: order.baseAddress!)
                }
            }
        }
    }

    /// The same result as ``consensus(scores:stakes:)``, bit for bit, from raw buffers and without
    /// allocating: for a simulator's inner loop.
    ///
    /// - Parameters:
    ///   - scores: `count` validator scores.
    ///   - stakes: the `count` matching stakes.
    ///   - order: scratch space with room for `count` indexes; its contents afterwards are unspecified.
    /// - Complexity: O(n²) comparisons for n ≤ 32 (insertion sort, the usual case of a few
    ///   validators), O(n log n) above.
    public func consensus(scores: UnsafePointer<Double>, stakes: UnsafePointer<Double>, count n: Int,
                          order: UnsafeMutablePointer<Int>) -> Double {
        guard n > 0 else { return 0.0 }
        var totalStake = 0.0
        for i in 0..<n { totalStake += stakes[i] }
        guard totalStake > 0 else { return 0.0 }
        StakeWeighted.sortAscending(scores, count: n, into: order)
        var lower = 0
        var upper = n
        if n >= minValidators {
            let trim = max(1, Int(Double(n) * trimFraction))
            lower = trim
            upper = n - trim
            guard lower < upper else { return 0.0 }
            StakeWeighted.settleSplitTies(order, count: n, scores: scores, stakes: stakes, kept: lower..<upper)
        }
        var totalWeight = 0.0
        for j in lower..<upper { totalWeight += stakes[order[j]] / totalStake }
        if totalWeight <= 0 {
            var sum = 0.0
            for j in lower..<upper { sum += scores[order[j]] }
            return sum / Double(upper - lower)
        }
        var weighted = 0.0
        for j in lower..<upper {
            let i = order[j]
            weighted += scores[i] * (stakes[i] / totalStake)
        }
        return weighted / totalWeight
    }
}

/// Helpers shared by the stake-weighted consensus formulas.
enum StakeWeighted {
    /// Indexes of the first `count` scores sorted by score ascending, ties in input order (a stable sort).
    static func ascendingOrder(_ scores: [Double], count: Int) -> [Int] {
        var order = [Int](repeating: 0, count: count)
        scores.withUnsafeBufferPointer { s in
            order.withUnsafeMutableBufferPointer { o in sortAscending(s.baseAddress!, count: count, into: o.baseAddress!) }
        }
        return order
    }

    /// Writes `0..<count` into `order` sorted by score ascending, ties in input order.
    static func sortAscending(_ scores: UnsafePointer<Double>, count n: Int, into order: UnsafeMutablePointer<Int>) {
        if n <= 32 {
            for i in 0..<n {
                let s = scores[i]
                var j = i
                while j > 0 && scores[order[j - 1]] > s {
                    order[j] = order[j - 1]
                    j -= 1
                }
                order[j] = i
            }
        } else {
            var buffer = UnsafeMutableBufferPointer(start: order, count: n)
            for i in 0..<n { buffer[i] = i }
            buffer.sort { scores[$0] < scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        }
    }

    /// Where a boundary of `kept` (positions in `order`) splits a group of equal scores, rearranges
    /// that group so the positions inside `kept` hold its members with the largest stakes (ties by
    /// input order), in input order. Which of several equal scores is trimmed then does not depend
    /// on the order validators are listed in. Groups not split by a boundary are left untouched.
    static func settleSplitTies(_ order: UnsafeMutablePointer<Int>, count n: Int, scores: UnsafePointer<Double>,
                                stakes: UnsafePointer<Double>, kept: Range<Int>) {
        for side in 0..<2 {
            let boundary = side == 0 ? kept.lowerBound : kept.upperBound
            guard boundary > 0, boundary < n, scores[order[boundary - 1]] == scores[order[boundary]] else { continue }
            var start = boundary - 1
            while start > 0 && scores[order[start - 1]] == scores[order[start]] { start -= 1 }
            var end = boundary + 1
            while end < n && scores[order[end]] == scores[order[start]] { end += 1 }
            let from = max(start, kept.lowerBound), to = min(end, kept.upperBound)
            // Largest stakes first, then input order.
            insertionSort(order + start, count: end - start) { a, b in stakes[a] > stakes[b] || (stakes[a] == stakes[b] && a < b) }
            // Move the to − from largest to positions from..<to (rotate right by from − start).
            reverse(order + start, count: to - start)
            reverse(order + start, count: from - start)
            reverse(order + from, count: to - from)
            insertionSort(order + from, count: to - from, by: <)
        }
    }

    static func reverse(_ a: UnsafeMutablePointer<Int>, count n: Int) {
        var i = 0, j = n - 1
        while i < j {
            (a[i], a[j]) = (a[j], a[i])
            i += 1
            j -= 1
        }
    }

    static func insertionSort(_ a: UnsafeMutablePointer<Int>, count n: Int, by less: (Int, Int) -> Bool) {
        guard n > 1 else { return }
        for i in 1..<n {
            let x = a[i]
            var j = i
            while j > 0 && less(x, a[j - 1]) {
                a[j] = a[j - 1]
                j -= 1
            }
            a[j] = x
        }
    }
}
