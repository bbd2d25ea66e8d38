/// How a chain splits a subnet's emission among its UIDs from the validators' weights and stakes:
/// the fourth extension point, beside ``ScoringFormula``, ``WeightingPolicy`` and ``TaskDomain``.
///
/// subtensor's Yuma consensus is the reference implementation (`yuma`, in the `Chain` module);
/// research variants (Yuma 1, winner-takes-all incentive, other bond rules) register the same way:
/// ```swift
/// struct MyMechanism: ChainConsensus {
///     static let descriptor = ComponentDescriptor(key: "my-yuma", kind: .chainConsensus,
///         summary: "Yuma with …", parameters: [.number("kappa", default: 0.5, range: 0...1, "…")])
///     init(parameters: ParameterValues) throws { … }
///     func epoch(_ input: ChainEpochInput, state: ChainState) throws -> ChainEpochResult { … }
/// }
/// // in the module: try registry.register(MyMechanism.self)
/// ```
///
/// Implementers must guarantee:
/// - **Purity**: the result depends only on the input, the carried state and the parameters given
///   at `init`; no randomness, no I/O, no hidden state. Thread count never changes a result.
/// - **Shapes**: every per-UID output has `input.uidCount` entries; bonds are a square sparse
///   matrix over the same UIDs.
/// - **Normalisation**: incentive sums to 1 or is all 0; dividends sum to 1 or are all 0.
/// - **Conservation**: server plus validator emission sums to `input.emission` (within rounding of
///   the mechanism's arithmetic) whenever the emission is distributed.
/// - **Bounds**: bonds, trust, validator trust, consensus and ranks lie in [0, 1].
/// - **Refusal, not traps**: an input whose shapes disagree, or with a negative or non-finite
///   stake, throws a ``ChainInputError`` naming the field.
///
/// `ScoringTestKit.ChainConformance` checks these over random subnets.
public protocol ChainConsensus: Sendable {
    /// Key, summary, reference and the hyperparameters (named as on chain) with defaults and ranges.
    static var descriptor: ComponentDescriptor { get }
    /// Makes the mechanism from resolved parameters (every declared parameter is present).
    init(parameters: ParameterValues) throws
    /// Runs one epoch on `input`, starting from the carried `state` (``ChainState/initial`` at first).
    func epoch(_ input: ChainEpochInput, state: ChainState) throws -> ChainEpochResult
}

extension ChainConsensus {
    /// The mechanism with its default parameters.
    public static func makeDefault(registry: ScoringRegistry = ScoringRegistry()) throws -> Self {
        try Self(parameters: .defaults(for: descriptor.parameters, registry: registry))
    }
}

extension ComponentKind {
    /// ``ChainConsensus`` implementations (`yuma`, research variants).
    public static let chainConsensus = ComponentKind(rawValue: "chain-consensus")
}

extension ScoringRegistry {
    /// Registers a chain consensus mechanism under its ``ChainConsensus/descriptor``.
    public mutating func register<C: ChainConsensus>(_ type: C.Type) throws(RegistryError) {
        var d = C.descriptor
        d.kind = .chainConsensus
        try register(d) { try C(parameters: $0) }
    }

    /// Makes the chain consensus mechanism `key` with `parameters` (defaults when `nil`).
    public func makeChainConsensus(_ key: ComponentKey, parameters: ParameterValues? = nil) throws -> any ChainConsensus {
        try make(.chainConsensus, key, parameters: parameters, as: (any ChainConsensus).self)
    }
}
