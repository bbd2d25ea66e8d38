public import ScoringCore

/// The design's review-based update (V2 plan §2A): reviewed work since the last pass moves the score.
///
/// `delta_rep = gain × Σ (validation_score − pivot)` over the miner's unprocessed reviews, capped at
/// ±`max_delta` per pass; the new score is floored at 0. A miner with no review is unchanged.
public struct ReviewDeltaUpdate: ReputationUpdate {
    public static let key: ComponentKey = "review-delta"
    public static let descriptor = ComponentDescriptor(
        key: key, kind: .reputationUpdate,
        summary: "Reviews move the score: gain × Σ(validation_score − pivot), capped per pass, floored at 0",
        equation: "rep' = max(0, rep + clamp(gain·Σ(v − pivot), −max_delta, max_delta))",
        reference: "MIID V2 plan §2A (reputation engine over reviewed UAVs)",
        parameters: [
            .number("gain", default: 0.1, range: 0...10, "Score per review point above the pivot"),
            .number("pivot", default: 0.5, range: 0...1, "Validation score that leaves reputation unchanged"),
            .number("max_delta", default: 0.2, range: 0...100, "Largest change per miner per pass"),
        ])

    public let gain: Double
    public let pivot: Double
    public let maxDelta: Double
    public var source: String { "review" }

    public init(gain: Double = 0.1, pivot: Double = 0.5, maxDelta: Double = 0.2) {
        self.gain = gain
        self.pivot = pivot
        self.maxDelta = maxDelta
    }

    public init(parameters: ParameterValues) throws {
        self.init(gain: try parameters.double("gain"), pivot: try parameters.double("pivot"),
                  maxDelta: try parameters.double("max_delta"))
    }

    public func update(miner: String, score: Double, input: EngineInput) -> ReputationChange? {
        guard let r = input.reviews[miner], r.count > 0 else { return nil }
        let raw = gain * (r.scoreSum - pivot * Double(r.count))
        let delta = min(max(raw, -maxDelta), maxDelta)
        let next = max(0, score + delta)
        let capped = raw != delta ? " (capped at ±\(ReasonFormat.number(maxDelta)))" : ""
        return ReputationChange(
            score: next,
            reason: "\(r.count) review(s), mean validation_score \(ReasonFormat.number(r.mean)): "
                + "delta_rep = \(ReasonFormat.number(gain)) × Σ(v − \(ReasonFormat.number(pivot))) = \(ReasonFormat.signed(raw))\(capped)")
    }
}
