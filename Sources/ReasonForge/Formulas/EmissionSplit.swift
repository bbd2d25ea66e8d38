public import ScoringCore

/// Eq. 1: a fixed share of the epoch's emission goes to miners, the rest to validators.
///
/// The validator share is the complement of `miner_share`, rounded to 12 decimals so that the
/// default 0.90 gives exactly 0.10 (as the reference's two separate constants do) rather than
/// `1 − 0.90 = 0.09999999999999998`. The shares still sum to the total within 1e-12 relative.
///
/// Parameters: `miner_share` (number in [0, 1], default 0.90).
public struct EmissionSplit: EmissionSplitFormula {
    public static let descriptor = ComponentDescriptor(
        key: "emission-split", kind: .formula,
        summary: "Fixed split of the epoch emission: miners get miner_share, validators the rest",
        equation: "E_miner = miner_share·E, E_validator = (1 − miner_share)·E",
        reference: "ReasonForge Eq. 1",
        parameters: [.number("miner_share", default: 0.90, range: 0...1, "fraction of the emission paid to miners")])

    public let minerShare: Double
    public let validatorShare: Double

    public init(minerShare: Double = 0.90) {
        self.minerShare = minerShare
        self.validatorShare = ((1 - minerShare) * 1e12).rounded() / 1e12
    }

    public init(parameters: ParameterValues) throws {
        self.init(minerShare: try parameters.double("miner_share"))
    }

    public func split(total: Double) -> EmissionShares {
        let totals: InlineArray<1, Double> = [total]
        var miners: InlineArray<1, Double> = [0], validators: InlineArray<1, Double> = [0]
        var minerSpan = miners.mutableSpan, validatorSpan = validators.mutableSpan
        splits(totals: totals.span, miners: &minerSpan, validators: &validatorSpan)
        return EmissionShares(miners: miners[0], validators: validators[0])
    }

    /// The formula's body.
    public func splits(totals: Span<Double>, miners: inout MutableSpan<Double>, validators: inout MutableSpan<Double>) {
        for i in 0..<totals.count {
            miners[i] = totals[i] * minerShare
            validators[i] = totals[i] * validatorShare
        }
    }
}
