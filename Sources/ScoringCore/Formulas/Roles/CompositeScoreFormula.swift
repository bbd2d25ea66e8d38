/// Eq. 2 role: combines the four dimension scores of one submission into one score (CMS).
///
/// Guarantees: output in [0, 1] for dimensions in [0, 1]; non-decreasing in each dimension.
/// Playground input `{quality, accuracy, novelty, efficiency}`; output `{cms}`.
public protocol CompositeScoreFormula: ScoringFormula {
    func compositeScore(_ dimensions: DimensionScores) -> Double
    /// The batch form of ``compositeScore(_:)``: one CMS per element of `dimensions` (a task's submissions).
    func compositeScores(_ dimensions: Span<DimensionScores>, into scores: inout MutableSpan<Double>)
}

extension CompositeScoreFormula {
    public static var role: FormulaRole { .compositeScore }

    /// The batch built from the scalar method, one submission at a time.
    public func compositeScores(_ dimensions: Span<DimensionScores>, into scores: inout MutableSpan<Double>) {
        for i in 0..<dimensions.count { scores[i] = compositeScore(dimensions[i]) }
    }

    public func evaluate(_ input: ConfigNode) throws -> ConfigNode {
        let r = try ConfigReader(input, path: "input")
        let d = DimensionScores(quality: try r.double("quality", range: 0...1), accuracy: try r.double("accuracy", range: 0...1),
                                novelty: try r.double("novelty", range: 0...1), efficiency: try r.double("efficiency", range: 0...1))
        try r.finish()
        return .map(["cms": .double(compositeScore(d))])
    }
}
