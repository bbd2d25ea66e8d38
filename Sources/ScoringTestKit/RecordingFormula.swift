public import ScoringCore
import Foundation

/// One call a ``RecordingFormula`` saw: the method, its arguments and its result, as text.
public struct FormulaCall: Sendable, Hashable, CustomStringConvertible {
    public var method: String
    public var arguments: String
    public var result: String
    public var description: String { "\(method)(\(arguments)) -> \(result)" }
}

/// The shared, thread-safe list of calls made on a ``RecordingFormula`` and its copies.
public final class FormulaCallLog: @unchecked Sendable {
    // @unchecked: `calls` is only touched while `lock` is held.
    private let lock = NSLock()
    private var storage: [FormulaCall] = []

    public init() {}

    public var calls: [FormulaCall] { lock.withLock { storage } }
    public func calls(to method: String) -> [FormulaCall] { calls.filter { $0.method == method } }
    public func reset() { lock.withLock { storage.removeAll() } }

    func append(_ call: FormulaCall) { lock.withLock { storage.append(call) } }
}

/// A test double that forwards to a real formula and records every call, in the spirit of
/// `MetricsTestKit`: hand it to code under test, then inspect ``log``.
///
/// It fills whatever built-in role `Wrapped` fills (conditional conformances), has the wrapped
/// formula's descriptor and behaviour, and can be registered in place of it:
/// ```swift
/// let log = FormulaCallLog()
/// let consensus = RecordingFormula(TrimmedMeanConsensus(), log: log)
/// _ = consensus.consensus(scores: [0.5], stakes: [1])
/// #expect(log.calls(to: "consensus").count == 1)
/// ```
public struct RecordingFormula<Wrapped: ScoringFormula>: ScoringFormula {
    public let wrapped: Wrapped
    public let log: FormulaCallLog

    public init(_ wrapped: Wrapped, log: FormulaCallLog = FormulaCallLog()) {
        self.wrapped = wrapped
        self.log = log
    }

    public static var descriptor: ComponentDescriptor { Wrapped.descriptor }
    public static var role: FormulaRole { Wrapped.role }

    public init(parameters: ParameterValues) throws {
        self.init(try Wrapped(parameters: parameters))
    }

    public func evaluate(_ input: ConfigNode) throws -> ConfigNode {
        let output = try wrapped.evaluate(input)
        log.append(FormulaCall(method: "evaluate", arguments: input.jsonString(pretty: false), result: output.jsonString(pretty: false)))
        return output
    }

    func record<R>(_ method: String, _ arguments: String, _ result: R) -> R {
        log.append(FormulaCall(method: method, arguments: arguments, result: "\(result)"))
        return result
    }
}

extension RecordingFormula: EmissionSplitFormula where Wrapped: EmissionSplitFormula {
    public func split(total: Double) -> EmissionShares { record("split", "total: \(total)", wrapped.split(total: total)) }
}

extension RecordingFormula: CompositeScoreFormula where Wrapped: CompositeScoreFormula {
    public func compositeScore(_ d: DimensionScores) -> Double { record("compositeScore", "\(d)", wrapped.compositeScore(d)) }
}

extension RecordingFormula: EpochScoreFormula where Wrapped: EpochScoreFormula {
    public func difficultyMultiplier(_ difficulty: Int) -> Double { wrapped.difficultyMultiplier(difficulty) }
    public func epochScore(scores: [Double], difficulties: [Int], trapPenalty: Double) -> Double {
        record("epochScore", "scores: \(scores), difficulties: \(difficulties), trapPenalty: \(trapPenalty)",
               wrapped.epochScore(scores: scores, difficulties: difficulties, trapPenalty: trapPenalty))
    }
}

extension RecordingFormula: ExcellenceBonusFormula where Wrapped: ExcellenceBonusFormula {
    public var topK: Int { wrapped.topK }
    public func bonus(rank: Int, streak: Int) -> Double { record("bonus", "rank: \(rank), streak: \(streak)", wrapped.bonus(rank: rank, streak: streak)) }
}

extension RecordingFormula: MinerEmissionFormula where Wrapped: MinerEmissionFormula {
    public func distribute(pool: Double, scores: [Double], bonuses: [Double]) -> [Double] {
        record("distribute", "pool: \(pool), scores: \(scores), bonuses: \(bonuses)", wrapped.distribute(pool: pool, scores: scores, bonuses: bonuses))
    }
}

extension RecordingFormula: BreakthroughFormula where Wrapped: BreakthroughFormula {
    public func apply(cms: Double, previouslyUnsolved: Bool) -> BreakthroughResult {
        record("apply", "cms: \(cms), previouslyUnsolved: \(previouslyUnsolved)", wrapped.apply(cms: cms, previouslyUnsolved: previouslyUnsolved))
    }
}

extension RecordingFormula: ValidatorAccuracyFormula where Wrapped: ValidatorAccuracyFormula {
    public func accuracy(scores: [Double], consensus: [Double]) -> Double {
        record("accuracy", "scores: \(scores), consensus: \(consensus)", wrapped.accuracy(scores: scores, consensus: consensus))
    }
}

extension RecordingFormula: ValidatorEmissionFormula where Wrapped: ValidatorEmissionFormula {
    public func distribute(pool: Double, accuracy: [Double], stakes: [Double], reputations: [Double]) -> [Double] {
        record("distribute", "pool: \(pool), accuracy: \(accuracy), stakes: \(stakes), reputations: \(reputations)",
               wrapped.distribute(pool: pool, accuracy: accuracy, stakes: stakes, reputations: reputations))
    }
}

extension RecordingFormula: TrapPenaltyFormula where Wrapped: TrapPenaltyFormula {
    public func penalty(trapScores: [Double], groundTruths: [Double]) -> Double {
        record("penalty", "trapScores: \(trapScores), groundTruths: \(groundTruths)", wrapped.penalty(trapScores: trapScores, groundTruths: groundTruths))
    }
}

extension RecordingFormula: SlashingFormula where Wrapped: SlashingFormula {
    public var window: Int { wrapped.window }
    public func slash(stake: Double, history: [Double]) -> Double {
        record("slash", "stake: \(stake), history: \(history)", wrapped.slash(stake: stake, history: history))
    }
}

extension RecordingFormula: ObjectiveScoreFormula where Wrapped: ObjectiveScoreFormula {
    public func objectiveScore(checks: [Double], weights: [Double]) -> Double {
        record("objectiveScore", "checks: \(checks), weights: \(weights)", wrapped.objectiveScore(checks: checks, weights: weights))
    }
}

extension RecordingFormula: ConsensusFormula where Wrapped: ConsensusFormula {
    public func consensus(scores: [Double], stakes: [Double]) -> Double {
        record("consensus", "scores: \(scores), stakes: \(stakes)", wrapped.consensus(scores: scores, stakes: stakes))
    }
}

extension RecordingFormula: FinalScoreFormula where Wrapped: FinalScoreFormula {
    public func finalScore(objective: Double, consensus: Double) -> Double {
        record("finalScore", "objective: \(objective), consensus: \(consensus)", wrapped.finalScore(objective: objective, consensus: consensus))
    }
}

extension RecordingFormula: ReputationMultiplierFormula where Wrapped: ReputationMultiplierFormula {
    public var window: Int { wrapped.window }
    public func multiplier(history: [Double]) -> Double {
        record("multiplier", "history: \(history)", wrapped.multiplier(history: history))
    }
}
