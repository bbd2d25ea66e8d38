public import ScoringCore

/// Checks that a formula's batch method gives, bit for bit, what its scalar method gives one item
/// at a time, over random batches (empty ones, single items, ties, zero stakes).
///
/// The simulator only calls batch methods, and the playground, the API and ``FormulaConformance``
/// call the scalar ones, so a formula that writes both must keep them equal; one that writes one
/// of them gets the other from its role's protocol extension. Covers the fourteen built-in roles.
///
/// ```swift
/// @Test func myConsensusBatchesAsItScores() {
///     #expect(BatchConformance().check(MyConsensus()).isEmpty)
/// }
/// ```
public struct BatchConformance: Sendable {
    /// Random batches per role.
    public var iterations: Int
    public var seed: UInt64

    public init(iterations: Int = 100, seed: UInt64 = 0xBA7C) {
        self.iterations = iterations
        self.seed = seed
    }

    /// Checks the formula registered under `key`, made with its default parameters (or `parameters`).
    public func check(_ key: ComponentKey, in registry: ScoringRegistry, parameters: ParameterValues? = nil) -> [String] {
        do {
            return check(try registry.makeFormula(key, parameters: parameters, as: (any ScoringFormula).self))
        } catch {
            return ["'\(key)' cannot be made: \(error)"]
        }
    }

    /// Checks one formula; returns the problems found (empty when the batch matches the scalar method).
    public func check(_ formula: any ScoringFormula) -> [String] {
        var c = BatchChecker(name: type(of: formula).descriptor.key.rawValue, random: Xoshiro256(seed: seed), iterations: iterations)
        switch formula {
        case let f as any EmissionSplitFormula: c.emissionSplit(f)
        case let f as any CompositeScoreFormula: c.compositeScore(f)
        case let f as any EpochScoreFormula: c.epochScore(f)
        case let f as any ExcellenceBonusFormula: c.excellenceBonus(f)
        case let f as any MinerEmissionFormula: c.minerEmission(f)
        case let f as any BreakthroughFormula: c.breakthrough(f)
        case let f as any ValidatorAccuracyFormula: c.validatorAccuracy(f)
        case let f as any ValidatorEmissionFormula: c.validatorEmission(f)
        case let f as any TrapPenaltyFormula: c.trapPenalty(f)
        case let f as any SlashingFormula: c.slashing(f)
        case let f as any ObjectiveScoreFormula: c.objectiveScore(f)
        case let f as any ConsensusFormula: c.consensus(f)
        case let f as any FinalScoreFormula: c.finalScore(f)
        case let f as any ReputationMultiplierFormula: c.reputation(f)
        default: c.problems.append("'\(c.name)': role \(type(of: formula).role) has no batch check")
        }
        return c.problems
    }
}

/// The per-role checks behind ``BatchConformance``.
struct BatchChecker {
    let name: String
    var random: Xoshiro256
    let iterations: Int
    var problems: [String] = []

    init(name: String, random: Xoshiro256, iterations: Int) {
        self.name = name
        self.random = random
        self.iterations = iterations
    }

    /// Records a mismatch once per role (the first counterexample).
    mutating func expectSame(_ batch: [Double], _ scalar: [Double], _ what: @autoclosure () -> String) {
        guard problems.isEmpty else { return }
        if batch.count != scalar.count || zip(batch, scalar).contains(where: { $0.bitPattern != $1.bitPattern }) {
            problems.append("'\(name)': the batch method gives \(batch), the scalar method \(scalar), for \(what())")
        }
    }

    mutating func unit() -> Double {
        switch random.randbelow(8) {
        case 0: 0
        case 1: 1
        case 2: 0.5  // ties
        default: random.random()
        }
    }
    mutating func units(_ n: Int) -> [Double] { (0..<n).map { _ in unit() } }
    /// 0 to 6 items, more often a few.
    mutating func batchSize() -> Int { random.randbelow(7) }

    /// Evaluates a batch method into a new array of `count` outputs.
    static func outputs<T>(_ count: Int, _ initial: T, _ body: (inout MutableSpan<T>) -> Void) -> [T] {
        var result = [T](repeating: initial, count: count)
        var span = result.mutableSpan
        body(&span)
        return result
    }

    /// Row-major matrix of `rows` × `columns` and its columns.
    static func columns(_ matrix: [Double], _ columns: Int) -> [[Double]] {
        (0..<columns).map { c in stride(from: c, to: matrix.count, by: max(1, columns)).map { matrix[$0] } }
    }

    mutating func emissionSplit(_ f: any EmissionSplitFormula) {
        for _ in 0..<iterations {
            let totals = (0..<batchSize()).map { _ in random.random() * 1000 }
            var miners = [Double](repeating: .nan, count: totals.count)
            var validators = [Double](repeating: .nan, count: totals.count)
            var minerSpan = miners.mutableSpan, validatorSpan = validators.mutableSpan
            f.splits(totals: totals.span, miners: &minerSpan, validators: &validatorSpan)
            let shares = totals.map { f.split(total: $0) }
            expectSame(miners, shares.map(\.miners), "totals \(totals)")
            expectSame(validators, shares.map(\.validators), "totals \(totals)")
        }
    }

