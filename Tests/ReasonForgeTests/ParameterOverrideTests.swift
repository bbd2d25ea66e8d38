import Testing
import ReasonForge
import ScoringCore

/// Formula parameters set in a YAML slot (`{type: key, options: {...}}`) change the results.
@Suite struct ParameterOverrideTests {
    static let registry = try! ScoringRegistry(modules: [ReasonForgeModule()])

    func formula<F>(_ yaml: String, role: FormulaRole, as: F.Type) throws -> F {
        let node = try ConfigLoader().parse(yaml: yaml, name: "test.yaml")
        let reader = try ConfigReader(node)
        let f = try reader.component("slot", kind: .formula, role: role, default: nil, in: Self.registry, as: F.self)
        try reader.finish()
        return f
    }

    @Test func trimFractionFromYAMLChangesTheConsensus() throws {
        let scores = (0..<10).map { Double($0) / 9 } + [1, 1]
        let stakes = [1.0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 50, 50]
        let reference = try formula("slot: consensus-trimmed-mean", role: .consensus, as: (any ConsensusFormula).self)
        let trimmed = try formula("slot: {type: consensus-trimmed-mean, options: {trim_fraction: 0.25}}", role: .consensus,
                                  as: (any ConsensusFormula).self)
        // 12 validators: the reference drops 1 at each end, 0.25 drops 3 (both heavy 1.0 scores go).
        let a = reference.consensus(scores: scores, stakes: stakes)
        let b = trimmed.consensus(scores: scores, stakes: stakes)
        #expect(abs(b - 5.5 / 9) < 1e-12)
        #expect(a > 0.9)
    }

    @Test func cmsWeightsFromYAMLChangeTheScore() throws {
        let f = try formula("slot: {type: cms-weighted, options: {quality: 1.0, accuracy: 0, novelty: 0, efficiency: 0}}",
                            role: .compositeScore, as: (any CompositeScoreFormula).self)
        #expect(f.compositeScore(DimensionScores(quality: 0.3, accuracy: 1, novelty: 1, efficiency: 1)) == 0.3)
    }

    @Test func difficultyMultipliersAndPEBFromYAML() throws {
        let e = try formula("slot: {type: epoch-score, options: {difficulty_multipliers: [3]}}", role: .epochScore,
                            as: (any EpochScoreFormula).self)
        #expect(e.epochScore(scores: [0.5, 0.5], difficulties: [1, 7], trapPenalty: 1) == 1.0)  // (1.5 + 0.5) / 2
        let p = try formula("slot: {type: peb-sqrt, options: {alpha: 0.5, top_k: 3}}", role: .excellenceBonus,
                            as: (any ExcellenceBonusFormula).self)
        #expect(p.bonus(rank: 1, streak: 4) == 1.0)
        #expect(p.bonus(rank: 4, streak: 4) == 0)
        #expect(p.topK == 3)
    }

    @Test func setOverridesReachTheSlotToo() throws {
        let loader = ConfigLoader()
        var node = try loader.parse(yaml: "slot: {type: final-score}", name: "test.yaml")
        node = try loader.apply(override: "slot.options.objective_weight=0.2", to: node)
        let reader = try ConfigReader(node)
        let f = try reader.component("slot", kind: .formula, role: .finalScore, default: nil, in: Self.registry,
                                     as: (any FinalScoreFormula).self)
        #expect(abs(f.finalScore(objective: 1, consensus: 1) - 0.6) < 1e-15)
    }

    @Test func anUnknownOptionNamesTheValidParameters() throws {
        let error = try #require(throws: ConfigError.self) {
            _ = try formula("slot: {type: slashing-quadratic, options: {gama: 0.1}}", role: .slashing, as: (any SlashingFormula).self)
        }
        #expect(error.kind == .unknownKey)
        #expect(error.suggestion == "gamma")
        #expect(error.choices == ["gamma", "threshold", "window"])
    }

    @Test func anOutOfRangeOptionIsRejected() throws {
        let error = try #require(throws: ConfigError.self) {
            _ = try formula("slot: {type: consensus-trimmed-mean, options: {trim_fraction: 0.6}}", role: .consensus,
                            as: (any ConsensusFormula).self)
        }
        #expect(error.kind == .outOfRange)
    }

    @Test func inconsistentWeightsAreRejectedAtLoad() {
        #expect(throws: (any Error).self) {
            _ = try formula("slot: {type: final-score, options: {objective_weight: 0.9, consensus_weight: 0.9}}",
                            role: .finalScore, as: (any FinalScoreFormula).self)
        }
    }

    @Test func aFormulaOfTheWrongRoleIsRejected() {
        #expect(throws: (any Error).self) {
            _ = try formula("slot: peb-linear", role: .consensus, as: (any ConsensusFormula).self)
        }
    }
}
