/// The Bittensor SDK's `process_weights_for_netuid` / `process_weights` (bittensor/utils/weight_utils.py):
/// what a validator does to its float weights before ``ChainWeights/convertForEmit(uids:weights:)``.
///
/// The SDK computes in float32 (numpy or torch); this is the same procedure in Double.
public enum WeightProcessing {
    /// Processed weights: the UIDs kept and their weights (summing to 1, none above the limit).
    public struct Result: Sendable, Hashable {
        public var uids: [Int]
        public var weights: [Double]
        public init(uids: [Int], weights: [Double]) {
            self.uids = uids
            self.weights = weights
        }
    }

    /// `process_weights`:
    /// - no positive weight, or fewer neurons than `minAllowedWeights`: uniform over all `neuronCount` UIDs;
    /// - fewer positive weights than `minAllowedWeights`: every UID gets 1e-5 plus its weight, then
    ///   `normalize_max_weight(limit: maxWeightLimit)` over all UIDs;
    /// - otherwise the positive weights below the `exclude_quantile` quantile (u16 fraction, capped so
    ///   at least `minAllowedWeights` stay; numpy's linear quantile) are dropped and the rest go through
    ///   `normalize_max_weight`.
    ///
    /// - Parameters:
    ///   - uids: UID of each weight (`weights[k]` belongs to `uids[k]`); UIDs index `0..<neuronCount`.
    ///   - maxWeightLimit: `max_weight_limit` as a float fraction (the chain's u16 / 65535).
    public static func process(uids: [Int], weights: [Double], neuronCount: Int, minAllowedWeights: Int,
                               maxWeightLimit: Double, excludeQuantile: Int = 0) throws(ChainWeights.ConversionError) -> Result {
        guard uids.count == weights.count else {
            throw ChainWeights.ConversionError("uids and weights must have the same length, got \(uids.count) and \(weights.count)")
        }
        if let w = weights.first(where: { !$0.isFinite }) { throw ChainWeights.ConversionError("weight \(w) is not finite") }
        let quantile = Double(excludeQuantile) / 65535
        let nonZero = weights.indices.filter { weights[$0] > 0 }
        if nonZero.isEmpty || neuronCount < minAllowedWeights {
            return Result(uids: Array(0..<neuronCount),
                          weights: Array(repeating: 1 / Double(neuronCount), count: neuronCount))
        }
        if nonZero.count < minAllowedWeights {
            var padded = [Double](repeating: 1e-5, count: neuronCount)
            for k in nonZero where uids[k] >= 0 && uids[k] < neuronCount { padded[uids[k]] += weights[k] }
            return Result(uids: Array(0..<neuronCount), weights: ChainWeights.normalizeMaxWeight(padded, limit: maxWeightLimit))
        }
        let values = nonZero.map { weights[$0] }
        let maxExclude = Double(max(0, values.count - minAllowedWeights)) / Double(values.count)
        let lowest = linearQuantile(values, min(quantile, maxExclude))
        let kept = nonZero.filter { lowest <= weights[$0] }
        return Result(uids: kept.map { uids[$0] },
                      weights: ChainWeights.normalizeMaxWeight(kept.map { weights[$0] }, limit: maxWeightLimit))
    }

    /// numpy's default (`linear`) quantile of `values` at `q` ∈ [0, 1].
    public static func linearQuantile(_ values: [Double], _ q: Double) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return .nan }
        let position = q * Double(sorted.count - 1)
        let lo = Int(position.rounded(.down))
        let hi = min(lo + 1, sorted.count - 1)
        let fraction = position - Double(lo)
        return sorted[lo] + (sorted[hi] - sorted[lo]) * fraction
    }
}
