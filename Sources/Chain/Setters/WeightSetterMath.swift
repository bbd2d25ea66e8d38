/// Shared arithmetic of the built-in setters.
enum WeightSetterMath {
    /// `values / Σ values`, all zeros when the sum is not positive (non-finite values count as 0).
    static func normalised(_ values: [Double]) -> [Double] {
        var values = values
        normalise(&values)
        return values
    }

    /// ``normalised(_:)`` in place (no second array).
    static func normalise(_ values: inout [Double]) {
        var total = 0.0
        for v in values where v.isFinite && v > 0 { total += v }
        normalise(&values, total: total)
    }

    /// ``normalise(_:)`` by `total`, the sum of the finite positive values in their order, already known.
    static func normalise(_ values: inout [Double], total: Double) {
        let count = values.count
        guard total > 0 else {
            for i in 0..<count { values[i] = 0 }
            return
        }
        // Through a span: no uniqueness check of the array per weight.
        var span = values.mutableSpan
        for i in 0..<count {
            let v = span[i]
            span[i] = v.isFinite && v > 0 ? v / total : 0
        }
    }
}
