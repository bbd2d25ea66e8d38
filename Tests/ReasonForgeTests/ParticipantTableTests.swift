import Testing
import ReasonForge
import ScoringCore

@Suite struct ParticipantTableTests {
    @Test func referenceTablesHoldTheSpecsValues() {
        let t = MinerTierTable.reference
        #expect(t.names == ["elite", "strong", "mid", "weak", "adversarial"])
        #expect(t["elite"] == MinerTierProfile(name: "elite", quality: 0.88, accuracy: 0.90, novelty: 0.80, efficiency: 0.85, noise: 0.06))
        #expect(t["adversarial"] == MinerTierProfile(name: "adversarial", quality: 0.20, accuracy: 0.15, novelty: 0.10, efficiency: 0.30, noise: 0.15))
        #expect(t["mid"]?.noise == 0.10)
        let v = ValidatorProfileTable.reference
        #expect(v.names == ["honest", "good", "lazy", "malicious"])
        #expect(v["lazy"] == ValidatorProfile(name: "lazy", noise: 0.15, bias: -0.10))
        #expect(v["malicious"] == ValidatorProfile(name: "malicious", noise: 0.25, bias: 0.20))
    }

    func make<T>(_ kind: ComponentKind, yaml: String, as: T.Type) throws -> T {
        let registry = try ScoringRegistry(modules: [ReasonForgeModule()])
        let node = try ConfigLoader().parse(yaml: yaml, name: "test.yaml")
        let reader = try ConfigReader(node)
        let table = try reader.component("table", kind: kind, default: "reasonforge", in: registry, as: T.self)
        try reader.finish()
        return table
    }

    @Test func minerTierOverridesAndAdditionsApply() throws {
        let t = try make(.minerTiers, yaml: """
            table: {type: reasonforge, options: {tiers: {elite: {noise: 0.05},
              genius: {quality: 0.95, accuracy: 0.96, novelty: 0.9, efficiency: 0.91, noise: 0.03}}}}
            """, as: MinerTierTable.self)
        #expect(t.names == ["elite", "strong", "mid", "weak", "adversarial", "genius"])
        #expect(t["elite"]?.noise == 0.05)
        #expect(t["elite"]?.quality == 0.88)
        #expect(t["genius"] == MinerTierProfile(name: "genius", quality: 0.95, accuracy: 0.96, novelty: 0.9, efficiency: 0.91, noise: 0.03))
    }

    @Test func aNewTierMissingAFieldNamesIt() throws {
        let error = try #require(throws: ConfigError.self) {
            _ = try make(.minerTiers, yaml: "table: {type: reasonforge, options: {tiers: {genius: {quality: 0.9}}}}", as: MinerTierTable.self)
        }
        #expect(error.kind == .missingKey)
        #expect(error.path.contains("genius.accuracy"))
    }

    @Test func anUnknownTierFieldIsRejectedWithItsLocation() throws {
        let error = try #require(throws: ConfigError.self) {
            _ = try make(.minerTiers, yaml: "table: {type: reasonforge, options: {tiers: {elite: {noyse: 0.1}}}}", as: MinerTierTable.self)
        }
        #expect(error.kind == .unknownKey)
        #expect(error.suggestion == "noise")
        #expect(error.location?.line == 1)
    }

    @Test func outOfRangeValuesAreRejected() throws {
        let error = try #require(throws: ConfigError.self) {
            _ = try make(.validatorProfiles, yaml: "table: {type: reasonforge, options: {profiles: {lazy: {bias: -2}}}}", as: ValidatorProfileTable.self)
        }
        #expect(error.kind == .outOfRange)
    }

    @Test func validatorProfileOverridesAndAdditionsApply() throws {
        let v = try make(.validatorProfiles, yaml: """
            table: {type: reasonforge, options: {profiles: {lazy: {bias: -0.2}, colluding: {noise: 0.02, bias: 0.3}}}}
            """, as: ValidatorProfileTable.self)
        #expect(v["lazy"] == ValidatorProfile(name: "lazy", noise: 0.15, bias: -0.2))
        #expect(v["colluding"] == ValidatorProfile(name: "colluding", noise: 0.02, bias: 0.3))
        #expect(v.names.last == "colluding")
    }

    @Test func noOptionsGivesTheReferenceTable() throws {
        #expect(try make(.minerTiers, yaml: "{}", as: MinerTierTable.self) == .reference)
        #expect(try make(.validatorProfiles, yaml: "table: reasonforge", as: ValidatorProfileTable.self) == .reference)
    }
}
