public import ScoringCore

/// `yuma2c`: yuma-simulation's Yuma 2C ("Rhef + reset") bonds on `yuma`'s consensus and incentive.
/// Each validator holds bonds in units of its normalised active stake S_i: per epoch the old bonds
/// decay by `1 − decay_rate` and the validator buys `min(capacity_alpha·S_i, S_i − B_ij)⁺ · W_ij`,
/// capped at S_i; dividends = norm(Σ_j colnorm(B)_ij · I_j). Bonds are carried as u16 proportions.
public struct Yuma2C: ChainConsensus {
    public static let descriptor = ComponentDescriptor(
        key: "yuma2c", kind: .chainConsensus,
        summary: "Yuma 2C bonds: stake-capacity purchases with decay (yuma-simulation)",
        equation: "B ← min((1−decay)·B + min(cα·S_i, S_i−B)⁺·W, S_i); D = norm(colnorm(B)·I)",
        reference: "bactensor/yuma-simulation 2b976fd yumas.py Yuma2c",
        parameters: YumaHyperparameters.specs() + [
            .number("decay_rate", default: 0.1, range: 0...1, "share of old bonds lost per epoch"),
            .number("capacity_alpha", default: 0.1, range: 0...1, "share of a validator's capacity it can buy per epoch"),
        ])

    public var hyperparameters: YumaHyperparameters
    public var arithmetic: ChainArithmetic
    public var decayRate: Double
    public var capacityAlpha: Double

    public init(parameters: ParameterValues) throws {
        hyperparameters = try YumaHyperparameters(parameters: parameters)
        arithmetic = ChainArithmetic(rawValue: try parameters.string("arithmetic")) ?? .fixed
        decayRate = try parameters.double("decay_rate")
        capacityAlpha = try parameters.double("capacity_alpha")
    }

    public func epoch(_ input: ChainEpochInput, state: ChainState) throws -> ChainEpochResult {
        try YumaEpoch(hyper: hyperparameters, bonds: .capacity(decayRate: decayRate, capacityAlpha: capacityAlpha))
            .run(input, state: state, arithmetic: arithmetic)
    }
}
