public import ScoringCore

/// An Eq. 4 alternative: the excellence bonus grows linearly with the streak up to the cap.
///
/// `PEB = α · (1/rank) · min(streak, cap)` for ranks 1…K with a positive streak, else 0. With the
/// defaults (α = 0.05, cap 10) the top miner's bonus reaches 0.5 at a streak of 10, against 0.63 for
/// `peb-sqrt`, but short streaks earn much less: persistence is rewarded late rather than early.
///
/// Parameters: `alpha` (number in [0, 10], default 0.05), `streak_cap` (integer in [1, 10000],
/// default 10), `top_k` (integer in [1, 1000000], default 10).
public struct LinearExcellenceBonus: ExcellenceBonusFormula {
    public static let descriptor = ComponentDescriptor(
        key: "peb-linear", kind: .formula,
        summary: "Persistent excellence bonus growing linearly with the streak, for the top K",
        equation: "PEB = α·(1/rank)·min(streak, cap) for 1 ≤ rank ≤ K, else 0",
        parameters: [
            .number("alpha", default: 0.05, range: 0...10, "bonus per streak step for rank 1"),
        ] + ExcellenceEligibility.parameters)

    public let alpha: Double
    public let streakCap: Int
    public let topK: Int

    public init(alpha: Double = 0.05, streakCap: Int = 10, topK: Int = 10) {
        self.alpha = alpha
        self.streakCap = streakCap
        self.topK = topK
    }

    public init(parameters: ParameterValues) throws {
        self.init(alpha: try parameters.double("alpha"), streakCap: try parameters.int("streak_cap"),
                  topK: try parameters.int("top_k"))
    }

    public func bonus(rank: Int, streak: Int) -> Double {
        guard let capped = ExcellenceEligibility.cappedStreak(rank: rank, streak: streak, topK: topK, cap: streakCap) else {
            return 0.0
        }
        return alpha * (1.0 / Double(rank)) * Double(capped)
    }
}
