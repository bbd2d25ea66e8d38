/// What one validator observed of the miners since it last set weights: the input of a ``WeightSetter``.
///
/// Every array has one entry per miner (column UID order). A pipeline fills what it knows and
/// leaves the rest at the neutral value: bonuses 0, multipliers 1, reputation 1.
public struct WeightObservation: Sendable, Hashable {
    /// The validator's own view of each miner: the mean of the scores it gave the miner since it
    /// last set weights, or the last such mean when it saw nothing of the miner this time.
    public var scores: [Double]
    /// Whether the validator saw the miner since it last set weights.
    public var observed: [Bool]
    /// The validator's own excellence bonus per miner (ReasonForge PEB from its own ranking; 0 when none).
    public var bonuses: [Double]
    /// Tier multiplier per miner (MIID phase 3; 1 when none).
    public var multipliers: [Double]
    /// Reputation score per miner (MIID phase 3; 1 when none).
    public var reputation: [Double]

    public init(scores: [Double], observed: [Bool]? = nil, bonuses: [Double]? = nil, multipliers: [Double]? = nil,
                reputation: [Double]? = nil) {
        self.scores = scores
        self.observed = observed ?? Array(repeating: true, count: scores.count)
        self.bonuses = bonuses ?? Array(repeating: 0, count: scores.count)
        self.multipliers = multipliers ?? Array(repeating: 1, count: scores.count)
        self.reputation = reputation ?? Array(repeating: 1, count: scores.count)
    }

    /// The number of miners.
    public var count: Int { scores.count }
}

/// How a validator turns what it observed into the weights it sends to the chain: the fifth
/// extension point (component kind `weight-setting`).
///
/// The weights a setter returns are raw (any non-negative scale); the pipeline normalises them,
/// runs the SDK's weight processing and u16 conversion, and only then hands them to a
/// ``ChainConsensus``.
///
/// Implementers must guarantee:
/// - **Shape**: one finite, non-negative weight per miner of the observation.
/// - **Purity**: the result depends only on the observation, the validator's `memory` and the
///   parameters; `memory` (empty before the first call) is the only state, and belongs to one validator.
/// - **Scale freedom**: multiplying every score by a positive constant does not change the weights'
///   proportions (checked by `ScoringTestKit.WeightSetterConformance`).
public protocol WeightSetter: Sendable {
    /// Key, summary, reference and the parameters with defaults and ranges.
    static var descriptor: ComponentDescriptor { get }
    /// Makes the setter from resolved parameters (every declared parameter is present).
    init(parameters: ParameterValues) throws
    /// The raw weights one validator sets from `observation`, updating its `memory`.
    func weights(_ observation: WeightObservation, memory: inout [Double]) -> [Double]
}

extension WeightSetter {
    /// The setter with its default parameters.
    public static func makeDefault(registry: ScoringRegistry = ScoringRegistry()) throws -> Self {
        try Self(parameters: .defaults(for: descriptor.parameters, registry: registry))
    }
}

extension ComponentKind {
    /// ``WeightSetter`` implementations (`reasonforge-peb`, `moving-average`, `miid-phase3`).
    public static let weightSetting = ComponentKind(rawValue: "weight-setting")
}

extension ScoringRegistry {
    /// Registers a weight setter under its ``WeightSetter/descriptor``.
    public mutating func register<W: WeightSetter>(_ type: W.Type) throws(RegistryError) {
        var d = W.descriptor
        d.kind = .weightSetting
        try register(d) { try W(parameters: $0) }
    }

    /// Makes the weight setter `key` with `parameters` (defaults when `nil`).
    public func makeWeightSetter(_ key: ComponentKey, parameters: ParameterValues? = nil) throws -> any WeightSetter {
        try make(.weightSetting, key, parameters: parameters, as: (any WeightSetter).self)
    }
}
