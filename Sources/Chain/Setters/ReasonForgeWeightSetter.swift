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
        // The normalisation's total, added as the weights are made (the terms and order of
        // `WeightSetterMath.normalise`'s own sum).
        var total = 0.0
        do {
            // Written through spans: no uniqueness check of either array per miner.
            var lastSpan = last.mutableSpan, rawSpan = raw.mutableSpan
            let observed = observation.observed, scores = observation.scores, bonuses = observation.bonuses
            for j in 0..<n {
                if observed[j] { lastSpan[j] = max(0, scores[j]) }
                let w = lastSpan[j] * (1 + max(0, bonuses[j]))
                rawSpan[j] = w
                if w.isFinite && w > 0 { total += w }
            }
        }
        memory = last
        WeightSetterMath.normalise(&raw, total: total)
        return raw
    }
}
