public import ScoringCore

/// `reasonforge-peb`: ReasonForge's production weight map, `w_j = S_j · (1 + PEB_j)` normalised
/// (Eq. 5's shares, spec `reasonforge.md`), on the validator's own view of each miner.
///
/// `S_j` is the validator's own mean score of miner `j` (carried from its last view when it saw
/// nothing of the miner this time) and `PEB_j` its own excellence bonus. The memory holds the
/// last view, so a miner the validator did not see keeps the score it last had.
public struct ReasonForgeWeightSetter: WeightSetter {
    public static let descriptor = ComponentDescriptor(
        key: "reasonforge-peb", kind: .weightSetting,
        summary: "ReasonForge's map: w = S_epoch·(1 + PEB), normalised, from the validator's own scores",
        equation: "w_j = S_j·(1 + PEB_j) / Σ_k S_k·(1 + PEB_k)",
        reference: "ReasonForge Eq. 5 (the miner reward shares)")

    public init() {}
    public init(parameters: ParameterValues) throws {}

    public func weights(_ observation: WeightObservation, memory: inout [Double]) -> [Double] {
        let n = observation.count
        // Filled as a local array (taken out of `memory`, so still unique): no uniqueness check of
        // the caller's storage per miner.
        var last = memory.count == n ? memory : Array(repeating: 0, count: n)
        memory = []
        var raw = [Double](repeating: 0, count: n)
        for j in 0..<n {
            if observation.observed[j] { last[j] = max(0, observation.scores[j]) }
            raw[j] = last[j] * (1 + max(0, observation.bonuses[j]))
        }
        memory = last
        WeightSetterMath.normalise(&raw)
        return raw
    }
}

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
        let count = values.count
        guard total > 0 else {
            for i in 0..<count { values[i] = 0 }
            return
        }
        for i in 0..<count {
            let v = values[i]
            values[i] = v.isFinite && v > 0 ? v / total : 0
        }
    }
}
