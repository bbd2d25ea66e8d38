public import ScoringCore

/// The laws every ``WeightSetter`` must keep, checked over random observations: one finite,
/// non-negative weight per miner; weights summing to 1 or all 0; proportions unchanged when every
/// score is multiplied by a positive constant (starting from the same memory); and memory that
/// belongs to one validator (two validators fed the same observations give the same weights).
public enum WeightSetterConformance {
    /// The laws `setter` breaks, each as a sentence (empty when it keeps them all).
    public static func check(_ setter: any WeightSetter, seed: UInt64 = 1, rounds: Int = 50) -> [String] {
        var rng = Xoshiro256(seed: seed)
        var failures: [String] = []
        var memoryA: [Double] = [], memoryB: [Double] = [], memoryScaled: [Double] = []
        for round in 0..<rounds {
            let n = 1 + Int(rng.next() % 40)
            let count = round == 0 ? n : memoryA.isEmpty ? n : memoryA.count
            var scores: [Double] = [], observed: [Bool] = [], bonuses: [Double] = [], multipliers: [Double] = [], reputation: [Double] = []
            for _ in 0..<count {
                scores.append(rng.uniform(0, 1) < 0.1 ? 0 : rng.uniform(0, 1))
                observed.append(rng.uniform(0, 1) < 0.8)
                bonuses.append(rng.uniform(0, 1) < 0.7 ? 0 : rng.uniform(0, 0.3))
                multipliers.append(rng.uniform(0.5, 1.5))
                reputation.append(rng.uniform(0, 2))
            }
            let o = WeightObservation(scores: scores, observed: observed, bonuses: bonuses, multipliers: multipliers,
                                      reputation: reputation)
            var scaledObservation = o
            scaledObservation.scores = scores.map { $0 * 3.5 }
            var memoryProbe = memoryScaled
            let w = setter.weights(o, memory: &memoryA)
            let twin = setter.weights(o, memory: &memoryB)
            let scaled = setter.weights(scaledObservation, memory: &memoryProbe)
            memoryScaled = memoryA
            guard w.count == count else {
                failures.append("round \(round): \(w.count) weights for \(count) miners")
                continue
            }
            if let bad = w.first(where: { !$0.isFinite || $0 < 0 }) { failures.append("round \(round): weight \(bad) is not finite and ≥ 0") }
            let total = w.reduce(0, +)
            if !(abs(total - 1) < 1e-9 || w.allSatisfy { $0 == 0 }) { failures.append("round \(round): weights sum to \(total), not 1 or 0") }
            if w != twin { failures.append("round \(round): two validators fed the same observations got different weights") }
            if round == 0 {
                for (a, b) in zip(w, scaled) where abs(a - b) > 1e-9 {
                    failures.append("round \(round): scaling every score by 3.5 changed a weight from \(a) to \(b)")
                    break
                }
            }
        }
        return failures
    }
}
