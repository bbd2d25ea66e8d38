import ScoringCore

/// The property checks behind ``FormulaConformance``, one method per built-in role.
struct Checker {
    let formula: any ScoringFormula
    let twin: any ScoringFormula
    let iterations: Int
    let tolerance: Double
    var random: Xoshiro256
    var problems: [String] = []
    var reported: Set<String> = []

    init(formula: any ScoringFormula, twin: any ScoringFormula, iterations: Int, tolerance: Double, random: Xoshiro256) {
        self.formula = formula
        self.twin = twin
        self.iterations = iterations
        self.tolerance = tolerance
        self.random = random
    }

    var name: String { type(of: formula).descriptor.key.rawValue }

    mutating func fail(_ message: String) {
        // One line per property: a property failing on many random cases is reported once, with
        // its first counterexample. Messages of one property share the text before the first digit.
        let text = "'\(name)': \(message)"
        let property = message.prefix { !$0.isNumber }
        if !reported.contains(String(property)) {
            reported.insert(String(property))
            problems.append(text)
        }
    }

    func slack(_ x: Double) -> Double { tolerance * max(1, abs(x)) }

    mutating func run() {
        switch formula {
        case let f as any EmissionSplitFormula: emissionSplit(f)
        case let f as any CompositeScoreFormula: compositeScore(f)
        case let f as any EpochScoreFormula: epochScore(f)
        case let f as any ExcellenceBonusFormula: excellenceBonus(f)
        case let f as any MinerEmissionFormula: minerEmission(f)
        case let f as any BreakthroughFormula: breakthrough(f)
        case let f as any ValidatorAccuracyFormula: validatorAccuracy(f)
        case let f as any ValidatorEmissionFormula: validatorEmission(f)
        case let f as any TrapPenaltyFormula: trapPenalty(f)
        case let f as any SlashingFormula: slashing(f)
        case let f as any ObjectiveScoreFormula: objectiveScore(f)
        case let f as any ConsensusFormula: consensus(f)
        case let f as any FinalScoreFormula: finalScore(f)
        case let f as any ReputationMultiplierFormula: reputation(f)
        default: break  // a role this checker does not know: descriptor and JSON checks only
        }
    }

    // MARK: - Random inputs

    mutating func unit() -> Double {
        switch random.randbelow(10) {
        case 0: 0
        case 1: 1
        default: random.random()
        }
    }

    mutating func units(_ n: Int) -> [Double] { (0..<n).map { _ in unit() } }

    mutating func count(_ upTo: Int) -> Int { random.randbelow(upTo + 1) }

    // MARK: - JSON and determinism

    /// Evaluates `input` on both instances, checks they agree, checks the output survives a JSON
    /// round trip, and returns the numbers under `fields` (a list field contributes every element,
    /// a boolean 1 or 0), in order.
    mutating func viaJSON(_ input: ConfigNode, _ fields: String...) -> [Double]? {
        let output: ConfigNode
        do {
            output = try formula.evaluate(input)
            let again = try twin.evaluate(input)
            if again != output { fail("evaluate is not deterministic for \(input.jsonString(pretty: false))") }
        } catch {
            fail("evaluate rejected valid input \(input.jsonString(pretty: false)): \(error)")
            return nil
        }
        do {
            let parsed = try ConfigLoader().parse(yaml: output.jsonString(), name: "output")
            if parsed.withoutLocations != output.withoutLocations {
                fail("output does not survive a JSON round trip: \(output.jsonString(pretty: false))")
            }
        } catch {
            fail("output is not valid JSON: \(error)")
        }
        var numbers: [Double] = []
        for field in fields {
            guard let v = output[field] else {
                fail("evaluate output lacks '\(field)': \(output.jsonString(pretty: false))")
                return nil
            }
            if let d = v.doubleValue {
                numbers.append(d)
            } else if let e = v.elements {
                numbers += e.map { $0.doubleValue ?? .nan }
            } else if let b = v.boolValue {
                numbers.append(b ? 1 : 0)
            } else {
                fail("evaluate output '\(field)' is not numeric")
                return nil
            }
        }
        return numbers
    }

