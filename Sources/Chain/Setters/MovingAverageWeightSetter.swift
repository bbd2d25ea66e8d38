public import ScoringCore

/// `moving-average`: the Bittensor validator template's score update, an exponential moving average
/// of the observed scores, `m_j ← α·s_j + (1 − α)·m_j` for each miner seen (others keep `m_j`;
/// every `m_j` starts at 0), with weights `m` normalised. The MIID validator uses α = 0.15.
public struct MovingAverageWeightSetter: WeightSetter {
    public static let descriptor = ComponentDescriptor(
        key: "moving-average", kind: .weightSetting,
        summary: "Exponential moving average of the observed scores (validator template), normalised",
        equation: "m_j ← α·s_j + (1 − α)·m_j (seen miners); w = m / Σ m",
        reference: "Bittensor validator template update_scores; MIID moving_average_alpha = 0.15",
        parameters: [.number("moving_average_alpha", default: 0.15, range: 0...1,
                             "α: weight of the new observation (MIID: 0.15)")])

    public var alpha: Double

    public init(alpha: Double = 0.15) { self.alpha = alpha }
    public init(parameters: ParameterValues) throws {
        alpha = try parameters.double("moving_average_alpha")
    }

    public func weights(_ observation: WeightObservation, memory: inout [Double]) -> [Double] {
        let n = observation.count
        if memory.count != n { memory = Array(repeating: 0, count: n) }
        for j in 0..<n where observation.observed[j] {
            let s = observation.scores[j].isFinite ? max(0, observation.scores[j]) : 0
            memory[j] = alpha * s + (1 - alpha) * memory[j]
        }
        return WeightSetterMath.normalised(memory)
    }
}
