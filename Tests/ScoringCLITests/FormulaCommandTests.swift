import ArgumentParser
import Testing
import ScoringCLI
import ScoringCore

@Suite struct FormulaCommandTests {
    static let registry = try! BuiltInModules.registry()

    func run(_ key: ComponentKey, _ input: String, _ settings: [String] = []) throws -> ConfigNode {
        try FormulaCommand.evaluate(key: key, input: input, settings: settings, registry: Self.registry)
    }

    @Test func evaluatesAFormulaWithItsDefaults() throws {
        let out = try run("consensus-trimmed-mean", #"{"scores": [0.2, 0.8, 0.5], "stakes": [1, 1, 2]}"#)
        #expect(out["formula"]?.stringValue == "consensus-trimmed-mean")
        #expect(out["role"]?.stringValue == "consensus")
        #expect(out["parameters"]?["trim_fraction"]?.doubleValue == 0.10)
        #expect(abs((out["output"]?["consensus"]?.doubleValue ?? -1) - 0.5) < 1e-12)
    }

    @Test func setChangesAParameter() throws {
        let out = try run("emission-split", #"{"total": 200}"#, ["miner_share=0.5"])
        #expect(out["output"]?["miners"]?.doubleValue == 100)
        #expect(out["output"]?["validators"]?.doubleValue == 100)
        #expect(out["parameters"]?["miner_share"]?.doubleValue == 0.5)
    }

    @Test func aBadInputFieldIsNamed() throws {
        let error = try #require(throws: ConfigError.self) {
            _ = try run("consensus-trimmed-mean", #"{"scores": [0.2, 0.8], "stakes": [1]}"#)
        }
        #expect(error.path == "input.stakes")
        let missing = try #require(throws: ConfigError.self) { _ = try run("peb-sqrt", #"{"rank": 1}"#) }
        #expect(missing.path == "input.streak")
        let unknown = try #require(throws: ConfigError.self) { _ = try run("peb-sqrt", #"{"rank": 1, "streak": 2, "strek": 3}"#) }
        #expect(unknown.kind == .unknownKey)
    }

    @Test func aBadParameterIsNamed() throws {
        let error = try #require(throws: ConfigError.self) { _ = try run("peb-sqrt", #"{"rank": 1, "streak": 2}"#, ["alpah=0.3"]) }
        #expect(error.suggestion == "alpha")
        let range = try #require(throws: ConfigError.self) { _ = try run("peb-sqrt", #"{"rank": 1, "streak": 2}"#, ["top_k=0"]) }
        #expect(range.kind == .outOfRange)
    }

    @Test func anUnknownFormulaListsTheKeys() throws {
        let error = try #require(throws: RegistryError.self) { _ = try run("consensus-meen", "{}") }
        #expect(error.suggestion == "consensus-mean")
        #expect(error.available.contains("final-score"))
    }

    @Test func parsesTheCommandLine() throws {
        let command = try FormulaCommand.parse(["final-score", "--input", #"{"objective": 1, "consensus": 0}"#, "--set", "objective_weight=0.5"])
        #expect(command.key == "final-score")
        #expect(command.settings == ["objective_weight=0.5"])
        #expect(throws: (any Error).self) { _ = try FormulaCommand.parse(["final-score"]) }
        #expect(try FormulaCommand.parse(["--list"]).list)
    }
}
