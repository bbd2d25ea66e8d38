public import ScoringCore

/// Eq. 13: the final score, a weighted sum of the objective and consensus scores.
///
/// Parameters (numbers in [0, 1] whose sum must not exceed 1): `objective_weight` 0.60, `consensus_weight` 0.40.
public struct WeightedFinalScore: FinalScoreFormula {
    public static let descriptor = ComponentDescriptor(
        key: "final-score", kind: .formula,
        summary: "Final score: weighted sum of objective and consensus scores",
        equation: "F = 0.60·O + 0.40·C",
        reference: "ReasonForge Eq. 13",
        parameters: [
            .number("objective_weight", default: 0.60, range: 0...1, "weight of the objective score O"),
            .number("consensus_weight", default: 0.40, range: 0...1, "weight of the consensus score C"),
        ])

    public let objectiveWeight: Double
    public let consensusWeight: Double

    /// - Throws: ``ConfigError`` when the weights sum to more than 1.
    public init(objectiveWeight: Double = 0.60, consensusWeight: Double = 0.40) throws {
        guard objectiveWeight + consensusWeight <= 1 + 1e-9 else {
            throw ConfigError(.invalidValue, at: nil, path: "final-score",
                              "objective_weight + consensus_weight must be at most 1, found \(objectiveWeight + consensusWeight)")
        }
        self.objectiveWeight = objectiveWeight
        self.consensusWeight = consensusWeight
    }

    public init(parameters: ParameterValues) throws {
        try self.init(objectiveWeight: try parameters.double("objective_weight"),
                      consensusWeight: try parameters.double("consensus_weight"))
    }

    public func finalScore(objective: Double, consensus: Double) -> Double {
        Batch.evaluateOne(0.0) { out in
            Batch.withOne(objective) { o in Batch.withOne(consensus) { c in finalScores(objective: o, consensus: c, into: &out) } }
        }
    }

    /// The formula's body.
    public func finalScores(objective: Span<Double>, consensus: Span<Double>, into scores: inout MutableSpan<Double>) {
        let wo = objectiveWeight, wc = consensusWeight
        for i in 0..<objective.count { scores[i] = wo * objective[i] + wc * consensus[i] }
    }
}
