/// An allocation-free copy of `consensus-trimmed-mean` with its default options, for the hot loop.
///
/// Same operations in the same order as the registered formula (stake total in input order,
/// weights `stake/total`, stable ascending sort by score, trimming `max(1, ⌊n·0.10⌋)` from each end
/// from 5 validators — where a trim boundary splits a group of equal scores, the group's members
/// with the largest stakes are kept, in input order — weighted sum and weight total in kept
/// order), so the results are identical bit for bit; `SimulationTests` checks that against the
/// formula on random inputs with ties.
/// Used only when the config selects that formula without options.
enum TrimmedMeanKernel {
    static let trimFraction = 0.10
    static let minValidators = 5

    /// Orders two (score, weight) pairs by score, keeping their order when the scores are equal.
    @inline(__always)
    static func exchange(_ a: inout Double, _ wa: inout Double, _ b: inout Double, _ wb: inout Double) {
        let swap = a > b
        let lo = swap ? b : a, hi = swap ? a : b
        let wlo = swap ? wb : wa, whi = swap ? wa : wb
        a = lo; b = hi; wa = wlo; wb = whi
    }

    /// Validator counts up to which engines tabulate ``weights3(_:_:_:)`` for every ordered triple.
    static let tripleTableLimit = 24

    /// The three consensus weights `stake_i / Σ stake` (the sum from 0.0 in input order), as
    /// ``consensus(scores:stakes:count:order:)`` computes them; NaN when the total is not positive
    /// (where the kernel's consensus is 0).
    @inline(__always)
    static func weights3(_ s0: Double, _ s1: Double, _ s2: Double) -> (Double, Double, Double) {
        let total = ((0.0 + s0) + s1) + s2
        guard total > 0 else { return (.nan, .nan, .nan) }
        return (s0 / total, s1 / total, s2 / total)
    }

    /// ``consensus(scores:stakes:count:order:)`` for three validators from their precomputed
    /// ``weights3(_:_:_:)``: the same computation after the weights, so the same result bit for bit.
    @inline(__always)
    static func consensus3(scores: UnsafePointer<Double>, weights: UnsafePointer<Double>) -> Double {
        guard !weights[0].isNaN else { return 0.0 }
        return weightedMean3(scores[0], scores[1], scores[2], weights[0], weights[1], weights[2])
    }

    /// The reference's case (3 validators per submission), branch-free: a stable sort of the three
    /// (score, weight) pairs by adjacent compare-exchanges, then the weighted mean in sorted order.
    @inline(__always)
    private static func weightedMean3(_ s0: Double, _ s1: Double, _ s2: Double,
                                      _ w0: Double, _ w1: Double, _ w2: Double) -> Double {
        var s0 = s0, s1 = s1, s2 = s2, w0 = w0, w1 = w1, w2 = w2
        exchange(&s0, &w0, &s1, &w1)
        exchange(&s1, &w1, &s2, &w2)
        exchange(&s0, &w0, &s1, &w1)
        let totalWeight = ((0.0 + w0) + w1) + w2
        if totalWeight <= 0 { return (((0.0 + s0) + s1) + s2) / 3.0 }
        return (((0.0 + s0 * w0) + s1 * w1) + s2 * w2) / totalWeight
    }

    /// - Parameter order: scratch space with room for `2 · count` indexes.
    @inline(__always)
    static func consensus(scores: UnsafePointer<Double>, stakes: UnsafePointer<Double>, count n: Int,
                          order: UnsafeMutablePointer<Int>) -> Double {
        guard n > 0 else { return 0.0 }
        var totalStake = 0.0
        for i in 0..<n { totalStake += stakes[i] }
        guard totalStake > 0 else { return 0.0 }
        if n == 3 {
            return weightedMean3(scores[0], scores[1], scores[2],
                                 stakes[0] / totalStake, stakes[1] / totalStake, stakes[2] / totalStake)
        }
        // Stable insertion sort of indexes by score (n is small: the validators of one submission).
        for i in 0..<n {
            let s = scores[i]
            var j = i
            while j > 0 && scores[order[j - 1]] > s {
                order[j] = order[j - 1]
                j -= 1
            }
            order[j] = i
        }
        if n < minValidators {
            // No trimming: every index is kept, in sorted order. Same sums in the same order as
            // below, each weight computed once.
            var totalWeight = 0.0
            var weighted = 0.0
            for j in 0..<n {
                let i = order[j]
                let w = stakes[i] / totalStake
                totalWeight += w
                weighted += scores[i] * w
            }
            if totalWeight <= 0 {
                var sum = 0.0
                for j in 0..<n { sum += scores[order[j]] }
                return sum / Double(n)
            }
            return weighted / totalWeight
        }
        var lower = 0
        var upper = n
        if n >= minValidators {
            let trim = max(1, Int(Double(n) * trimFraction))
            lower = trim
            upper = n - trim
        }
        guard lower < upper else { return 0.0 }
        // The kept indexes go to order[n...]; a split tie group keeps its largest stakes.
        let kept = order + n
        var keptCount = 0
        var start = 0
        while start < n {
            var end = start + 1
            while end < n && scores[order[end]] == scores[order[start]] { end += 1 }
            let from = max(start, lower), to = min(end, upper)
            if from < to {
                if from == start && to == end {
                    for p in from..<to { kept[keptCount] = order[p]; keptCount += 1 }
                } else {
                    let c = to - from
                    // Group members are in ascending input order; keep those ranked < c by (stake desc, index asc).
                    for p in start..<end {
                        let x = order[p]
                        var rank = 0
                        for q in start..<end {
                            let y = order[q]
                            if stakes[y] > stakes[x] || (stakes[y] == stakes[x] && y < x) { rank += 1 }
                        }
                        if rank < c { kept[keptCount] = x; keptCount += 1 }
                    }
                }
            }
            start = end
        }
        var totalWeight = 0.0
        for j in 0..<keptCount { totalWeight += stakes[kept[j]] / totalStake }
        if totalWeight <= 0 {
            var sum = 0.0
            for j in 0..<keptCount { sum += scores[kept[j]] }
            return sum / Double(keptCount)
        }
        var weighted = 0.0
        for j in 0..<keptCount {
            let i = kept[j]
            weighted += scores[i] * (stakes[i] / totalStake)
        }
        return weighted / totalWeight
    }
}
