public import ScoringCore

/// The formulas one simulation uses, one per role, chosen in the config's `formulas:` section.
///
/// Each slot is written as `key` or `{type: key, options: {...}}` under the role's name
/// (`consensus: consensus-median`); a missing slot selects the ReasonForge default in
/// ``defaultKeys``. The keys are kept so an invariant violation can name the formula responsible.
///
/// The simulator calls the formula in each slot through its role protocol, whatever its type:
/// a Swift caller may replace any slot (`set.consensus = MyConsensus()`) and every run changes.
public struct FormulaSet: Sendable {
    public var emissionSplit: any EmissionSplitFormula
    public var compositeScore: any CompositeScoreFormula
    public var epochScore: any EpochScoreFormula
    public var excellenceBonus: any ExcellenceBonusFormula
    public var minerEmission: any MinerEmissionFormula
    public var breakthrough: any BreakthroughFormula
    public var validatorAccuracy: any ValidatorAccuracyFormula
    public var validatorEmission: any ValidatorEmissionFormula
    public var trapPenalty: any TrapPenaltyFormula
    public var slashing: any SlashingFormula
    public var objectiveScore: any ObjectiveScoreFormula
    public var consensus: any ConsensusFormula
    public var finalScore: any FinalScoreFormula
    public var reputationMultiplier: any ReputationMultiplierFormula
    /// The key selected for each role (for error messages; assigning a slot from Swift does not
    /// change it, and the engine always runs the formula in the slot).
    public var keys: [FormulaRole: ComponentKey]

    /// The ReasonForge formula key of every built-in role.
    public static let defaultKeys: [FormulaRole: ComponentKey] = [
        .emissionSplit: "emission-split", .compositeScore: "cms-weighted", .epochScore: "epoch-score",
        .excellenceBonus: "peb-sqrt", .minerEmission: "miner-emission-proportional", .breakthrough: "breakthrough",
        .validatorAccuracy: "vas-mean-abs", .validatorEmission: "validator-emission",
        .trapPenalty: "trap-penalty-threshold", .slashing: "slashing-quadratic", .objectiveScore: "objective-weighted",
        .consensus: "consensus-trimmed-mean", .finalScore: "final-score", .reputationMultiplier: "reputation-multiplier",
    ]

    /// The key of the formula filling `role` (for error messages).
    public func key(_ role: FormulaRole) -> ComponentKey { keys[role] ?? ComponentKey(role.rawValue) }

    /// Reads the `formulas:` section: one slot per role, each checked against the role.
    /// - Throws: ``ConfigError`` located at the slot (unknown key with the valid keys for that role,
    ///   wrong role, bad options) or at an unknown slot name.
    public static func read(_ r: ConfigReader, registry: ScoringRegistry) throws(ConfigError) -> FormulaSet {
        var keys: [FormulaRole: ComponentKey] = [:]
        func slot<F>(_ role: FormulaRole, _ type: F.Type) throws(ConfigError) -> F {
            let selection = try r.componentSelection(role.rawValue, default: defaultKeys[role])
            keys[role] = selection.key
            return try r.component(role.rawValue, kind: .formula, role: role, default: defaultKeys[role], in: registry, as: type)
        }
        // The consensus slot is read first: the resolved config lists slots in reading order, and
        // earlier versions read it first, so config_sha256 (and matrix resume) stay comparable.
        let consensus = try slot(.consensus, (any ConsensusFormula).self)
        let set = FormulaSet(
            emissionSplit: try slot(.emissionSplit, (any EmissionSplitFormula).self),
            compositeScore: try slot(.compositeScore, (any CompositeScoreFormula).self),
            epochScore: try slot(.epochScore, (any EpochScoreFormula).self),
            excellenceBonus: try slot(.excellenceBonus, (any ExcellenceBonusFormula).self),
            minerEmission: try slot(.minerEmission, (any MinerEmissionFormula).self),
            breakthrough: try slot(.breakthrough, (any BreakthroughFormula).self),
            validatorAccuracy: try slot(.validatorAccuracy, (any ValidatorAccuracyFormula).self),
            validatorEmission: try slot(.validatorEmission, (any ValidatorEmissionFormula).self),
            trapPenalty: try slot(.trapPenalty, (any TrapPenaltyFormula).self),
            slashing: try slot(.slashing, (any SlashingFormula).self),
            objectiveScore: try slot(.objectiveScore, (any ObjectiveScoreFormula).self),
            consensus: consensus,
            finalScore: try slot(.finalScore, (any FinalScoreFormula).self),
            reputationMultiplier: try slot(.reputationMultiplier, (any ReputationMultiplierFormula).self),
            keys: keys)
        return set
    }
}