    mutating func compositeScore(_ f: any CompositeScoreFormula) {
        for _ in 0..<iterations {
            let dims = (0..<batchSize()).map { _ in DimensionScores(quality: unit(), accuracy: unit(), novelty: unit(), efficiency: unit()) }
            let batch = Self.outputs(dims.count, Double.nan) { f.compositeScores(dims.span, into: &$0) }
            expectSame(batch, dims.map { f.compositeScore($0) }, "\(dims)")
        }
    }

    mutating func epochScore(_ f: any EpochScoreFormula) {
        for _ in 0..<iterations {
            let miners = 1 + random.randbelow(5), tasks = random.randbelow(8)
            let scores = (0..<(miners * tasks)).map { _ in unit() * (random.randbelow(6) == 0 ? 2 : 1) }
            let difficulties = (0..<tasks).map { _ in 1 + random.randbelow(11) }
            let penalties = units(miners)
            let batch = Self.outputs(miners, Double.nan) {
                f.epochScores(scores: scores.span, difficulties: difficulties.span, trapPenalties: penalties.span, into: &$0)
            }
            let columns = Self.columns(scores, miners)
            let scalar = (0..<miners).map { f.epochScore(scores: columns[$0], difficulties: difficulties, trapPenalty: penalties[$0]) }
            expectSame(batch, scalar, "scores \(scores), difficulties \(difficulties), penalties \(penalties)")
        }
    }

    mutating func excellenceBonus(_ f: any ExcellenceBonusFormula) {
        for _ in 0..<iterations {
            let n = batchSize()
            let ranks = (0..<n).map { _ in random.randbelow(f.topK + 3) }
            let streaks = (0..<n).map { _ in random.randbelow(25) - 2 }
            let batch = Self.outputs(n, Double.nan) { f.bonuses(ranks: ranks.span, streaks: streaks.span, into: &$0) }
            expectSame(batch, (0..<n).map { f.bonus(rank: ranks[$0], streak: streaks[$0]) }, "ranks \(ranks), streaks \(streaks)")
        }
    }

    mutating func minerEmission(_ f: any MinerEmissionFormula) {
        for i in 0..<iterations {
            let n = batchSize(), pool = random.random() * 500
            let scores = i % 7 == 0 ? [Double](repeating: 0, count: n) : units(n).map { $0 * 2 }
            let bonuses = units(n)
            let batch = Self.outputs(n, Double.nan) { f.distribute(pool: pool, scores: scores.span, bonuses: bonuses.span, into: &$0) }
            expectSame(batch, f.distribute(pool: pool, scores: scores, bonuses: bonuses), "pool \(pool), scores \(scores), bonuses \(bonuses)")
        }
    }

    mutating func breakthrough(_ f: any BreakthroughFormula) {
        for i in 0..<iterations {
            let cms = units(batchSize())
            let unsolved = i % 2 == 0
            var scores = [Double](repeating: .nan, count: cms.count)
            var flags = [Bool](repeating: false, count: cms.count)
            var scoreSpan = scores.mutableSpan, flagSpan = flags.mutableSpan
            f.apply(cms: cms.span, previouslyUnsolved: unsolved, scores: &scoreSpan, isBreakthrough: &flagSpan)
            let scalar = cms.map { f.apply(cms: $0, previouslyUnsolved: unsolved) }
            expectSame(scores, scalar.map(\.score), "cms \(cms), previously unsolved \(unsolved)")
            expectSame(flags.map { $0 ? 1 : 0 }, scalar.map { $0.isBreakthrough ? 1 : 0 }, "breakthrough flags of cms \(cms)")
        }
    }

    mutating func validatorAccuracy(_ f: any ValidatorAccuracyFormula) {
        for _ in 0..<iterations {
            let groups = (0..<batchSize()).map { _ in random.randbelow(6) }
            var ends: [Int] = []
            var total = 0
            for g in groups { total += g; ends.append(total) }
            let scores = units(total), consensus = units(total)
            let batch = Self.outputs(groups.count, Double.nan) {
                f.accuracies(scores: scores.span, consensus: consensus.span, groupEnds: ends.span, into: &$0)
            }
            var scalar: [Double] = []
            var start = 0
            for end in ends {
                scalar.append(f.accuracy(scores: Array(scores[start..<end]), consensus: Array(consensus[start..<end])))
                start = end
            }
            expectSame(batch, scalar, "scores \(scores), consensus \(consensus), group ends \(ends)")
        }
    }

