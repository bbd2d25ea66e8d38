/// Eq. 10 role: stake slashed from a validator whose recent accuracy is too low.
///
/// Guarantees: in [0, stake]; 0 when recent accuracy is at or above the threshold; non-increasing
/// in recent accuracy. ``window`` is how many recent VAS values count (7 in the spec); the
/// formula averages the last `window` entries of `history` itself (1.0 when `history` is empty).
/// Playground input `{stake, history: [..]}`; output `{slash, recent_accuracy}`.
public protocol SlashingFormula: ScoringFormula {
    var window: Int { get }
    func slash(stake: Double, history: [Double]) -> Double
    /// The batch form of ``slash(stake:history:)`` over one epoch's validators: `histories` holds
    /// their VAS histories epoch by epoch, oldest first (epoch `e`'s values of the
    /// `v = stakes.count` validators are `histories[e·v ..< e·v + v]`); one slash per stake.
    func slashes(stakes: Span<Double>, histories: Span<Double>, into slashes: inout MutableSpan<Double>)
}

extension SlashingFormula {
    public static var role: FormulaRole { .slashing }

    /// Mean of the last ``window`` values of `history`, 1.0 when empty.
    public func recentAccuracy(_ history: [Double]) -> Double {
        Batch.evaluateOne(1.0) { mean in Batch.trailingMeans(histories: history.span, window: window, into: &mean) }
    }

    /// The batch built from the scalar method, one validator at a time.
    public func slashes(stakes: Span<Double>, histories: Span<Double>, into slashes: inout MutableSpan<Double>) {
        let validators = stakes.count
        for v in 0..<validators {
            slashes[v] = slash(stake: stakes[v], history: Batch.column(histories, v, of: validators))
        }
    }

    public func evaluate(_ input: ConfigNode) throws -> ConfigNode {
        let r = try ConfigReader(input, path: "input")
        let stake = try r.double("stake", range: 0...Double.greatestFiniteMagnitude)
        let history = try r.doubles("history", default: [])
        try r.finish()
        return .map(["slash": .double(slash(stake: stake, history: history)),
                     "recent_accuracy": .double(recentAccuracy(history))])
    }
}
