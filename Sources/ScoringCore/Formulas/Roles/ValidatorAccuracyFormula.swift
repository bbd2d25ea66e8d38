/// Eq. 7 role: a validator's accuracy (VAS) from its scores and the consensus on the same submissions.
///
/// Guarantees: in [0, 1]; 1 when the validator scored nothing; 1 when every score equals consensus;
/// non-increasing in each absolute deviation.
/// Playground input `{scores: [..], consensus: [..]}`; output `{vas}`.
public protocol ValidatorAccuracyFormula: ScoringFormula {
    func accuracy(scores: [Double], consensus: [Double]) -> Double
    /// The batch form of ``accuracy(scores:consensus:)`` over one epoch's validators: the
    /// evaluations are grouped by validator, validator `v`'s (its scores and each scored
    /// submission's consensus, in the order it scored them) at `groupEnds[v − 1] ..< groupEnds[v]`
    /// (from 0 for the first); one accuracy per group.
    func accuracies(scores: Span<Double>, consensus: Span<Double>, groupEnds: Span<Int>,
                    into accuracies: inout MutableSpan<Double>)
}

extension ValidatorAccuracyFormula {
    public static var role: FormulaRole { .validatorAccuracy }

    /// The batch built from the scalar method, one validator at a time.
    public func accuracies(scores: Span<Double>, consensus: Span<Double>, groupEnds: Span<Int>,
                           into accuracies: inout MutableSpan<Double>) {
        var start = 0
        for v in 0..<groupEnds.count {
            let group = start..<groupEnds[v]
            accuracies[v] = accuracy(scores: Batch.array(scores, group), consensus: Batch.array(consensus, group))
            start = group.upperBound
        }
    }

    public func evaluate(_ input: ConfigNode) throws -> ConfigNode {
        let r = try ConfigReader(input, path: "input")
        let scores = try r.doubles("scores")
        let consensus = try r.doubles("consensus")
        try r.finish()
        guard scores.count == consensus.count else {
            throw ConfigError(.invalidValue, at: r.location(of: "consensus"), path: "input.consensus",
                              "'consensus' must have one entry per score (\(scores.count)), found \(consensus.count)")
        }
        return .map(["vas": .double(accuracy(scores: scores, consensus: consensus))])
    }
}