    mutating func agree(_ typed: [Double], _ json: [Double]?, _ what: String) {
        guard let json else { return }
        if typed.count != json.count || zip(typed, json).contains(where: { $0.bitPattern != $1.bitPattern && !($0.isNaN && $1.isNaN) }) {
            fail("evaluate disagrees with the typed method on \(what): \(typed) vs \(json)")
        }
    }

    static func list(_ xs: [Double]) -> ConfigNode { .list(xs.map { .double($0) }) }

    // MARK: - Roles

    mutating func emissionSplit(_ f: any EmissionSplitFormula) {
        for i in 0..<iterations {
            let total = i == 0 ? 0 : random.random() * pow10(count(6))
            let s = f.split(total: total)
            if !(s.miners >= 0 && s.validators >= 0 && s.miners.isFinite && s.validators.isFinite) {
                fail("shares must be finite and ≥ 0, got \(s) for total \(total)")
            }
            if abs(s.miners + s.validators - total) > slack(total) {
                fail("shares \(s.miners) + \(s.validators) do not sum to the total \(total)")
            }
            agree([s.miners, s.validators], viaJSON(.map(["total": .double(total)]), "miners", "validators"), "total \(total)")
        }
    }

    mutating func compositeScore(_ f: any CompositeScoreFormula) {
        let zero = DimensionScores(quality: 0, accuracy: 0, novelty: 0, efficiency: 0)
        if abs(f.compositeScore(zero)) > tolerance { fail("all-zero dimensions must give 0, got \(f.compositeScore(zero))") }
        for _ in 0..<iterations {
            var d = DimensionScores(quality: unit(), accuracy: unit(), novelty: unit(), efficiency: unit())
            let v = f.compositeScore(d)
            if !(v >= -tolerance && v <= 1 + tolerance) { fail("CMS must be in [0, 1], got \(v) for \(d)") }
            let node = ConfigNode.map(["quality": .double(d.quality), "accuracy": .double(d.accuracy),
                                       "novelty": .double(d.novelty), "efficiency": .double(d.efficiency)])
            agree([v], viaJSON(node, "cms"), "\(d)")
            let k = random.randbelow(4)
            let up = min(1, d[k] + random.random() * 0.5)
            switch k {
            case 0: d.quality = up
            case 1: d.accuracy = up
            case 2: d.novelty = up
            default: d.efficiency = up
            }
            let w = f.compositeScore(d)
            if w < v - slack(v) { fail("CMS must not decrease when a dimension rises (\(v) → \(w))") }
        }
    }

    mutating func epochScore(_ f: any EpochScoreFormula) {
        if f.epochScore(scores: [], difficulties: [], trapPenalty: 1) != 0 { fail("no tasks must give 0") }
        for _ in 0..<iterations {
            let n = 1 + count(15)
            var scores = (0..<n).map { _ in unit() * (random.randbelow(8) == 0 ? 2 : 1) }
            let difficulties = (0..<n).map { _ in 1 + random.randbelow(10) }
            let penalty = unit()
            let v = f.epochScore(scores: scores, difficulties: difficulties, trapPenalty: penalty)
            if !(v >= 0 && v.isFinite) { fail("S_epoch must be finite and ≥ 0, got \(v)") }
            let node = ConfigNode.map(["scores": Self.list(scores), "difficulties": .list(difficulties.map { .int($0) }),
                                       "trap_penalty": .double(penalty)])
            agree([v], viaJSON(node, "s_epoch"), "\(scores)")
            let higherPenalty = f.epochScore(scores: scores, difficulties: difficulties, trapPenalty: min(1, penalty + 0.25))
            if higherPenalty < v - slack(v) { fail("S_epoch must not decrease when the trap penalty rises") }
            let k = random.randbelow(n)
            scores[k] += random.random()
            let w = f.epochScore(scores: scores, difficulties: difficulties, trapPenalty: penalty)
            if w < v - slack(v) { fail("S_epoch must not decrease when a task score rises (\(v) → \(w))") }
        }
    }

