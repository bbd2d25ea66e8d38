import Foundation
import PackagePlugin

/// `swift package new-module --kind domain|formula|policy --name NAME`: scaffolds a component module
/// (target, conformance test, registration line, example config) through `scoring scaffold`.
@main
struct NewModulePlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let tool = try context.tool(named: "scoring")
        let process = Process()
        process.executableURL = tool.url
        process.arguments = ["scaffold"] + arguments + ["--package-dir", context.package.directoryURL.path]
        process.currentDirectoryURL = context.package.directoryURL
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            Diagnostics.error("scoring scaffold exited with status \(process.terminationStatus)")
        }
    }
}
