import Foundation
import PackagePlugin

/// `swift package config-matrix FILE [scoring matrix options…]`: runs `scoring matrix` in the package directory.
@main
struct ConfigMatrixPlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let tool = try context.tool(named: "scoring")
        let status = try run(tool.url, ["matrix"] + arguments, in: context.package.directoryURL)
        if status != 0 {
            Diagnostics.error("scoring matrix exited with status \(status)")
            throw PluginFailure(status: status)
        }
    }
}

struct PluginFailure: Error, CustomStringConvertible {
    var status: Int32
    var description: String { "scoring exited with status \(status)" }
}

func run(_ executable: URL, _ arguments: [String], in directory: URL) throws -> Int32 {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
}
