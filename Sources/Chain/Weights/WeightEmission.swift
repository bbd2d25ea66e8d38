public import ScoringCore

/// A validator's float weights as the chain receives them: the SDK's ``WeightProcessing`` (minimum
/// allowed weights, `max_weight_limit`, quantile exclusion), then ``ChainWeights/convertForEmit(uids:weights:)``
/// (max-upscaled to u16, zeros dropped), then ``ChainWeightStorage/maxUpscale(_:)`` as `set_weights` stores them.
public struct WeightEmission: Sendable, Hashable {
    /// `min_allowed_weights`: fewer positive weights than this pad every UID (SDK rule).
    public var minAllowedWeights: Int
    /// `max_weight_limit` as a fraction (the chain's u16 / 65535).
    public var maxWeightLimit: Double
    /// `exclude_quantile` as u16.
    public var excludeQuantile: Int

    public init(minAllowedWeights: Int = 1, maxWeightLimit: Double = 1, excludeQuantile: Int = 0) {
        self.minAllowedWeights = minAllowedWeights
        self.maxWeightLimit = maxWeightLimit
        self.excludeQuantile = excludeQuantile
    }

    /// The stored row for `weights` (one per column `columns[k]`, over a subnet whose weighted UIDs
    /// are `columns`); empty when every weight is zero and processing leaves nothing.
    /// - Throws: ``ChainWeights/ConversionError`` for non-finite or negative weights.
    public func row(_ weights: [Double], columns: [Int]) throws(ChainWeights.ConversionError) -> [SparseMatrix<UInt16>.Entry] {
        guard weights.contains(where: { $0 > 0 }) else { return [] }
        let local = Array(0..<weights.count)
        let processed = try WeightProcessing.process(uids: local, weights: weights, neuronCount: weights.count,
                                                     minAllowedWeights: minAllowedWeights, maxWeightLimit: maxWeightLimit,
                                                     excludeQuantile: excludeQuantile)
        let (uids, values) = try ChainWeights.convertForEmit(uids: processed.uids, weights: processed.weights)
        let stored = ChainWeightStorage.maxUpscale(values.map { UInt16($0) })
        var entries = zip(uids, stored).map { SparseMatrix<UInt16>.Entry(column: columns[$0.0], value: $0.1) }
        entries.sort { $0.column < $1.column }
        return entries
    }
}
