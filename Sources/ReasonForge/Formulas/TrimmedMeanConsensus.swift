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
        return Batch.evaluateOne(0.0) { out in
            consensusScores(scores: scores.span.extracting(0..<n), stakes: stakes.span.extracting(0..<n), into: &out)
        }
    }

    /// The formula's body, one submission at a time (see ``consensus(scores:stakes:count:order:)``).
    ///
    /// - Complexity: O(k²) comparisons per submission of `k` validators for k ≤ 32 (insertion
    ///   sort, the usual case of a few validators), O(k log k) above.
    public func consensusScores(scores: Span<Double>, stakes: Span<Double>, into consensus: inout MutableSpan<Double>) {
        let count = consensus.count, k = count > 0 ? scores.count / count : 0
        for i in 0..<count where k == 0 { consensus[i] = 0.0 }  // no validators
        guard k > 0 else { return }
        scores.withUnsafeBufferPointer { s in
            stakes.withUnsafeBufferPointer { st in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: k) { order in
                    let scoreBase = s.baseAddress!, stakeBase = st.baseAddress!, orderBase = order.baseAddress!
                    for i in 0..<count {
                        consensus[i] = self.consensus(scores: scoreBase + i * k, stakes: stakeBase + i * k, count: k, order: orderBase)
                    }
                }
            }
        }
    }

    /// One submission's consensus from its `n` validators' scores and stakes.
    ///
    /// - Parameter order: scratch space with room for `n` indexes; its contents afterwards are unspecified.
    @inline(__always)
    func consensus(scores: UnsafePointer<Double>, stakes: UnsafePointer<Double>, count n: Int,
                   order: UnsafeMutablePointer<Int>) -> Double {
        var totalStake = 0.0
        for i in 0..<n { totalStake += stakes[i] }
        guard totalStake > 0 else { return 0.0 }
        if n == 3 && n < minValidators {
            // Three validators, nothing trimmed (the reference's case): the same sums in the same
            // sorted order as below, the sort done branch-free.
            return StakeWeighted.weightedMean3(scores[0], scores[1], scores[2],
                                               stakes[0] / totalStake, stakes[1] / totalStake, stakes[2] / totalStake)
        }
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

    /// The weighted mean of three (score, weight) pairs in ascending score order (ties keep their
    /// order): a stable sort by three compare-exchanges, then the weight total and the weighted sum
    /// from 0.0 in sorted order, or the plain mean when the weights sum to ≤ 0.
    @inline(__always)
    static func weightedMean3(_ s0: Double, _ s1: Double, _ s2: Double, _ w0: Double, _ w1: Double, _ w2: Double) -> Double {
        var s0 = s0, s1 = s1, s2 = s2, w0 = w0, w1 = w1, w2 = w2
        exchange(&s0, &w0, &s1, &w1)
        exchange(&s1, &w1, &s2, &w2)
        exchange(&s0, &w0, &s1, &w1)
        let totalWeight = ((0.0 + w0) + w1) + w2
        if totalWeight <= 0 { return (((0.0 + s0) + s1) + s2) / 3.0 }
        return (((0.0 + s0 * w0) + s1 * w1) + s2 * w2) / totalWeight
    }

    /// Orders two (score, weight) pairs by score, keeping their order when the scores are equal.
    @inline(__always)
    static func exchange(_ a: inout Double, _ wa: inout Double, _ b: inout Double, _ wb: inout Double) {
        let swap = a > b
        let lo = swap ? b : a, hi = swap ? a : b
        let wlo = swap ? wb : wa, whi = swap ? wa : wb
        a = lo; b = hi; wa = wlo; wb = whi
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
