public import ScoringCore

/// `yuma-wta`: `yuma` with a winner-takes-all incentive: the server(s) with the highest clipped rank
/// share incentive 1 equally, everyone else gets 0 (yuma-simulation's `winner_takes_all`). Bonds and
/// dividends then follow `yuma` (Yuma 2, or Yuma 3 with `yuma3`).
public struct YumaWinnerTakesAll: ChainConsensus {
    public static let descriptor = ComponentDescriptor(
        key: "yuma-wta", kind: .chainConsensus,
        summary: "Yuma with server-side winner-takes-all incentive (ties share equally)",
        equation: "I_j = 1/|argmax R| for j ∈ argmax R, else 0",
        reference: "bactensor/yuma-simulation yumas.py compute_incentive (winner_takes_all)",
        parameters: YumaHyperparameters.specs())

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
        try YumaEpoch(hyper: hyperparameters, bonds: hyperparameters.yuma3 ? .yuma3 : .yuma2, incentive: .winnerTakesAll, workspace: workspace)
            .run(input, state: state, arithmetic: arithmetic)
    }
}
