public import ScoringCore

/// Eq. 2: the composite miner score (CMS), a weighted sum of the four dimension scores.
///
/// Summed in the order Q, A, N, Eff, left to right, as the reference does.
///
/// Parameters (numbers in [0, 1]; their sum must not exceed 1, so CMS stays in [0, 1]):
/// `quality` 0.40, `accuracy` 0.30, `novelty` 0.15, `efficiency` 0.15.
public struct WeightedCompositeScore: CompositeScoreFormula {
    public static let descriptor = ComponentDescriptor(
        key: "cms-weighted", kind: .formula,
        summary: "Composite miner score: weighted sum of quality, accuracy, novelty and efficiency",
        equation: "CMS = 0.40·Q + 0.30·A + 0.15·N + 0.15·Eff",
        reference: "ReasonForge Eq. 2",
        parameters: [
            .number("quality", default: 0.40, range: 0...1, "weight of quality (Q)"),
            .number("accuracy", default: 0.30, range: 0...1, "weight of accuracy (A)"),
            .number("novelty", default: 0.15, range: 0...1, "weight of novelty (N)"),
            .number("efficiency", default: 0.15, range: 0...1, "weight of efficiency (Eff)"),
        ])

    public let weights: DimensionScores

    /// - Throws: ``ConfigError`` when the weights sum to more than 1.
    public init(weights: DimensionScores = DimensionScores(quality: 0.40, accuracy: 0.30, novelty: 0.15, efficiency: 0.15)) throws {
        let sum = weights.quality + weights.accuracy + weights.novelty + weights.efficiency
        guard sum <= 1 + 1e-9 else {
            throw ConfigError(.invalidValue, at: nil, path: "cms-weighted",
                              "the four CMS weights must sum to at most 1 so CMS stays in [0, 1], they sum to \(sum)")
        }
        self.weights = weights
    }

    public init(parameters: ParameterValues) throws {
        try self.init(weights: DimensionScores(
            quality: try parameters.double("quality"), accuracy: try parameters.double("accuracy"),
            novelty: try parameters.double("novelty"), efficiency: try parameters.double("efficiency")))
    }

    public func compositeScore(_ d: DimensionScores) -> Double {
        Batch.evaluateOne(0.0) { out in Batch.withOne(d) { compositeScores($0, into: &out) } }
    }

    /// The formula's body: the weighted sum in the order Q, A, N, Eff.
    public func compositeScores(_ dimensions: Span<DimensionScores>, into scores: inout MutableSpan<Double>) {
        let w = weights
        for i in 0..<dimensions.count {
            let d = dimensions[i]
            scores[i] = w.quality * d.quality + w.accuracy * d.accuracy + w.novelty * d.novelty + w.efficiency * d.efficiency
        }
    }
}
