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
        var uids: [Int32] = [], values: [UInt16] = []
        try append(weights, columns: columns, toColumns: &uids, values: &values)
        return zip(uids, values).map { SparseMatrix<UInt16>.Entry(column: Int($0.0), value: $0.1) }
    }

    /// ``row(_:columns:)`` appended to compressed-row arrays (a matrix being built row by row):
    /// the row's columns, in increasing order, to `toColumns` and its u16 values to `values`.
    /// - Throws: ``ChainWeights/ConversionError`` for non-finite or negative weights; nothing is
    ///   appended then.
    public func append(_ weights: [Double], columns: [Int], toColumns out: inout [Int32],
                       values: inout [UInt16]) throws(ChainWeights.ConversionError) {
        // One pass for the three questions (any positive weight, how many, all finite).
        var positive = 0, allFinite = true
        for w in weights {
            if w > 0 { positive += 1 }
            if !w.isFinite { allFinite = false }
        }
        guard positive > 0 else { return }
        if excludeQuantile == 0, maxWeightLimit >= 1, positive >= minAllowedWeights, allFinite {
            Self.shortRow(weights, columns: columns, toColumns: &out, values: &values)
            return
        }
        let processed = try WeightProcessing.process(uids: Array(0..<weights.count), weights: weights, neuronCount: weights.count,
                                                     minAllowedWeights: minAllowedWeights, maxWeightLimit: maxWeightLimit,
                                                     excludeQuantile: excludeQuantile)
        let (uids, converted) = try ChainWeights.convertForEmit(uids: processed.uids, weights: processed.weights)
        let u16 = converted.map { UInt16($0) }
        // convertForEmit max-upscales already: when its largest value is 65535 the chain's upscale
        // (65535 / 65535 = 1 in I32F32) leaves every value as it is.
        let stored = u16.max() == UInt16.max ? u16 : ChainWeightStorage.maxUpscale(u16)
        var entries = zip(uids, stored).map { (column: columns[$0.0], value: $0.1) }
        entries.sort { $0.column < $1.column }
        for e in entries {
            out.append(Int32(clamping: e.column))
            values.append(e.value)
        }
    }

    /// What `process` → `convertForEmit` → `maxUpscale` give when there is no quantile to exclude
    /// (the 0 quantile is the smallest positive weight), no cap (a limit ≥ 1 leaves x / Σx) and at
    /// least `minAllowedWeights` positive weights, in one pass with the same operations in the same
    /// order (so the same bits): x / Σx, then round-half-even(f / max f × 65535), zeros dropped; the
    /// largest is 65535, which the chain's upscale leaves as it is. Appended to `out` and `values`
    /// (columns in increasing order).
    static func shortRow(_ weights: [Double], columns: [Int], toColumns out: inout [Int32], values: inout [UInt16]) {
        var sum = 0.0, maxWeight = 0.0, positive = 0
        for w in weights where w > 0 {
            sum += w
            maxWeight = max(maxWeight, w)
            positive += 1
        }
        // max(w / Σw) is (max w) / Σw: a correctly rounded quotient by a positive number does not
        // decrease when the dividend grows, so one division gives the same bits as one per weight.
        let maxFloat = maxWeight / sum
        let rounding = U16Rounding(sum: sum, maxFloat: maxFloat)
        // Room for every positive weight, written through spans (no capacity or uniqueness check per
        // entry), then cut to the entries kept (weights that round to 0 are dropped).
        let first = out.count
        out.append(contentsOf: repeatElement(0, count: positive))
        values.append(contentsOf: repeatElement(0, count: positive))
        var end = first, sorted = true, lastColumn = Int.min
        do {
            var outSpan = out.mutableSpan, valueSpan = values.mutableSpan
            for (k, w) in weights.enumerated() where w > 0 {
                let value = rounding.value(w)
                guard value != 0 else { continue }
                let column = columns[k]
                if column < lastColumn { sorted = false }
                lastColumn = column
                outSpan[end] = Int32(clamping: column)
                valueSpan[end] = UInt16(value)
                end += 1
            }
        }
        out.removeLast(out.count - end)
        values.removeLast(values.count - end)
        if !sorted {
            // Columns not given in increasing order: this row's entries sorted by column.
            var entries = (first..<end).map { (out[$0], values[$0]) }
            entries.sort { $0.0 < $1.0 }
            for (p, e) in zip(first..<end, entries) {
                out[p] = e.0
                values[p] = e.1
            }
        }
    }

    /// The u16 of one weight in ``shortRow(_:columns:toColumns:values:)``:
    /// `round-half-even(w / Σw / max f × 65535)`, the SDK's two divisions, found with one product.
    ///
    /// `w × scale`, with `scale = 65535 / Σw / max f` computed once, and the SDK's value are both
    /// the same real number `R = 65535·w / (Σw · max f)` times three roundings of at most 2⁻⁵³ each,
    /// and `R ≤ 65535·(1 + 2⁻⁵²)`, so they differ by less than 6 · 2⁻⁵³ · 65536 < 10⁻¹⁰. Rounded
    /// to an integer they agree unless the product lies within that distance of a half-integer;
    /// within 10⁻⁶ of one (about one weight in a million), and for a scale that is not a positive
    /// finite number, the SDK's divisions are done as written. The u16 values are the same bits
    /// either way; `ChainWeightsTests` checks both forms on ties, near-ties and random weights.
    struct U16Rounding {
        let sum: Double
        let maxFloat: Double
        let scale: Double
        /// How close to a half-integer a product may come before the divisions decide.
        static let margin = 1e-6

        init(sum: Double, maxFloat: Double) {
            self.sum = sum
            self.maxFloat = maxFloat
            let scale = Double(ChainWeights.u16Max) / sum / maxFloat
            self.scale = scale.isFinite && scale > 0 ? scale : .nan
        }

        @inline(__always) func value(_ w: Double) -> Int {
            let estimate = w * scale
            let rounded = WeightEmission.roundedHalfEven(estimate)
            // NaN (no usable scale) fails the comparison and takes the divisions too.
            if abs(estimate - rounded) <= 0.5 - Self.margin { return Int(rounded) }
            return exact(w)
        }

        /// The SDK's operations as written.
        func exact(_ w: Double) -> Int {
            Int(WeightEmission.roundedHalfEven(w / sum / maxFloat * Double(ChainWeights.u16Max)))
        }
    }

    /// `x.rounded(.toNearestOrEven)` without a call to `rint` (the baseline x86-64 target has no
    /// rounding instruction; the call was a tenth of `shortRow`'s time): for 0 ≤ x < 2⁵¹, x + 2⁵²
    /// has no fraction bits, so the addition rounds x to an integer (to nearest, ties to even, the
    /// default rounding), and subtracting 2⁵² again is exact. Other values take `rounded`.
    @inline(__always)
    static func roundedHalfEven(_ x: Double) -> Double {
        let shift = 0x1p52
        guard x >= 0, x < 0x1p51 else { return x.rounded(.toNearestOrEven) }
        return (x + shift) - shift
    }
}
