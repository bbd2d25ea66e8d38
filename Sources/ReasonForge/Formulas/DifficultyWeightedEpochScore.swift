public import ScoringCore

/// Eq. 3: a miner's epoch score, the difficulty-weighted mean of its task scores times its trap penalty.
///
/// `S = (Σ_t CMS_t · D(t) / |T|) · trap_penalty`, the sum taken left to right in task order;
/// 0 when there are no tasks. D(d) is the d-th entry of `difficulty_multipliers` (difficulty 1 is
/// the first); a difficulty outside the list counts 1.0, as the reference's lookup default does.
///
/// Parameters: `difficulty_multipliers` (list of numbers in [0, 100], non-empty; default
/// 1.0, 1.0, 1.25, 1.25, 1.5, 1.5, 1.75, 1.75, 2.0, 2.0 for difficulties 1…10).
public struct DifficultyWeightedEpochScore: EpochScoreFormula {
    public static let referenceMultipliers: [Double] = [1.0, 1.0, 1.25, 1.25, 1.5, 1.5, 1.75, 1.75, 2.0, 2.0]

    public static let descriptor = ComponentDescriptor(
        key: "epoch-score", kind: .formula,
        summary: "Epoch score: difficulty-weighted mean of task scores, times the trap penalty",
        equation: "S_epoch = (1/|T|)·Σ_t CMS(t)·D(t) · trap_penalty",
        reference: "ReasonForge Eq. 3",
        parameters: [.numbers("difficulty_multipliers", default: referenceMultipliers, range: 0...100,
                              "D(t) for difficulty 1, 2, …; other difficulties count 1.0")])

    public let multipliers: [Double]

    /// - Throws: ``ConfigError`` when `multipliers` is empty.
    public init(multipliers: [Double] = DifficultyWeightedEpochScore.referenceMultipliers) throws {
        guard !multipliers.isEmpty else {
            throw ConfigError(.invalidValue, at: nil, path: "difficulty_multipliers",
                              "'difficulty_multipliers' needs at least one value (for difficulty 1)")
        }
        self.multipliers = multipliers
    }

    public init(parameters: ParameterValues) throws {
        try self.init(multipliers: try parameters.doubles("difficulty_multipliers"))
    }

    @inlinable
    public func difficultyMultiplier(_ difficulty: Int) -> Double {
        difficulty >= 1 && difficulty <= multipliers.count ? multipliers[difficulty - 1] : 1.0
    }

    public func epochScore(scores: [Double], difficulties: [Int], trapPenalty: Double) -> Double {
        Batch.evaluateOne(0.0) { out in
            Batch.withOne(trapPenalty) { penalty in
                epochScores(scores: scores.span, difficulties: difficulties.span, trapPenalties: penalty, into: &out)
            }
        }
    }

    /// The formula's body: each miner's weighted sum accumulates task by task (task order, from 0),
    /// then is divided by the task count and multiplied by the miner's trap penalty.
    public func epochScores(scores: Span<Double>, difficulties: Span<Int>, trapPenalties: Span<Double>,
                            into epochScores: inout MutableSpan<Double>) {
        let miners = epochScores.count
        guard miners > 0 else { return }
        let tasks = scores.count / miners
        for j in 0..<miners { epochScores[j] = 0.0 }
        guard tasks > 0 else { return }
        for t in 0..<min(tasks, difficulties.count) {
            let weight = difficultyMultiplier(difficulties[t])
            let row = t * miners
            for j in 0..<miners { epochScores[j] += scores[row + j] * weight }
        }
        let taskCount = Double(tasks)
        for j in 0..<miners { epochScores[j] = (epochScores[j] / taskCount) * trapPenalties[j] }
    }
}
