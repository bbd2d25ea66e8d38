public import ScoringCore
import Foundation

/// An Eq. 5 alternative: the miner pool split by a softmax of `S(m)·(1 + PEB(m))` at a temperature.
///
/// `R(m) = E_miner · exp(w_m/T) / Σ_j exp(w_j/T)`, computed with the largest weight subtracted so it
/// never overflows. A low temperature approaches winner-takes-all; a high one approaches an equal
/// split. Unlike the proportional rule, every miner receives something, even with a zero score;
/// all-equal weights (zero included) give an equal split.
///
/// Parameters: `temperature` (number in [0.000001, 1000], default 0.1).
public struct SoftmaxMinerEmission: MinerEmissionFormula {
    public static let descriptor = ComponentDescriptor(
        key: "miner-emission-softmax", kind: .formula,
        summary: "Miner pool split by a softmax of epoch score times (1 + bonus), at a temperature",
        equation: "R(m) = E_miner · exp(S(m)(1+PEB(m))/T) / Σ_j exp(S(j)(1+PEB(j))/T)",
        parameters: [.number("temperature", default: 0.1, range: 0.000001...1000, "softmax temperature T")])

    public let temperature: Double

    public init(temperature: Double = 0.1) { self.temperature = temperature }

    public init(parameters: ParameterValues) throws {
        self.init(temperature: try parameters.double("temperature"))
    }

    public func distribute(pool: Double, scores: [Double], bonuses: [Double]) -> [Double] {
        var rewards = [Double](repeating: 0, count: scores.count)
        var span = rewards.mutableSpan
        distribute(pool: pool, scores: scores.span, bonuses: bonuses.span, into: &span)
        return rewards
    }

    /// The formula's body: the weights are written into `rewards`, then replaced by their softmax
    /// share of `pool` in place.
    public func distribute(pool: Double, scores: Span<Double>, bonuses: Span<Double>, into rewards: inout MutableSpan<Double>) {
        let n = rewards.count
        guard n > 0 else { return }
        var largest = -Double.infinity
        for i in 0..<n {
            let w = scores[i] * (1.0 + (i < bonuses.count ? bonuses[i] : 0))
            rewards[i] = w
            largest = Swift.max(largest, w)
        }
        var total = 0.0
        for i in 0..<n {
            let e = exp((rewards[i] - largest) / temperature)
            rewards[i] = e
            total += e
        }
        for i in 0..<n { rewards[i] = rewards[i] / total * pool }
    }
}