    mutating func validatorEmission(_ f: any ValidatorEmissionFormula) {
        for i in 0..<iterations {
            let n = batchSize(), pool = random.random() * 100
            let accuracy = i % 7 == 0 ? [Double](repeating: 0, count: n) : units(n)
            let stakes = (0..<n).map { _ in Double(random.randbelow(5000)) }
            let reps = (0..<n).map { _ in 1 + unit() * 0.5 }
            let batch = Self.outputs(n, Double.nan) {
                f.distribute(pool: pool, accuracy: accuracy.span, stakes: stakes.span, reputations: reps.span, into: &$0)
            }
            expectSame(batch, f.distribute(pool: pool, accuracy: accuracy, stakes: stakes, reputations: reps),
                       "pool \(pool), accuracy \(accuracy), stakes \(stakes), reputations \(reps)")
        }
    }

    mutating func trapPenalty(_ f: any TrapPenaltyFormula) {
        for _ in 0..<iterations {
            let miners = 1 + random.randbelow(5), traps = random.randbelow(4)
            let scores = units(miners * traps), truths = (0..<traps).map { _ in 0.8 + random.random() * 0.2 }
            let batch = Self.outputs(miners, Double.nan) { f.penalties(trapScores: scores.span, groundTruths: truths.span, into: &$0) }
            let columns = Self.columns(scores, miners)
            expectSame(batch, (0..<miners).map { f.penalty(trapScores: columns[$0], groundTruths: truths) },
                       "trap scores \(scores), truths \(truths)")
        }
    }

    mutating func slashing(_ f: any SlashingFormula) {
        for _ in 0..<iterations {
            let validators = 1 + random.randbelow(5), epochs = random.randbelow(3 * max(1, f.window))
            let history = units(validators * epochs)
            let stakes = (0..<validators).map { _ in Double(random.randbelow(5000)) }
            let batch = Self.outputs(validators, Double.nan) { f.slashes(stakes: stakes.span, histories: history.span, into: &$0) }
            let columns = Self.columns(history, validators)
            expectSame(batch, (0..<validators).map { f.slash(stake: stakes[$0], history: columns[$0]) },
                       "stakes \(stakes), histories \(history)")
        }
    }

    mutating func objectiveScore(_ f: any ObjectiveScoreFormula) {
        for _ in 0..<iterations {
            let n = batchSize(), c = 1 + random.randbelow(5)
            let weights = units(random.randbelow(3) == 0 ? c + 1 : c).map { $0 / Double(c + 1) }  // sometimes a check is missing
            let checks = units(n * c)
            let batch = Self.outputs(n, Double.nan) { f.objectiveScores(checks: checks.span, weights: weights.span, into: &$0) }
            let scalar = (0..<n).map { f.objectiveScore(checks: Array(checks[($0 * c)..<($0 * c + c)]), weights: weights) }
            expectSame(batch, scalar, "checks \(checks), weights \(weights)")
        }
    }

    mutating func consensus(_ f: any ConsensusFormula) {
        for i in 0..<iterations {
            let n = batchSize(), k = i % 10 == 0 ? 0 : 1 + random.randbelow(9)
            var scores = units(n * k)
            if k > 1, n > 0, i % 3 == 0 { scores[1] = scores[0] }  // a tie
            let stakes = (0..<(n * k)).map { _ in i % 11 == 0 || random.randbelow(8) == 0 ? 0 : Double(random.randbelow(5000)) }
            let batch = Self.outputs(n, Double.nan) { f.consensusScores(scores: scores.span, stakes: stakes.span, into: &$0) }
            let scalar = (0..<n).map {
                f.consensus(scores: Array(scores[($0 * k)..<($0 * k + k)]), stakes: Array(stakes[($0 * k)..<($0 * k + k)]))
            }
            expectSame(batch, scalar, "\(k) validators per submission, scores \(scores), stakes \(stakes)")
        }
    }

    mutating func finalScore(_ f: any FinalScoreFormula) {
        for _ in 0..<iterations {
            let n = batchSize()
            let objective = units(n), consensus = units(n)
            let batch = Self.outputs(n, Double.nan) { f.finalScores(objective: objective.span, consensus: consensus.span, into: &$0) }
            expectSame(batch, (0..<n).map { f.finalScore(objective: objective[$0], consensus: consensus[$0]) },
                       "objective \(objective), consensus \(consensus)")
        }
    }

    mutating func reputation(_ f: any ReputationMultiplierFormula) {
        for _ in 0..<iterations {
            let validators = 1 + random.randbelow(5), epochs = random.randbelow(2 * max(1, min(f.window, 40)) + 2)
            let history = (0..<(validators * epochs)).map { _ in 0.6 + unit() * 0.4 }
            let batch = Self.outputs(validators, Double.nan) { f.multipliers(histories: history.span, into: &$0) }
            let columns = Self.columns(history, validators)
            expectSame(batch, (0..<validators).map { f.multiplier(history: columns[$0]) }, "histories \(history)")
        }
    }
}
