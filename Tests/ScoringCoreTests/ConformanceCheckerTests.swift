import Testing
import ScoringCore
import ScoringTestKit

/// The TestKit's checkers report what is broken (test doubles with one flaw each).
@Suite struct ConformanceCheckerTests {
    struct LeakyEmission: MinerEmissionFormula {
        static let descriptor = ComponentDescriptor(key: "leaky", kind: .formula, summary: "keeps 1% of the pool")
        init(parameters: ParameterValues) throws {}
        init() {}
        func distribute(pool: Double, scores: [Double], bonuses: [Double]) -> [Double] {
            scores.map { _ in pool * 0.99 / Double(scores.count) }
        }
    }

    struct FirstValidatorWins: ConsensusFormula {
        static let descriptor = ComponentDescriptor(key: "first", kind: .formula, summary: "the first validator decides")
        init(parameters: ParameterValues) throws {}
        init() {}
        func consensus(scores: [Double], stakes: [Double]) -> Double {
            stakes.reduce(0, +) > 0 ? scores.first ?? 0 : 0
        }
    }

    struct DecreasingCMS: CompositeScoreFormula {
        static let descriptor = ComponentDescriptor(key: "decreasing", kind: .formula, summary: "rewards low quality")
        init(parameters: ParameterValues) throws {}
        init() {}
        func compositeScore(_ d: DimensionScores) -> Double { 1 - d.quality }
    }

    struct NotConfigurable: FinalScoreFormula {
        static let descriptor = ComponentDescriptor(key: "", kind: .formula, summary: "")
        init(parameters: ParameterValues) throws {}
        func finalScore(objective: Double, consensus: Double) -> Double { (objective + consensus) / 2 }
    }

    @Test func reportsAPoolThatIsNotConserved() {
        let problems = FormulaConformance(iterations: 50).check(LeakyEmission())
        #expect(problems.contains { $0.contains("do not sum") || $0.contains("not the pool") })
    }

    @Test func reportsAConsensusThatDependsOnOrder() {
        let problems = FormulaConformance(iterations: 50).check(FirstValidatorWins())
        #expect(problems.contains { $0.contains("permuted") })
    }

    @Test func reportsACompositeScoreThatIsNotMonotone() {
        let problems = FormulaConformance(iterations: 50).check(DecreasingCMS())
        #expect(problems.contains { $0.contains("must not decrease") })
        #expect(problems.contains { $0.contains("all-zero dimensions") })
    }

    @Test func reportsAnIncompleteDescriptor() {
        let problems = FormulaConformance(iterations: 5).check(NotConfigurable.self)
        #expect(problems.contains { $0.contains("empty key") })
        #expect(problems.contains { $0.contains("empty summary") })
    }

    @Test func eachProblemIsReportedOnce() {
        let problems = FormulaConformance(iterations: 200).check(LeakyEmission())
        #expect(problems.count < 10, "\(problems)")
    }
}

/// ``PolicyConformance`` over a minimal correct policy and a broken one.
@Suite struct PolicyConformanceTests {
    /// Doubles rewards of tier `Gold`, leaves the rest; the score does not matter.
    struct GoldDoubler: WeightingPolicy {
        static let descriptor = ComponentDescriptor(key: "gold-doubler", kind: .policy, summary: "doubles Gold")
        init(parameters: ParameterValues) throws {}
        init() {}
        func weigh(_ inputs: [WeightingInput]) throws -> WeightingResult {
            try validate(inputs)
            return WeightingResult(entries: inputs.map { i in
                let known = ["Gold", "Neutral"].contains(i.reputation.tier)
                let tier = i.reputation.tier == "Gold" ? 2.0 : 1.0
                return WeightedReward(miner: i.miner, baseReward: i.baseReward, reputation: i.reputation, tierFactor: tier,
                                      scoreFactor: 1, finalReward: i.baseReward * tier, unknownTier: !known)
            })
        }
    }

    /// Forgets to validate and adds a constant bonus (so zero stays non-zero).
    struct Sloppy: WeightingPolicy {
        static let descriptor = ComponentDescriptor(key: "sloppy", kind: .policy, summary: "adds one")
        init(parameters: ParameterValues) throws {}
        init() {}
        func weigh(_ inputs: [WeightingInput]) throws -> WeightingResult {
            WeightingResult(entries: inputs.map { i in
                WeightedReward(miner: i.miner, baseReward: i.baseReward, reputation: i.reputation, tierFactor: 1,
                               scoreFactor: 1, finalReward: i.baseReward + 1)
            })
        }
    }

    @Test func aCorrectPolicyHasNoProblems() {
        let problems = PolicyConformance(knownTiers: ["Gold", "Neutral"]).check(GoldDoubler())
        #expect(problems.isEmpty, "\(problems)")
    }

    @Test func aSloppyPolicyIsReported() {
        let problems = PolicyConformance().check(Sloppy())
        #expect(problems.contains { $0.contains("zero base reward") })
        #expect(problems.contains { $0.contains("must be refused") })
        #expect(problems.contains { $0.contains("unknownTier is false") })
        #expect(problems.contains { $0.contains("base × tierFactor × scoreFactor") })
    }

    @Test func aRegisteredPolicyIsCheckedByKey() throws {
        var registry = ScoringRegistry()
        try registry.register(GoldDoubler.self)
        #expect(PolicyConformance(knownTiers: ["Gold"]).check("gold-doubler", in: registry).isEmpty)
        #expect(!PolicyConformance().check("missing", in: registry).isEmpty)
    }
}

@Suite struct PolicyConformanceOptionsTests {
    /// Ignores reputation entirely: final = base, and it has no tier table to flag unknown tiers with.
    struct Identity: WeightingPolicy {
        static let descriptor = ComponentDescriptor(key: "identity", kind: .policy, summary: "final = base")
        init(parameters: ParameterValues) throws {}
        init() {}
        func weigh(_ inputs: [WeightingInput]) throws -> WeightingResult {
            try validate(inputs)
            return WeightingResult(entries: inputs.map {
                WeightedReward(miner: $0.miner, baseReward: $0.baseReward, reputation: $0.reputation, tierFactor: 1,
                               scoreFactor: 1, finalReward: $0.baseReward)
            })
        }
    }

    @Test func aPolicyWithoutTiersPassesWhenToldSo() {
        #expect(!PolicyConformance().check(Identity()).isEmpty)
        #expect(PolicyConformance(usesTiers: false).check(Identity()).isEmpty)
    }
}
