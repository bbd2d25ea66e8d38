public import ArgumentParser
public import ScoringCore
import Foundation

/// `scoring formula KEY --input JSON [--set param=value]…`: evaluates one registered formula.
///
/// The input is the formula role's playground shape (documented on each role protocol); a wrong,
/// missing or unknown field is reported by its path (`input.stakes`) and the command exits 1.
/// Prints `{"formula": KEY, "role": …, "parameters": {…resolved…}, "output": {…}}` as JSON.
public struct FormulaCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "formula",
        abstract: "Evaluate one registered formula on JSON input and print the result as JSON.",
        discussion: """
            Example: scoring formula consensus-trimmed-mean --input '{"scores": [0.2, 0.8, 0.5], "stakes": [1, 1, 2]}'
            Parameters keep their defaults unless overridden: --set trim_fraction=0.2. List formulas with --list.
            """)

    @Argument(help: "The formula key (see --list).") public var key: String?
    @Option(help: "The input as JSON (or YAML); '@path' reads it from a file.") public var input: String?
    @Option(name: .customLong("set"), help: "Override one parameter: name=value (value parsed as YAML).")
    public var settings: [String] = []
    @Flag(help: "List the formula keys with their roles and playground inputs, then exit.") public var list = false

    public init() {}

    public func validate() throws {
        if !list {
            guard key != nil else { throw ValidationError("give a formula key, or --list to see them") }
            guard input != nil else { throw ValidationError("missing --input (JSON for the formula's role)") }
        }
    }

    public func run() async throws {
        let registry = try BuiltInModules.registry()
        if list {
            for d in registry.descriptors(.formula) {
                print("\(d.key)  [\(d.role?.rawValue ?? "?")]  \(d.summary)")
            }
            return
        }
        do {
            var text = input ?? ""
            if text.hasPrefix("@") {
                text = try String(contentsOfFile: String(text.dropFirst()), encoding: .utf8)
            }
            let result = try Self.evaluate(key: ComponentKey(key ?? ""), input: text, settings: settings, registry: registry)
            print(result.jsonString())
        } catch let error as ConfigError {
            printError(error.description)
            throw ExitCode(1)
        } catch let error as RegistryError {
            printError("error: \(error.description)")
            throw ExitCode(1)
        }
    }

    /// Evaluates formula `key` of `registry` on `input` (JSON or YAML text) with parameter `settings`.
    ///
    /// - Returns: `{formula, role, parameters, output}`.
    /// - Throws: ``RegistryError`` for an unknown key; ``ConfigError`` naming the bad input field or
    ///   parameter (`input.stakes`, `formula.options.trim_fraction`).
    public static func evaluate(key: ComponentKey, input: String, settings: [String],
                                registry: ScoringRegistry) throws -> ConfigNode {
        let entry = try registry.entry(.formula, key)
        let loader = ConfigLoader()
        var options = ConfigNode(.map([]), location: SourceLocation.commandLine("--set"))
        for assignment in settings {
            guard assignment.contains("="), !assignment.hasPrefix("=") else {
                throw ConfigError(.syntax, at: .commandLine(assignment), path: "--set",
                                  "--set takes name=value, found '\(assignment)'", choices: entry.descriptor.parameters.map(\.name))
            }
            options = try loader.apply(override: assignment, to: options)
        }
        let parameters = try ParameterValues.resolve(specs: entry.descriptor.parameters, options: options, registry: registry,
                                                     path: "formula", componentName: key.rawValue)
        let formula = try registry.makeFormula(key, parameters: parameters, as: (any ScoringFormula).self)
        let node = try loader.parse(yaml: input, name: "--input")
        let output = try formula.evaluate(node)
        var resolved: [ConfigEntry] = []
        for spec in entry.descriptor.parameters {
            if let v = parameters.values[spec.name] { resolved.append(ConfigEntry(key: spec.name, value: v.withoutLocations)) }
        }
        return .map([
            "formula": .string(key.rawValue),
            "role": .string(entry.descriptor.role?.rawValue ?? ""),
            "parameters": .map(resolved),
            "output": output,
        ])
    }
}
