/// Chain weights: weighted rewards turned into what `set_weights` sends, the way the Bittensor SDK does it
/// (the validator side of the chain layer; ``WeightProcessing`` is `process_weights_for_netuid`).
///
/// The SDK's `convert_weights_and_uids_for_emit` refuses negative weights and uids, returns nothing
/// when the weights sum to zero, otherwise divides every weight by the largest (so the largest is 1),
/// multiplies by 65535, rounds half to even (Python's `round`) and drops the entries that round to 0.
/// ``normalizeMaxWeight(_:limit:)`` is the SDK's `normalize_max_weight` (sum to 1, no weight above `limit`),
/// which `process_weights_for_netuid` applies before the conversion.
public enum ChainWeights {
    /// The largest u16 weight value.
    public static let u16Max: Int = 65535

    /// One miner's weight as floats (summing to 1) and as the u16 value sent on chain.
    public struct Entry: Sendable, Hashable, Codable {
        public var uid: Int
        public var hotkey: String
        /// The weight normalised to sum 1 over all miners.
        public var weight: Double
        /// The max-upscaled u16 value (0 when the SDK would drop the miner).
        public var u16: Int

        public init(uid: Int, hotkey: String, weight: Double, u16: Int) {
            self.uid = uid
            self.hotkey = hotkey
            self.weight = weight
            self.u16 = u16
        }
    }

    /// Why weights cannot be emitted.
    public struct ConversionError: Error, Sendable, Hashable, CustomStringConvertible {
        public var message: String
        public init(_ message: String) { self.message = message }
        public var description: String { message }
    }

    /// `convert_weights_and_uids_for_emit`: uids and u16 values with zero values dropped.
    ///
    /// - Throws: ``ConversionError`` for negative or non-finite weights, negative uids, or lists of
    ///   different lengths.
    public static func convertForEmit(uids: [Int], weights: [Double]) throws(ConversionError) -> (uids: [Int], values: [Int]) {
        guard uids.count == weights.count else {
            throw ConversionError("uids and weights must have the same length, got \(uids.count) and \(weights.count)")
        }
        if let w = weights.first(where: { !$0.isFinite || $0 < 0 }) {
            throw ConversionError("weight \(w) cannot be set on chain (weights must be finite and non-negative)")
        }
        if let u = uids.first(where: { $0 < 0 }) { throw ConversionError("uid \(u) is negative") }
        let total = weights.reduce(0, +)
        guard total > 0, let maxWeight = weights.max() else { return ([], []) }
        var outUIDs: [Int] = []
        var outValues: [Int] = []
        for (uid, w) in zip(uids, weights) {
            let value = Int((w / maxWeight * Double(u16Max)).rounded(.toNearestOrEven))
            if value != 0 {
                outUIDs.append(uid)
                outValues.append(value)
            }
        }
        return (outUIDs, outValues)
    }

    /// `normalize_max_weight`: weights summing to 1 with none above `limit` (uniform when all are
    /// zero or when `count × limit ≤ 1`).
    public static func normalizeMaxWeight(_ x: [Double], limit: Double = 0.1) -> [Double] {
        let n = x.count
        guard n > 0 else { return [] }
        let epsilon = 1e-7
        let sum = x.reduce(0, +)
        if sum == 0 || Double(n) * limit <= 1 { return Array(repeating: 1 / Double(n), count: n) }
        let values = x.sorted()
        let estimation = values.map { $0 / sum }
        if estimation.max()! <= limit { return x.map { $0 / sum } }
        var cumsum: [Double] = []
        var running = 0.0
        for e in estimation { running += e; cumsum.append(running) }
        var nValues = 0
        for i in 0..<n {
            let estimationSum = Double(n - i - 1) * estimation[i]
            if estimation[i] / (estimationSum + cumsum[i] + epsilon) < limit { nValues += 1 }
        }
        let cutoffScale = (limit * cumsum[nValues > 0 ? nValues - 1 : n - 1] - epsilon) / (1 - limit * Double(n - nValues))
        let cutoff = cutoffScale * sum
        let capped = x.map { min($0, cutoff) }
        let cappedSum = capped.reduce(0, +)
        return capped.map { $0 / cappedSum }
    }

    /// Float weights (normalised to sum 1, optionally capped by `maxWeightLimit`) and their u16 values.
    ///
    /// - Parameters:
    ///   - rewards: `(uid, hotkey, weighted reward)` per miner.
    ///   - maxWeightLimit: When set, the SDK's `normalize_max_weight` with this limit replaces plain normalisation.
    public static func compute(_ rewards: [(uid: Int, hotkey: String, reward: Double)],
                               maxWeightLimit: Double? = nil) throws(ConversionError) -> [Entry] {
        let raw = rewards.map(\.reward)
        if let w = raw.first(where: { !$0.isFinite || $0 < 0 }) {
            throw ConversionError("reward \(w) cannot be turned into a weight (must be finite and non-negative)")
        }
        let total = raw.reduce(0, +)
        let floats: [Double]
        if let limit = maxWeightLimit {
            floats = normalizeMaxWeight(raw, limit: limit)
        } else {
            floats = total > 0 ? raw.map { $0 / total } : raw.map { _ in 0 }
        }
        let (uids, values) = try convertForEmit(uids: rewards.map(\.uid), weights: floats)
        var byUID: [Int: Int] = [:]
        for (u, v) in zip(uids, values) { byUID[u] = v }
        return rewards.enumerated().map { i, r in
            Entry(uid: r.uid, hotkey: r.hotkey, weight: floats[i], u16: byUID[r.uid] ?? 0)
        }
    }
}
