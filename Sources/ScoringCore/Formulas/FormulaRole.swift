/// The job a formula does in a mechanism; each role has its own protocol refining ``ScoringFormula``.
///
/// Roles are open: a module can declare a new role with its own protocol and a new `FormulaRole`.
public struct FormulaRole: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (a: FormulaRole, b: FormulaRole) -> Bool { a.rawValue < b.rawValue }

    public static let emissionSplit = FormulaRole(rawValue: "emission-split")            // Eq. 1
    public static let compositeScore = FormulaRole(rawValue: "composite-score")          // Eq. 2
    public static let epochScore = FormulaRole(rawValue: "epoch-score")                  // Eq. 3
    public static let excellenceBonus = FormulaRole(rawValue: "excellence-bonus")        // Eq. 4
    public static let minerEmission = FormulaRole(rawValue: "miner-emission")            // Eq. 5
    public static let breakthrough = FormulaRole(rawValue: "breakthrough")               // Eq. 6
    public static let validatorAccuracy = FormulaRole(rawValue: "validator-accuracy")    // Eq. 7
    public static let validatorEmission = FormulaRole(rawValue: "validator-emission")    // Eq. 8
    public static let trapPenalty = FormulaRole(rawValue: "trap-penalty")                // Eq. 9
    public static let slashing = FormulaRole(rawValue: "slashing")                       // Eq. 10
    public static let objectiveScore = FormulaRole(rawValue: "objective-score")          // Eq. 11
    public static let consensus = FormulaRole(rawValue: "consensus")                     // Eq. 12
    public static let finalScore = FormulaRole(rawValue: "final-score")                  // Eq. 13
    public static let reputationMultiplier = FormulaRole(rawValue: "reputation-multiplier")

    /// The built-in roles in equation order.
    public static let builtIn: [FormulaRole] = [
        .emissionSplit, .compositeScore, .epochScore, .excellenceBonus, .minerEmission, .breakthrough,
        .validatorAccuracy, .validatorEmission, .trapPenalty, .slashing, .objectiveScore, .consensus,
        .finalScore, .reputationMultiplier,
    ]
}
