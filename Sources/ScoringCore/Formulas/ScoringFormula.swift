/// A named, parameterised formula of a scoring mechanism.
///
/// A formula fills one ``FormulaRole`` through the role's protocol (``ConsensusFormula``,
/// ``MinerEmissionFormula``, …), which supplies the typed method the simulator calls and a default
/// ``evaluate(_:)`` for JSON-shaped input (the `scoring formula` playground and the API).
/// A new implementation of any role is one file plus one registration line:
/// ```swift
/// struct StakeWeightedMedian: ConsensusFormula {
///     static let descriptor = ComponentDescriptor(key: "consensus-median", kind: .formula,
///         summary: "Stake-weighted median of validator scores", equation: "C = median_w(s_v; w_v = stake_v)")
///     init(parameters: ParameterValues) throws {}
///     func consensus(scores: [Double], stakes: [Double]) -> Double { … }
/// }
/// // in the module: try registry.register(StakeWeightedMedian.self)
/// ```
///
/// Implementers must guarantee:
/// - **Purity**: the typed method depends only on its arguments and the parameters given at
///   `init`; no hidden state, no randomness, no I/O. The same inputs always give the same output.
/// - **Totality**: every finite input allowed by the role's documentation gives a finite output;
///   edge cases named by the role (empty input, all-zero weights) are handled, never trapped on.
/// - **Role invariants**: whatever the role's protocol states (e.g. an emission split sums to its pool).
/// - **Validation at init**: `init(parameters:)` rejects inconsistent parameters with a
///   ``ConfigError`` (ranges were already checked against ``ComponentDescriptor/parameters``).
/// - **Sendable**: instances are immutable values shared across threads.
///
/// `ScoringTestKit.FormulaConformance` checks these over random inputs; run it over your formula.
public protocol ScoringFormula: Sendable {
    /// Key, one-line summary, equation text and parameters with defaults and ranges.
    static var descriptor: ComponentDescriptor { get }
    /// The role this formula fills; provided by the role protocol.
    static var role: FormulaRole { get }
    /// Makes the formula from resolved parameters (every declared parameter is present).
    init(parameters: ParameterValues) throws
    /// Evaluates the formula on JSON-shaped input, returning JSON-shaped output; provided by the role protocol.
    func evaluate(_ input: ConfigNode) throws -> ConfigNode
}

extension ScoringFormula {
    /// The formula with its default parameters.
    public static func makeDefault(registry: ScoringRegistry = ScoringRegistry()) throws -> Self {
        try Self(parameters: .defaults(for: descriptor.parameters, registry: registry))
    }
}

/// The two shares of an emission (Eq. 1).
public struct EmissionShares: Sendable, Hashable {
    public var miners: Double
    public var validators: Double
    public init(miners: Double, validators: Double) {
        self.miners = miners
        self.validators = validators
    }
}

/// A miner's four scoring dimensions for one task, each in [0, 1].
public struct DimensionScores: Sendable, Hashable {
    public var quality: Double
    public var accuracy: Double
    public var novelty: Double
    public var efficiency: Double

    public init(quality: Double, accuracy: Double, novelty: Double, efficiency: Double) {
        self.quality = quality
        self.accuracy = accuracy
        self.novelty = novelty
        self.efficiency = efficiency
    }

    /// The dimensions in the order Q, A, N, Eff.
    public subscript(index: Int) -> Double {
        switch index & 3 {
        case 0: quality
        case 1: accuracy
        case 2: novelty
        default: efficiency
        }
    }
}

/// Result of applying the breakthrough rule (Eq. 6).
public struct BreakthroughResult: Sendable, Hashable {
    public var score: Double
    public var isBreakthrough: Bool
    public init(score: Double, isBreakthrough: Bool) {
        self.score = score
        self.isBreakthrough = isBreakthrough
    }
}
