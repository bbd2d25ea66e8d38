public import ArgumentParser
import Foundation
import ScoringCore

/// `scoring config check|show`.
public struct ConfigCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check configs or print them fully resolved.",
        subcommands: [Check.self, Show.self]
    )
    public init() {}

    /// `scoring config check FILE…`: exits 0 when every file is valid, 1 otherwise, with located errors.
    public struct Check: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Validate config files; errors name file, line, column and the valid choices.")
        @Argument(help: "Config files to check.") public var files: [String]
        @OptionGroup public var config: ConfigOptions
        @Option(parsing: .unconditional, help: "Report a config of more runs than this (default \(RunLimit.defaultMaxRuns), or $\(RunLimit.environmentVariable)).")
        public var maxRuns: Int?
        public init() {}

        public func run() async throws {
            let registry = try BuiltInModules.registry()
            let limit: RunLimit
            do { limit = try RunLimit.resolve(flag: maxRuns, environment: ProcessInfo.processInfo.environment) } catch {
                throw ValidationError(error.message)
            }
            var failures = 0
            for file in files {
                do {
                    let loaded = try ScoringConfig.load(file: file, overrides: config.overrides, registry: registry)
                    try limit.check(loaded)
                    print("ok: \(file) (pipeline: \(loaded.pipelineName))")
                } catch {
                    failures += 1
                    printError(error.description)
                }
            }
            if failures > 0 { throw ExitCode(1) }
        }
    }

    /// `scoring config show FILE`: the resolved config with every default filled in.
    public struct Show: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Print a config fully resolved: extends and --set applied, every default filled in.")
        @Argument(help: "The config file.") public var file: String
        @OptionGroup public var config: ConfigOptions
        @Option(help: "Output format: yaml or json.") public var format: ShowFormat = .yaml
        public init() {}

        public enum ShowFormat: String, ExpressibleByArgument, CaseIterable, Sendable { case yaml, json }

        public func run() async throws {
            let registry = try BuiltInModules.registry()
            do {
                let loaded = try ScoringConfig.load(file: file, overrides: config.overrides, registry: registry)
                switch format {
                case .yaml: print(loaded.resolved.yamlString(), terminator: "")
                case .json: print(loaded.resolved.jsonString())
                }
            } catch {
                printError(error.description)
                throw ExitCode(1)
            }
        }
    }
}
