/// Eq. 4 role: the persistent excellence bonus (PEB) from a miner's rank and streak.
///
/// Guarantees: ≥ 0; 0 for ranks outside 1…``topK`` and for streak ≤ 0; non-increasing in rank and
/// non-decreasing in streak. ``topK`` is also the rank limit for keeping a streak (loop step 5).
/// Playground input `{rank, streak}`; output `{peb}`.
public protocol ExcellenceBonusFormula: ScoringFormula {
    var topK: Int { get }
    func bonus(rank: Int, streak: Int) -> Double
    /// The batch form of ``bonus(rank:streak:)`` over one epoch's miners: one bonus per rank.
    func bonuses(ranks: Span<Int>, streaks: Span<Int>, into bonuses: inout MutableSpan<Double>)
}

extension ExcellenceBonusFormula {
    public static var role: FormulaRole { .excellenceBonus }

    /// The batch built from the scalar method, one miner at a time.
    public func bonuses(ranks: Span<Int>, streaks: Span<Int>, into bonuses: inout MutableSpan<Double>) {
        for i in 0..<ranks.count { bonuses[i] = bonus(rank: ranks[i], streak: streaks[i]) }
    }

    public func evaluate(_ input: ConfigNode) throws -> ConfigNode {
        let r = try ConfigReader(input, path: "input")
        let rank = try r.int("rank", range: 1...Int.max)
        let streak = try r.int("streak", range: 0...Int.max)
        try r.finish()
        return .map(["peb": .double(bonus(rank: rank, streak: streak))])
    }
}
