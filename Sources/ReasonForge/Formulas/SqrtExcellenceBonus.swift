public import ScoringCore

/// Eq. 4: the persistent excellence bonus, `α · (1/rank) · sqrt(min(streak, cap))` for ranks 1…K.
///
/// 0 for ranks outside 1…`top_k` and for a (capped) streak ≤ 0. Evaluated as
/// `(α · (1.0/rank)) · sqrt(capped)`, the reference's order.
///
/// Parameters: `alpha` (number in [0, 10], default 0.20), `streak_cap` (integer in [1, 10000],
/// default 10), `top_k` (integer in [1, 1000000], default 10).
public struct SqrtExcellenceBonus: ExcellenceBonusFormula {
    public static let descriptor = ComponentDescriptor(
        key: "peb-sqrt", kind: .formula,
        summary: "Persistent excellence bonus growing with the square root of the streak, for the top K",
        equation: "PEB = α·(1/rank)·sqrt(min(streak, cap)) for 1 ≤ rank ≤ K, else 0",
        reference: "ReasonForge Eq. 4",
        parameters: [
            .number("alpha", default: 0.20, range: 0...10, "bonus scale α"),
        ] + ExcellenceEligibility.parameters)

    public let alpha: Double
    public let streakCap: Int
    public let topK: Int

    public init(alpha: Double = 0.20, streakCap: Int = 10, topK: Int = 10) {
        self.alpha = alpha
        self.streakCap = streakCap
        self.topK = topK
    }

    public init(parameters: ParameterValues) throws {
        self.init(alpha: try parameters.double("alpha"), streakCap: try parameters.int("streak_cap"),
                  topK: try parameters.int("top_k"))
    }

    public func bonus(rank: Int, streak: Int) -> Double {
        Batch.evaluateOne(0.0) { out in
            Batch.withOne(rank) { ranks in Batch.withOne(streak) { streaks in bonuses(ranks: ranks, streaks: streaks, into: &out) } }
        }
    }

    /// The formula's body.
    public func bonuses(ranks: Span<Int>, streaks: Span<Int>, into bonuses: inout MutableSpan<Double>) {
        for i in 0..<ranks.count {
            let rank = ranks[i]
            if let capped = ExcellenceEligibility.cappedStreak(rank: rank, streak: streaks[i], topK: topK, cap: streakCap) {
                bonuses[i] = alpha * (1.0 / Double(rank)) * Double(capped).squareRoot()
            } else {
                bonuses[i] = 0.0
            }
        }
    }
}

/// The eligibility rule the excellence-bonus formulas share: ranks 1…K with a positive streak,
/// the streak capped.
enum ExcellenceEligibility {
    static let parameters: [ParameterSpec] = [
        .integer("streak_cap", default: 10, range: 1...10_000, "streak beyond which the bonus stops growing"),
        .integer("top_k", default: 10, range: 1...1_000_000, "ranks 1…K earn a bonus and keep their streak"),
    ]

    /// `min(streak, cap)`, or `nil` when the rank is outside 1…`topK` or the capped streak is ≤ 0.
    @inline(__always)
    static func cappedStreak(rank: Int, streak: Int, topK: Int, cap: Int) -> Int? {
        guard rank >= 1, rank <= topK else { return nil }
        let capped = min(streak, cap)
        return capped > 0 ? capped : nil
    }
}