    mutating func excellenceBonus(_ f: any ExcellenceBonusFormula) {
        let k = f.topK
        for streak in [0, -1] where f.bonus(rank: 1, streak: streak) != 0 { fail("streak \(streak) must give 0") }
        if f.bonus(rank: k + 1, streak: 5) != 0 { fail("rank \(k + 1), beyond top_k = \(k), must give 0") }
        if f.bonus(rank: 0, streak: 5) != 0 { fail("rank 0 must give 0") }
        for _ in 0..<iterations {
            let rank = 1 + random.randbelow(min(k + 3, 1000))
            let streak = count(40)
            let v = f.bonus(rank: rank, streak: streak)
            if !(v >= 0 && v.isFinite) { fail("PEB must be finite and ≥ 0, got \(v)") }
            if rank > k && v != 0 { fail("rank \(rank) beyond top_k must give 0") }
            agree([v], viaJSON(.map(["rank": .int(rank), "streak": .int(streak)]), "peb"), "rank \(rank) streak \(streak)")
            if f.bonus(rank: rank + 1, streak: streak) > v + slack(v) { fail("PEB must not increase with rank") }
            if f.bonus(rank: rank, streak: streak + 1) < v - slack(v) { fail("PEB must not decrease with streak") }
        }
    }

    mutating func minerEmission(_ f: any MinerEmissionFormula) {
        if !f.distribute(pool: 10, scores: [], bonuses: []).isEmpty { fail("no miners must give no rewards") }
        for i in 0..<iterations {
            let n = 1 + count(20)
            let pool = random.random() * 1000
            let scores = i % 10 == 0 ? [Double](repeating: 0, count: n) : (0..<n).map { _ in unit() * 2 }
            let bonuses = (0..<n).map { _ in random.randbelow(3) == 0 ? 0 : random.random() }
            let r = f.distribute(pool: pool, scores: scores, bonuses: bonuses)
            poolChecks(r, n: n, pool: pool, what: "scores \(scores)")
            if i % 10 == 0, let first = r.first, r.contains(where: { abs($0 - first) > slack(first) }) {
                fail("all-zero scores must split the pool equally, got \(r)")
            }
            let node = ConfigNode.map(["pool": .double(pool), "scores": Self.list(scores), "bonuses": Self.list(bonuses)])
            agree(r, viaJSON(node, "rewards"), "scores \(scores)")
        }
    }

    mutating func poolChecks(_ r: [Double], n: Int, pool: Double, what: String) {
        if r.count != n { fail("must return one reward per participant (\(n)), got \(r.count)"); return }
        if r.contains(where: { !($0 >= 0 && $0.isFinite) }) { fail("rewards must be finite and ≥ 0, got \(r) for \(what)") }
        var sum = 0.0
        for x in r { sum += x }
        if abs(sum - pool) > slack(pool) { fail("rewards sum to \(sum), not the pool \(pool), for \(what)") }
    }

    mutating func breakthrough(_ f: any BreakthroughFormula) {
        for _ in 0..<iterations {
            let cms = unit()
            let unsolved = f.apply(cms: cms, previouslyUnsolved: true)
            let solved = f.apply(cms: cms, previouslyUnsolved: false)
            if unsolved.score < cms { fail("a breakthrough must never lower the score (\(cms) → \(unsolved.score))") }
            if solved.score != cms || solved.isBreakthrough { fail("an already solved task must keep its score, got \(solved)") }
            if !unsolved.isBreakthrough && unsolved.score != cms { fail("a score changed without a breakthrough: \(cms) → \(unsolved.score)") }
            let node = ConfigNode.map(["cms": .double(cms), "previously_unsolved": .bool(true)])
            agree([unsolved.score, unsolved.isBreakthrough ? 1 : 0], viaJSON(node, "score", "breakthrough"), "cms \(cms)")
        }
    }

