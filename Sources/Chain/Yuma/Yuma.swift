public import ScoringCore

/// `yuma`: subtensor's Yuma consensus (`epoch_mechanism`, run_epoch.rs at 14bc6f9f9), step for step:
/// stake threshold and I64F64 normalisation, activity cutoff, validator permits (top
/// `max_allowed_validators` by stake), active stake, weights masked by permit, self-weight (owner
/// excepted) and registration, row-normalised; stake-weighted median consensus with `kappa`;
/// clipping; validator trust; ranks and incentive; `bonds_penalty`; Yuma 2 bonds
/// (`bonds_moving_average` EMA, column-normalised) or, with `yuma3`, Yuma 3 relative bonds capped at
/// 1 with optional liquid alpha; dividends; the server/validator emission split; u16 storage.
///
/// `arithmetic: fixed` reproduces subtensor bit for bit (I32F32 with substrate_fixed's rounding,
/// I64F64 stake, I96F32 emission truncated to whole units when the emission is whole).
/// `arithmetic: float` runs the same steps in Double: it differs from `fixed` by the rounding of
/// each operation (≈ 2⁻³² per step in fixed), divides by a total through its reciprocal, uses a
/// Double `exp` for liquid alpha instead of substrate_fixed's 31-term Taylor series, and does not
/// truncate emission amounts. Both truncate carried bonds to u16 as the chain stores them.
///
/// Not modelled: commit-reveal's column mask, and `LastMechansimStepBlock` (the bond registration
/// mask uses `block − tempo`, subtensor's rule before the first recorded step).
public struct Yuma: ChainConsensus {
    public static let descriptor = ComponentDescriptor(
        key: "yuma", kind: .chainConsensus,
        summary: "subtensor's Yuma consensus (Yuma 2, or Yuma 3 with liquid alpha), bit-exact in fixed arithmetic",
        equation: "C = wmedian_κ(W, S); I = norm(Σ_i S_i·min(W_ij, C_j)); D = norm(Bᵀ·I) (Yuma 2) | norm(rowsum(colnorm(B)∘I)∘S) (Yuma 3)",
        reference: "opentensor/subtensor 14bc6f9f9 pallets/subtensor/src/epoch/run_epoch.rs epoch_mechanism",
        parameters: YumaHyperparameters.specs())

    public var hyperparameters: YumaHyperparameters
    public var arithmetic: ChainArithmetic
    /// Buffers of the epoch's intermediate matrices, reused from one epoch to the next (shared by
    /// copies of this value; safe across threads, results unaffected: see `EpochWorkspace`).
    private let workspace = EpochWorkspace()

    public init(hyperparameters: YumaHyperparameters = YumaHyperparameters(), arithmetic: ChainArithmetic = .fixed) {
        self.hyperparameters = hyperparameters
        self.arithmetic = arithmetic
    }

    public init(parameters: ParameterValues) throws {
        hyperparameters = try YumaHyperparameters(parameters: parameters)
        arithmetic = ChainArithmetic(rawValue: try parameters.string("arithmetic")) ?? .fixed
    }

    public func epoch(_ input: ChainEpochInput, state: ChainState) throws -> ChainEpochResult {
        try YumaEpoch(hyper: hyperparameters, bonds: hyperparameters.yuma3 ? .yuma3 : .yuma2, workspace: workspace)
            .run(input, state: state, arithmetic: arithmetic)
    }
}
