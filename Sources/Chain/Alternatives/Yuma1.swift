public import ScoringCore

/// `yuma1`: the original Yuma of docs/consensus.md: no bond penalty by default (bonds from raw
/// weights), ΔB = W∘S column-normalised, EMA with `bonds_moving_average` **without** the Yuma 2
/// re-normalisation, so bonds to a server nobody weights any more decay instead of being rescaled.
/// Consensus, incentive and emission are `yuma`'s.
public struct Yuma1: ChainConsensus {
    public static let descriptor = ComponentDescriptor(
        key: "yuma1", kind: .chainConsensus,
        summary: "Original Yuma: EMA bonds without re-normalisation, no bond penalty by default",
        equation: "B ← α·colnorm(W∘S) + (1−α)·B; D = norm(Bᵀ·I)",
        reference: "opentensor/subtensor docs/consensus.md; bactensor/yuma-simulation yumas.py Yuma",
        parameters: YumaHyperparameters.specs(bondsPenaltyDefault: 0))

    public var hyperparameters: YumaHyperparameters
    public var arithmetic: ChainArithmetic
    /// Buffers of the epoch's intermediate matrices, reused from one epoch to the next (shared by
    /// copies of this value; safe across threads, results unaffected: see `EpochWorkspace`).
    private let workspace = EpochWorkspace()

    public init(parameters: ParameterValues) throws {
        hyperparameters = try YumaHyperparameters(parameters: parameters)
        arithmetic = ChainArithmetic(rawValue: try parameters.string("arithmetic")) ?? .fixed
    }

    public func epoch(_ input: ChainEpochInput, state: ChainState) throws -> ChainEpochResult {
        try YumaEpoch(hyper: hyperparameters, bonds: .original, workspace: workspace).run(input, state: state, arithmetic: arithmetic)
    }
}
