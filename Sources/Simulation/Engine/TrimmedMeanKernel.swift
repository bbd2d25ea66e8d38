/// An allocation-free copy of `consensus-trimmed-mean` with its default options, for the hot loop.
///
/// Same operations in the same order as the registered formula (stake total in input order,
/// weights `stake/total`, stable ascending sort by score, trimming `max(1, ⌊n·0.10⌋)` from each end
/// from 5 validators, weighted sum and weight total in sorted order), so the results are
/// identical bit for bit; `SimulationTests` checks that against the formula on random inputs.
/// Used only when the config selects that formula without options.
enum TrimmedMeanKernel {
    static let trimFraction = 0.10
    static let minValidators = 5

    /// - Parameter order: scratch space with room for `count` indexes.
    @inline(__always)
    static func consensus(scores: UnsafePointer<Double>, stakes: UnsafePointer<Double>, count n: Int,
                          order: UnsafeMutablePointer<Int>) -> Double {
        guard n > 0 else { return 0.0 }
        var totalStake = 0.0
        for i in 0..<n { totalStake += stakes[i] }
        guard totalStake > 0 else { return 0.0 }
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
        var lower = 0
        var upper = n
        if n >= minValidators {
            let trim = max(1, Int(Double(n) * trimFraction))
            lower = trim
            upper = n - trim
        }
        guard lower < upper else { return 0.0 }
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
