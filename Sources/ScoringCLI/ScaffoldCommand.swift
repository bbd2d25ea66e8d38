public import ArgumentParser
import Foundation

/// `scoring scaffold --kind domain|formula|policy --name NAME`: the engine of `swift package new-module`.
public struct ScaffoldCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "scaffold",
        abstract: "Scaffold a component module: target, conformance test, registration line, example config.")

    @Option(help: "What the module provides.") public var kind: ModuleScaffold.Kind
    @Option(help: "Module name, e.g. LegalDomain or legal-domain.") public var name: String
    @Option(help: "The package to add it to.") public var packageDir: String = "."
    @Flag(help: "Overwrite existing files.") public var force = false
    public init() {}

    public func run() async throws {
        let scaffold: ModuleScaffold
        do {
            scaffold = try ModuleScaffold(kind: kind, name: name)
        } catch {
            throw ValidationError("\(error)")
        }
        do {
            for line in try scaffold.write(into: packageDir, force: force) { print(line) }
        } catch {
            printError("error: \(error)")
            throw ExitCode(1)
        }
        print("""

            Next: swift build && swift test --filter \(scaffold.typeName)Tests
            Then try it: scoring run configs/examples/\(scaffold.key).yaml
            """)
    }
}

extension ModuleScaffold.Kind: ExpressibleByArgument {}
