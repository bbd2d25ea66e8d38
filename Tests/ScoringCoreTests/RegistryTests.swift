import Testing
@testable import ScoringCore

struct RegistryTests {
    @Test func registersAndListsByKindAndRole() throws {
        let r = try toyRegistry()
        #expect(r.formulaKeys == ["test-final", "test-mean"])
        #expect(r.formulaKeys(role: .consensus) == ["test-mean"])
        #expect(r.modules == ["toy"])
        #expect(try r.descriptor(.formula, "test-mean").module == "toy")
        #expect(try r.descriptor(.formula, "test-mean").role == .consensus)
        #expect(r.pipelines.map(\.name) == ["simulation"])
    }

    @Test func duplicateKeyIsAnError() throws {
        var r = try toyRegistry()
        #expect(throws: RegistryError.self) { try r.register(TestMean.self) }
        do {
            try r.register(TestMean.self)
        } catch {
            #expect(error.kind == .duplicateKey)
            #expect(error.description.contains("already registered"))
        }
    }

    @Test func sameKeyInAnotherKindIsFine() throws {
        var r = try toyRegistry()
        try r.register(ComponentDescriptor(key: "test-mean", kind: .tierTable, summary: "a table")) { _ in 1 }
        #expect(r.keys(.tierTable) == ["test-mean"])
    }

    @Test func unknownKeyListsAvailableAndSuggests() throws {
        let r = try toyRegistry()
        do {
            _ = try r.entry(.formula, "test-maen")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .unknownKey)
            #expect(error.available == ["test-final", "test-mean"])
            #expect(error.suggestion == "test-mean")
        }
    }

    @Test func wrongRoleIsReported() throws {
        let r = try toyRegistry()
        do {
            _ = try r.entry(.formula, "test-final", role: .consensus)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .wrongRole)
            #expect(error.available == ["test-mean"])
        }
    }

    @Test func makeWithDefaultsAndCast() throws {
        let r = try toyRegistry()
        let f = try r.makeFormula("test-mean", as: (any ConsensusFormula).self)
        #expect(f.consensus(scores: [0.2, 0.4], stakes: [1, 1]) == 0.30000000000000004)
        #expect(throws: (any Error).self) { _ = try r.makeFormula("test-final", as: (any ConsensusFormula).self) }
    }

    @Test func registriesAreIndependentValues() throws {
        let a = try toyRegistry()
        var b = a
        try b.register(ComponentDescriptor(key: "x", kind: .domain, summary: "x")) { _ in 0 }
        #expect(a.keys(.domain).isEmpty)
        #expect(b.keys(.domain) == ["x"])
    }

    @Test func suggestionsFindCloseSpellingsOnly() {
        #expect(Suggestions.closest(to: "consensus-trimed-mean", in: ["consensus-trimmed-mean", "consensus-median"]) == "consensus-trimmed-mean")
        #expect(Suggestions.closest(to: "zzzz", in: ["consensus-median"]) == nil)
    }
}
