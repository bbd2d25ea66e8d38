import Testing
import ReasonForge
import ScoringCore

@Suite struct ReasonForgeModuleTests {
    static let referenceKeys: [(ComponentKey, FormulaRole)] = [
        ("emission-split", .emissionSplit), ("cms-weighted", .compositeScore), ("epoch-score", .epochScore),
        ("peb-sqrt", .excellenceBonus), ("miner-emission-proportional", .minerEmission), ("breakthrough", .breakthrough),
        ("vas-mean-abs", .validatorAccuracy), ("validator-emission", .validatorEmission),
        ("trap-penalty-threshold", .trapPenalty), ("slashing-quadratic", .slashing), ("objective-weighted", .objectiveScore),
        ("consensus-trimmed-mean", .consensus), ("final-score", .finalScore), ("reputation-multiplier", .reputationMultiplier),
    ]

    @Test func registersTheFourteenReferenceFormulasUnderTheAgreedKeys() throws {
        let registry = try ScoringRegistry(modules: [ReasonForgeModule()])
        for (key, role) in Self.referenceKeys {
            let d = try registry.descriptor(.formula, key)
            #expect(d.role == role, "\(key)")
            #expect(d.module == "reasonforge")
            #expect(d.equation != nil && !d.summary.isEmpty)
            #expect(d.reference?.hasPrefix("ReasonForge") == true)
            #expect(ReasonForgeModule.referenceKeys[role] == key)
        }
        #expect(Set(ReasonForgeModule.referenceKeys.keys) == Set(FormulaRole.builtIn))
    }

    @Test func equationReferencesNameTheirEquationNumber() throws {
        let registry = try ScoringRegistry(modules: [ReasonForgeModule()])
        for (i, (key, _)) in Self.referenceKeys.prefix(13).enumerated() {
            #expect(try registry.descriptor(.formula, key).reference == "ReasonForge Eq. \(i + 1)")
        }
    }

    @Test func registersSixDomainsAndBothTables() throws {
        let registry = try ScoringRegistry(modules: [ReasonForgeModule()])
        #expect(Set(registry.domainKeys) == Set(ReasonForgeDomains.referenceKeys))
        #expect(ReasonForgeDomains.referenceKeys.map(\.rawValue) == ["mathematics", "code", "scientific", "strategic", "causal", "ethical"])
        let tiers = try registry.make(.minerTiers, "reasonforge", as: MinerTierTable.self)
        #expect(tiers == .reference)
        let profiles = try registry.make(.validatorProfiles, "reasonforge", as: ValidatorProfileTable.self)
        #expect(profiles == .reference)
    }

    @Test func installingTwiceIsADuplicateKeyError() throws {
        var registry = try ScoringRegistry(modules: [ReasonForgeModule()])
        #expect(throws: RegistryError.self) { try registry.install(ReasonForgeModule()) }
    }

    @Test func everyReferenceFormulaMakesWithDefaults() throws {
        let registry = try ScoringRegistry(modules: [ReasonForgeModule()])
        for (key, _) in Self.referenceKeys {
            let f = try registry.makeFormula(key, as: (any ScoringFormula).self)
            #expect(type(of: f).descriptor.key == key)
        }
    }
}