    mutating func validatorAccuracy(_ f: any ValidatorAccuracyFormula) {
        if f.accuracy(scores: [], consensus: []) != 1 { fail("a validator that scored nothing must get 1") }
        for _ in 0..<iterations {
            let n = 1 + count(20)
            var scores = units(n)
            let consensus = units(n)
            let v = f.accuracy(scores: scores, consensus: consensus)
            if !(v >= 0 && v <= 1) { fail("VAS must be in [0, 1], got \(v)") }
            if f.accuracy(scores: consensus, consensus: consensus) != 1 { fail("scores equal to consensus must give 1") }
            agree([v], viaJSON(.map(["scores": Self.list(scores), "consensus": Self.list(consensus)]), "vas"), "\(scores)")
            let k = random.randbelow(n)
            scores[k] = consensus[k] + (scores[k] - consensus[k]) * (1 + random.random())
            let w = f.accuracy(scores: scores, consensus: consensus)
            if w > v + slack(v) { fail("VAS must not rise when a deviation grows (\(v) → \(w))") }
        }
    }

    mutating func validatorEmission(_ f: any ValidatorEmissionFormula) {
        if !f.distribute(pool: 10, accuracy: [], stakes: [], reputations: []).isEmpty { fail("no validators must give no rewards") }
        for i in 0..<iterations {
            let n = 1 + count(12)
            let pool = random.random() * 100
            let accuracy = i % 10 == 0 ? [Double](repeating: 0, count: n) : units(n)
            let stakes = (0..<n).map { _ in random.random() * 10_000 }
            let reps = (0..<n).map { _ in 1 + random.random() * 0.5 }
            let r = f.distribute(pool: pool, accuracy: accuracy, stakes: stakes, reputations: reps)
            poolChecks(r, n: n, pool: pool, what: "accuracy \(accuracy)")
            if i % 10 == 0, let first = r.first, r.contains(where: { abs($0 - first) > slack(first) }) {
                fail("all-zero weights must split the pool equally, got \(r)")
            }
            let node = ConfigNode.map(["pool": .double(pool), "accuracy": Self.list(accuracy), "stakes": Self.list(stakes),
                                       "reputations": Self.list(reps)])
            agree(r, viaJSON(node, "rewards"), "accuracy \(accuracy)")
        }
    }

    mutating func trapPenalty(_ f: any TrapPenaltyFormula) {
        if f.penalty(trapScores: [], groundTruths: []) != 1 { fail("no traps must give 1") }
        for _ in 0..<iterations {
            let n = 1 + count(5)
            var scores = units(n)
            let truths = (0..<n).map { _ in 0.8 + random.random() * 0.2 }
            let v = f.penalty(trapScores: scores, groundTruths: truths)
            if !(v >= 0 && v <= 1) { fail("the penalty must be in [0, 1], got \(v)") }
            agree([v], viaJSON(.map(["trap_scores": Self.list(scores), "ground_truths": Self.list(truths)]), "penalty"), "\(scores)")
            let k = random.randbelow(n)
            scores[k] = min(1, scores[k] + random.random())
            let w = f.penalty(trapScores: scores, groundTruths: truths)
            if w < v - slack(v) { fail("the penalty must not fall when a trap score rises (\(v) → \(w) for \(scores), truths \(truths))") }
        }
    }

    mutating func slashing(_ f: any SlashingFormula) {
        for _ in 0..<iterations {
            let stake = random.random() * 10_000
            let n = count(20)
            var history = units(n)
            let v = f.slash(stake: stake, history: history)
            if !(v >= 0 && v <= stake) { fail("the slash must be in [0, stake], got \(v) of \(stake)") }
            agree([v], viaJSON(.map(["stake": .double(stake), "history": Self.list(history)]), "slash"), "\(history)")
            let delta = random.random() * 0.3
            for i in history.indices { history[i] = min(1, history[i] + delta) }
            let w = f.slash(stake: stake, history: history)
            if w > v + slack(v) { fail("the slash must not grow when accuracy rises (\(v) → \(w))") }
        }
    }

