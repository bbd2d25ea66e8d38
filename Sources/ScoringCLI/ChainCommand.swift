public import ArgumentParser
import Chain
import ChainPipeline
import Foundation
import ScoringCore

/// `scoring chain run FILE`: replays recorded epochs through chain consensus mechanisms.
public struct ChainCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "chain",
        abstract: "The chain layer: replay recorded epochs through consensus mechanisms (Yuma …).",
        subcommands: [Run.self],
        defaultSubcommand: Run.self
    )
    public init() {}

    public struct Run: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run a replay file (YAML, JSON, CSV) or a `pipeline: chain` config through one or more mechanisms.",
            discussion: """
                FILE is a replay (docs/chain-replay.md; yuma-simulation's case shape is accepted) or a config \
                with `pipeline: chain` (configs/chain/). --set path.to.key=value overrides a config key; \
                --set name=value (no dot) sets the option `name` of every selected mechanism, e.g. --set kappa=0.6. \
                A config's `expect:` lines are checked after the run (exit 2 when one fails).
                """)

        @Argument(help: "A replay file (.yaml, .yml, .json, .csv) or a config with `pipeline: chain`.") public var file: String
        @Option(help: ArgumentHelp("Mechanisms to run side by side, by key (comma-separated), e.g. yuma,yuma1.", valueName: "key[,key…]"))
        public var mechanism: String?
        @OptionGroup public var config: ConfigOptions
        @Option(help: "Output format: table, json, jsonl or csv (default: the config's, else table).") public var format: String?
        @Option(name: .shortAndLong, help: "Write the results to this file (CSV: the manifest goes beside it as <name>.manifest.json).")
        public var output: String?
        @Option(help: "Write a self-contained HTML report (dividends, bonds, incentive per epoch) to this path.") public var report: String?
        @Flag(help: "No tables or expectation lines on the terminal.") public var quiet = false
        public init() {}

        public func run() async throws {
            let registry = try BuiltInModules.registry()
            let loaded: ScoringConfig
            do {
                let node = try Self.configNode(file: file, mechanisms: mechanism, overrides: config.overrides)
                loaded = try ScoringConfig.load(node: node, path: file, registry: registry)
            } catch {
                printError(error.description)
                throw ExitCode(1)
            }
            guard let pipeline = loaded.pipeline as? ChainPipeline else {
                printError("error: \(file) selects 'pipeline: \(loaded.pipelineName)'; `scoring chain run` runs replays and `pipeline: chain` configs (use `scoring run` for the others)")
                throw ExitCode(1)
            }
            let chosen: ChainOutputFormat
            if let format {
                guard let f = ChainOutputFormat(rawValue: format) else {
                    throw ValidationError("unknown format '\(format)'; valid: \(ChainOutputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                chosen = f
            } else {
                chosen = pipeline.defaultFormat
            }
            var manifestPath: String?
            if let output, chosen == .csv {
                manifestPath = ((output as NSString).deletingPathExtension) + ".manifest.json"
            }
            let outcome: RunOutcome
            do {
                outcome = try pipeline.perform(format: chosen, output: output, manifest: manifestPath, report: report, quiet: quiet)
            } catch let error as ConfigError {
                printError(error.description)
                throw ExitCode(1)
            }
            if !quiet { for f in outcome.files { printError("wrote \(f)") } }
            var failures: [String] = []
            for expectation in loaded.expectations {
                let result = expectation.check(outcome.metrics)
                if !quiet || !result.passed {
                    printError("\(result.passed ? "expect ok" : "expect FAILED"): \(result.message)")
                }
                if !result.passed { failures.append("\(expectation.location.map { "\($0): " } ?? "")\(result.message)") }
            }
            if !failures.isEmpty {
                printError("\(failures.count) expectation(s) failed:")
                for f in failures { printError("  - \(f)") }
                throw ExitCode(2)
            }
        }

        /// The config to run: `file` itself when it is a config (`pipeline:` at the top), else a
        /// `pipeline: chain` config around the replay file; then `--mechanism` and `--set` applied.
        static func configNode(file: String, mechanisms: String?, overrides: [String]) throws(ConfigError) -> ConfigNode {
            let loader = ConfigLoader()
            var node: ConfigNode
            let isCSV = ChainReplayReader.Format(path: file) == .csv
            if !isCSV, case let loadedNode = try loader.load(file: file), loadedNode["pipeline"] != nil {
                node = loadedNode
            } else {
                if !isCSV, ChainReplayReader.Format(path: file) == nil {
                    throw ConfigError(.invalidValue, at: SourceLocation(file: file, line: 0, column: 0),
                                      "a replay file must end in .yaml, .yml, .json or .csv", choices: ["yaml", "yml", "json", "csv"])
                }
                node = .map(["pipeline": .string("chain"), "chain": .map(["replay": .string(file)])])
            }
            // `name=value` (no dot in the name) is a mechanism option; anything else a config override.
            let bare = overrides.filter { a in a.firstIndex(of: "=").map { !a[..<$0].isEmpty && !a[..<$0].contains(".") } ?? false }
            let dotted = overrides.filter { !bare.contains($0) }
            for assignment in dotted { node = try loader.apply(override: assignment, to: node) }
            if let mechanisms {
                let keys = mechanisms.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                var chain = node["chain"] ?? .map([])
                chain["mechanisms"] = .list(keys.map { ConfigNode(.string($0), location: SourceLocation(file: "<command line: --mechanism \(mechanisms)>", line: 0, column: 0)) })
                node["chain"] = chain
            }
            guard !bare.isEmpty else { return node }
            var chain = node["chain"] ?? .map([])
            let written = chain["mechanisms"]
            var slots: [ConfigNode] = written?.elements ?? (written.map { [$0] } ?? [.string("yuma")])
            for assignment in bare {
                let eq = assignment.firstIndex(of: "=")!
                let name = String(assignment[..<eq])
                let value = try loader.parse(yaml: String(assignment[assignment.index(after: eq)...]), name: "<command line: --set \(assignment)>")
                slots = slots.map { slot in
                    var s = slot.stringValue.map { ConfigNode.map(["type": .string($0)]) } ?? slot
                    var options = s["options"] ?? .map([])
                    options[name] = value
                    s["options"] = options
                    return s
                }
            }
            chain["mechanisms"] = .list(slots)
            node["chain"] = chain
            return node
        }
    }
}
