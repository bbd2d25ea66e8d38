public import ScoringCore

/// The ReasonForge mechanism as a module: its formulas (Eq. 1–13, the reputation multiplier and
/// alternatives), its six task domains and its simulated participant tables.
///
/// ```swift
/// let registry = try ScoringRegistry(modules: [ReasonForgeModule()])
/// let consensus = try registry.makeFormula("consensus-trimmed-mean", as: (any ConsensusFormula).self)
/// ```
public struct ReasonForgeModule: ScoringModule {
    public var name: String { "reasonforge" }

    public init() {}

    /// The formula types of the reference mechanism, in equation order (Eq. 1…13, then the reputation multiplier).
    public static let referenceFormulas: [any ScoringFormula.Type] = [
        EmissionSplit.self, WeightedCompositeScore.self, DifficultyWeightedEpochScore.self, SqrtExcellenceBonus.self,
        ProportionalMinerEmission.self, ThresholdBreakthrough.self, MeanAbsoluteValidatorAccuracy.self,
        ProportionalValidatorEmission.self, ThresholdTrapPenalty.self, QuadraticSlashing.self,
        WeightedObjectiveScore.self, TrimmedMeanConsensus.self, WeightedFinalScore.self, ThresholdReputationMultiplier.self,
    ]

    /// Alternatives to reference formulas, each filling the same role with its guarantees.
    public static let alternativeFormulas: [any ScoringFormula.Type] = [
        MedianConsensus.self, MeanConsensus.self, LinearExcellenceBonus.self, SoftmaxMinerEmission.self,
        GroundTruthTrapPenalty.self,
    ]

    /// The key of the reference formula for each built-in role (what a config selects by default).
    public static let referenceKeys: [FormulaRole: ComponentKey] = [
        .emissionSplit: "emission-split", .compositeScore: "cms-weighted", .epochScore: "epoch-score",
        .excellenceBonus: "peb-sqrt", .minerEmission: "miner-emission-proportional", .breakthrough: "breakthrough",
        .validatorAccuracy: "vas-mean-abs", .validatorEmission: "validator-emission", .trapPenalty: "trap-penalty-threshold",
        .slashing: "slashing-quadratic", .objectiveScore: "objective-weighted", .consensus: "consensus-trimmed-mean",
        .finalScore: "final-score", .reputationMultiplier: "reputation-multiplier",
    ]

    public func register(into registry: inout ScoringRegistry) throws {
        for formula in Self.referenceFormulas + Self.alternativeFormulas { try registry.register(formula) }
        for domain in ReasonForgeDomains.referenceOrder { try registry.register(domain: domain) }
        try registry.register(MinerTierTable.descriptor) { try MinerTierTable(parameters: $0) }
        try registry.register(ValidatorProfileTable.descriptor) { try ValidatorProfileTable(parameters: $0) }
    }
}