    mutating func objectiveScore(_ f: any ObjectiveScoreFormula) {
        for _ in 0..<iterations {
            let n = 1 + count(5)
            var weights = (0..<n).map { _ in random.random() }
            let sum = weights.reduce(0, +)
            if sum > 0 { weights = weights.map { $0 / sum } }
            var checks = units(random.randbelow(4) == 0 ? max(0, n - 1) : n)  // sometimes a check is missing
            let v = f.objectiveScore(checks: checks, weights: weights)
            if !(v >= -tolerance && v <= 1 + tolerance) { fail("O must be in [0, 1], got \(v)") }
            agree([v], viaJSON(.map(["checks": Self.list(checks), "weights": Self.list(weights)]), "objective"), "\(checks)")
            guard !checks.isEmpty else { continue }
            let k = random.randbelow(checks.count)
            checks[k] = min(1, checks[k] + random.random())
            let w = f.objectiveScore(checks: checks, weights: weights)
            if w < v - slack(v) { fail("O must not decrease when a check rises (\(v) → \(w))") }
        }
    }

    mutating func consensus(_ f: any ConsensusFormula) {
        if f.consensus(scores: [], stakes: []) != 0 { fail("no validators must give 0") }
        if f.consensus(scores: [0.4, 0.9], stakes: [0, 0]) != 0 { fail("a total stake of 0 must give 0") }
        for _ in 0..<iterations {
            let n = 1 + count(12)
            let scores = units(n)
            let stakes = (0..<n).map { _ in random.randbelow(6) == 0 ? 0 : random.random() * 5000 }
            let total = stakes.reduce(0, +)
            let v = f.consensus(scores: scores, stakes: stakes)
            agree([v], viaJSON(.map(["scores": Self.list(scores), "stakes": Self.list(stakes)]), "consensus"), "\(scores)")
            guard total > 0 else {
                if v != 0 { fail("a total stake of 0 must give 0, got \(v)") }
                continue
            }
            let lo = scores.min()!, hi = scores.max()!
            if !(v >= lo - slack(lo) && v <= hi + slack(hi)) { fail("consensus \(v) is outside [\(lo), \(hi)]") }
            var order = Array(0..<n)
            random.shuffle(&order)
            let permuted = f.consensus(scores: order.map { scores[$0] }, stakes: order.map { stakes[$0] })
            if abs(permuted - v) > slack(v) { fail("consensus changes when validators are permuted (\(v) → \(permuted))") }
            let factor = 0.5 + random.random() * 8
            let scaled = f.consensus(scores: scores, stakes: stakes.map { $0 * factor })
            if abs(scaled - v) > slack(v) { fail("consensus changes when every stake is scaled by \(factor) (\(v) → \(scaled))") }
        }
    }

    mutating func finalScore(_ f: any FinalScoreFormula) {
        for _ in 0..<iterations {
            let o = unit(), c = unit()
            let v = f.finalScore(objective: o, consensus: c)
            if !(v >= -tolerance && v <= 1 + tolerance) { fail("the final score must be in [0, 1], got \(v)") }
            agree([v], viaJSON(.map(["objective": .double(o), "consensus": .double(c)]), "final"), "O \(o) C \(c)")
            if f.finalScore(objective: min(1, o + random.random()), consensus: c) < v - slack(v) { fail("F must not decrease in O") }
            if f.finalScore(objective: o, consensus: min(1, c + random.random())) < v - slack(v) { fail("F must not decrease in C") }
        }
    }

    mutating func reputation(_ f: any ReputationMultiplierFormula) {
        for _ in 0..<iterations {
            let n = count(45)
            var history = units(n)
            let v = f.multiplier(history: history)
            if !(v > 0 && v.isFinite) { fail("the multiplier must be finite and > 0, got \(v)") }
            agree([v], viaJSON(.map(["history": Self.list(history)]), "reputation"), "\(history)")
            guard n > 0 else { continue }
            let k = random.randbelow(n)
            history[k] = min(1, history[k] + random.random())
            let w = f.multiplier(history: history)
            if w < v - slack(v) { fail("the multiplier must not fall when a VAS value rises (\(v) → \(w))") }
        }
    }

    func pow10(_ k: Int) -> Double { (0..<k).reduce(1.0) { x, _ in x * 10 } }
}
