public import ScoringCore

/// subtensor's per-subnet hyperparameters that `epoch_mechanism` reads, named and scaled as on chain
/// (u16 fractions of 65535, per-million moving average), with the runtime defaults of 14bc6f9f9.
public struct YumaHyperparameters: Sendable, Hashable {
    /// `Kappa`: the stake majority for consensus, as u16 (32,767 ≈ 0.5).
    public var kappa: UInt16 = 32_767
    /// `BondsPenalty`: interpolation from weights (0) to clipped weights (65,535) for bonds.
    public var bondsPenalty: UInt16 = 65_535
    /// `BondsMovingAverage`: per million; the EMA keeps this share of the old bonds (α = 1 − it/10⁶).
    public var bondsMovingAverage: UInt64 = 900_000
    /// `MaxAllowedValidators`: permits go to the top this many UIDs by stake.
    public var maxAllowedValidators: Int = 128
    /// `Tempo` in blocks (the activity cutoff and the bond registration mask read it).
    public var tempo: UInt64 = 360
    /// `ActivityCutoffFactorMilli`: the activity cutoff is `max(factor × tempo / 1000, 1)` blocks.
    public var activityCutoffFactorMilli: UInt64 = 13_889
    /// `StakeThreshold`: UIDs whose stake's integer part is below it count as unstaked (owner excepted).
    public var stakeThreshold: UInt64 = 0
    /// `Yuma3On`: relative bonds capped at 1 instead of Yuma 2's normalised EMA bonds.
    public var yuma3: Bool = false
    /// `LiquidAlphaOn`: per-bond α between `alphaLow` and `alphaHigh` (Yuma 3 only).
    public var liquidAlpha: Bool = false
    /// `AlphaValues`: (low, high) as u16 fractions; defaults 45,875 ≈ 0.7 and 58,982 ≈ 0.9.
    public var alphaLow: UInt16 = 45_875
    public var alphaHigh: UInt16 = 58_982
    /// `AlphaSigmoidSteepness` (i16 on chain).
    public var alphaSigmoidSteepness: Int64 = 1000

    public init() {}

    /// The activity cutoff in blocks (`get_activity_cutoff_blocks`).
    public var activityCutoffBlocks: UInt64 {
        let (p, o) = activityCutoffFactorMilli.multipliedReportingOverflow(by: tempo)
        return Swift.max((o ? .max : p) / 1000, 1)
    }

    /// The parameter specs shared by `yuma` and its variants (chain names, chain defaults).
    static func specs(bondsPenaltyDefault: Int = 65_535) -> [ParameterSpec] {
        [
            .string("arithmetic", default: "fixed", choices: ["fixed", "float"],
                    "fixed: subtensor's I32F32 fixed point, bit for bit; float: Double, for sweeps"),
            .integer("kappa", default: 32_767, range: 0...65_535, "Kappa: consensus stake majority, u16 fraction of 65535"),
            .integer("bonds_penalty", default: bondsPenaltyDefault, range: 0...65_535,
                     "BondsPenalty: 0 = bonds from raw weights, 65535 = from consensus-clipped weights"),
            .integer("bonds_moving_average", default: 900_000, range: 0...1_000_000,
                     "BondsMovingAverage: share of old bonds kept per epoch, per million (α = 1 − it/10⁶)"),
            .integer("max_allowed_validators", default: 128, range: 0...65_535, "MaxAllowedValidators: permits for the top-k stakes"),
            .integer("tempo", default: 360, range: 0...65_535, "Tempo in blocks"),
            .integer("activity_cutoff_factor_milli", default: 13_889, range: 0...1_000_000,
                     "ActivityCutoffFactorMilli: activity cutoff = max(factor × tempo / 1000, 1) blocks (5000 at tempo 360)"),
            .integer("stake_threshold", default: 0, range: 0...Int.max, "StakeThreshold: minimum stake (whole units) to count"),
            .bool("yuma3", default: false, "Yuma3On: relative bonds capped at 1 (Yuma 3) instead of normalised EMA bonds (Yuma 2)"),
            .bool("liquid_alpha", default: false, "LiquidAlphaOn: per-bond α from a sigmoid (Yuma 3 only)"),
            .integer("alpha_low", default: 45_875, range: 0...65_535, "AlphaValues low, u16 fraction (≈ 0.7)"),
            .integer("alpha_high", default: 58_982, range: 0...65_535, "AlphaValues high, u16 fraction (≈ 0.9)"),
            .integer("alpha_sigmoid_steepness", default: 1000, range: -32_768...32_767, "AlphaSigmoidSteepness (i16)"),
        ]
    }

    /// Reads the hyperparameters from resolved values (every spec of ``specs(bondsPenaltyDefault:)`` present).
    init(parameters p: ParameterValues) throws {
        kappa = UInt16(try p.int("kappa"))
        bondsPenalty = UInt16(try p.int("bonds_penalty"))
        bondsMovingAverage = UInt64(try p.int("bonds_moving_average"))
        maxAllowedValidators = try p.int("max_allowed_validators")
        tempo = UInt64(try p.int("tempo"))
        activityCutoffFactorMilli = UInt64(try p.int("activity_cutoff_factor_milli"))
        stakeThreshold = UInt64(try p.int("stake_threshold"))
        yuma3 = try p.bool("yuma3")
        liquidAlpha = try p.bool("liquid_alpha")
        alphaLow = UInt16(try p.int("alpha_low"))
        alphaHigh = UInt16(try p.int("alpha_high"))
        alphaSigmoidSteepness = Int64(try p.int("alpha_sigmoid_steepness"))
    }
}

/// Which arithmetic an epoch runs in.
public enum ChainArithmetic: String, Sendable, Hashable, CaseIterable {
    /// subtensor's fixed point (I32F32, I64F64 stake, I96F32 emission), bit for bit.
    case fixed
    /// Double precision through the same steps.
    case float
}
