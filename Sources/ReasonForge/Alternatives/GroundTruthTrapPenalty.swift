public import ScoringCore

/// An Eq. 9 alternative: the penalty is one minus the mean distance of trap scores from their known answers.
///
/// `penalty = max(0, 1 − mean_t d_t)` where `d_t = max(0, truth_t − score_t)`: a miner is penalised
/// for falling short of each trap's ground truth, in proportion to the shortfall, and 1 with no traps.
/// With `penalize_overshoot: true`, `d_t = |score_t − truth_t|` (the symmetric form): scoring *above*
/// the ground truth is then penalised too, which breaks the role's guarantee that the penalty never
/// falls when a trap score rises — it is offered for experiments and fails `FormulaConformance`.
/// A missing ground truth counts as 1.0.
///
/// Parameters: `penalize_overshoot` (boolean, default false).
public struct GroundTruthTrapPenalty: TrapPenaltyFormula {
    public static let descriptor = ComponentDescriptor(
        key: "trap-penalty-ground-truth", kind: .formula,
        summary: "Trap penalty from how far trap scores fall short of their known ground truths",
        equation: "penalty = max(0, 1 − mean_t max(0, truth_t − score_t)); 1 with no traps",
        parameters: [.bool("penalize_overshoot", default: false,
                           "use |score − truth| (also penalises scores above the truth; not monotone)")])

    public let penalizeOvershoot: Bool

    public init(penalizeOvershoot: Bool = false) { self.penalizeOvershoot = penalizeOvershoot }

    public init(parameters: ParameterValues) throws {
        self.init(penalizeOvershoot: try parameters.bool("penalize_overshoot"))
    }

    public func penalty(trapScores: [Double], groundTruths: [Double]) -> Double {
        guard !trapScores.isEmpty else { return 1.0 }
        var distance = 0.0
        for (i, score) in trapScores.enumerated() {
            let truth = i < groundTruths.count ? groundTruths[i] : 1.0
            distance += penalizeOvershoot ? abs(score - truth) : max(0, truth - score)
        }
        return min(1.0, max(0.0, 1.0 - distance / Double(trapScores.count)))
    }
}
