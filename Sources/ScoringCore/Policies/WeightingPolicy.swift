/// A miner's reputation as the reputation service reports it.
public struct MinerReputation: Sendable, Hashable, Codable {
    /// Reputation score; 1.0 is neutral.
    public var score: Double
    /// Tier name (`Diamond` … `Watch` in the MIID tables); an unknown tier is treated as neutral.
    public var tier: String
    public init(score: Double, tier: String) {
        self.score = score
        self.tier = tier
    }
    public static let neutral = MinerReputation(score: 1.0, tier: "Neutral")
}

/// One miner's input to a weighting policy.
public struct WeightingInput: Sendable, Hashable {
    public var miner: String
    public var baseReward: Double
    public var reputation: MinerReputation
    public init(miner: String, baseReward: Double, reputation: MinerReputation) {
        self.miner = miner
        self.baseReward = baseReward
        self.reputation = reputation
    }
}

/// One miner's weighted reward with the factors that produced it.
public struct WeightedReward: Sendable, Hashable, Codable {
    public var miner: String
    public var baseReward: Double
    public var reputation: MinerReputation
    /// Multiplier from the tier table (1.0 for an unknown tier).
    public var tierFactor: Double
    /// Multiplier from the score (e.g. the clamped score).
    public var scoreFactor: Double
    public var finalReward: Double
    /// `finalReward − baseReward`.
    public var bonus: Double { finalReward - baseReward }
    /// Whether the tier was not in the table and counted as neutral.
    public var unknownTier: Bool

    public init(miner: String, baseReward: Double, reputation: MinerReputation, tierFactor: Double,
                scoreFactor: Double, finalReward: Double, unknownTier: Bool = false) {
        self.miner = miner
        self.baseReward = baseReward
        self.reputation = reputation
        self.tierFactor = tierFactor
        self.scoreFactor = scoreFactor
        self.finalReward = finalReward
        self.unknownTier = unknownTier
    }
}

/// The result of weighting one set of rewards.
public struct WeightingResult: Sendable, Hashable {
    public var entries: [WeightedReward]
    /// How many miners had a tier the table does not know (counted as neutral).
    public var unknownTierCount: Int { entries.filter(\.unknownTier).count }
    public var totalBase: Double { entries.reduce(0) { $0 + $1.baseReward } }
    public var totalFinal: Double { entries.reduce(0) { $0 + $1.finalReward } }
    public init(entries: [WeightedReward]) { self.entries = entries }
}

/// Why a weighting input was refused.
public struct WeightingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var miner: String
    public var field: String
    public var value: Double
    public init(miner: String, field: String, value: Double) {
        self.miner = miner
        self.field = field
        self.value = value
    }
    public var description: String {
        "miner '\(miner)': \(field) must be a finite, non-negative number, found \(value)"
    }
}

/// Turns base rewards plus per-miner reputation into weighted rewards, with a per-miner breakdown.
///
/// Implementers must guarantee:
/// - one ``WeightedReward`` per input, in input order, with the input's miner, base and reputation;
/// - `finalReward == baseReward × tierFactor × scoreFactor` (a policy with another shape documents it),
///   finite and ≥ 0 for finite non-negative base rewards;
/// - a zero base reward stays zero; a neutral reputation (score 1.0, tier `Neutral`) leaves the
///   reward unchanged unless the policy documents otherwise;
/// - non-finite or negative base rewards or scores are refused with a ``WeightingError``, never
///   weighted; a tier the policy's table lacks counts as neutral with `unknownTier = true`;
/// - purity: no randomness, no I/O, no hidden state.
public protocol WeightingPolicy: Sendable {
    static var descriptor: ComponentDescriptor { get }
    init(parameters: ParameterValues) throws
    func weigh(_ inputs: [WeightingInput]) throws -> WeightingResult
}

extension WeightingPolicy {
    /// Checks the inputs every policy must refuse; call it first in ``weigh(_:)``.
    public func validate(_ inputs: [WeightingInput]) throws(WeightingError) {
        for input in inputs {
            if !input.baseReward.isFinite || input.baseReward < 0 {
                throw WeightingError(miner: input.miner, field: "base_reward", value: input.baseReward)
            }
            if !input.reputation.score.isFinite || input.reputation.score < 0 {
                throw WeightingError(miner: input.miner, field: "rep_score", value: input.reputation.score)
            }
        }
    }
}
