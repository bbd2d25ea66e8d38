import Foundation
import Testing
@testable import ScoringCLI

struct ScaffoldTests {
    static let repoRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    @Test func namesBecomeTypeNamesAndKeys() throws {
        let a = try ModuleScaffold(kind: .domain, name: "legal-domain")
        #expect(a.typeName == "LegalDomain")
        #expect(a.key == "legal-domain")
        let b = try ModuleScaffold(kind: .formula, name: "GeoConsensus")
        #expect(b.typeName == "GeoConsensus")
        #expect(b.key == "geo-consensus")
        #expect(throws: ModuleScaffold.ScaffoldError.self) { _ = try ModuleScaffold(kind: .policy, name: "9lives") }
        #expect(throws: ModuleScaffold.ScaffoldError.self) { _ = try ModuleScaffold(kind: .policy, name: "bad name") }
    }

    @Test func writesFilesAndRegistrationLinesAtMarkers() throws {
        let dir = NSTemporaryDirectory() + "scaffold-markers-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: "\(dir)/Sources/ScoringCLI", withIntermediateDirectories: true)
        try "targets: [\n        // scaffold:targets\n]\ndeps: [\n                // scaffold:cli-dependencies\n]\n"
            .write(toFile: "\(dir)/Package.swift", atomically: true, encoding: .utf8)
        try "import ReasonForge\n// scaffold:imports\n[\n            // scaffold:modules\n]\n"
            .write(toFile: "\(dir)/Sources/ScoringCLI/BuiltInModules.swift", atomically: true, encoding: .utf8)
        let s = try ModuleScaffold(kind: .policy, name: "CappedScore")
        let log = try s.write(into: dir)
        #expect(log.count == 5)
        let manifest = try String(contentsOfFile: "\(dir)/Package.swift", encoding: .utf8)
        #expect(manifest.contains(".target(name: \"CappedScore\", dependencies: [scoringCore]"))
        #expect(manifest.contains("\"CappedScore\",\n                // scaffold:cli-dependencies"))
        let builtIns = try String(contentsOfFile: "\(dir)/Sources/ScoringCLI/BuiltInModules.swift", encoding: .utf8)
        #expect(builtIns.contains("import CappedScore\n// scaffold:imports"))
        #expect(builtIns.contains("CappedScoreModule(),"))
        #expect(FileManager.default.fileExists(atPath: "\(dir)/configs/examples/capped-score.yaml"))
        // A second scaffold of the same name refuses rather than overwriting.
        #expect(throws: ModuleScaffold.ScaffoldError.self) { try s.write(into: dir) }
    }

    /// Builds a throwaway package that depends on this one by path, scaffolds one module of each
    /// kind into it, and runs their conformance tests with `swift test`.
    @Test(.timeLimit(.minutes(15))) func scaffoldedModulesBuildAndPassConformance() throws {
        let dir = NSTemporaryDirectory() + "scaffold-probe-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let manifest = """
            // swift-tools-version: 6.1
            import PackageDescription
            let upcoming: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]
            let scoringCore: Target.Dependency = .product(name: "ScoringCore", package: "SubnetScoring")
            let scoringTestKit: Target.Dependency = .product(name: "ScoringTestKit", package: "SubnetScoring")
            let package = Package(
                name: "ScaffoldProbe",
                dependencies: [.package(name: "SubnetScoring", path: "\(Self.repoRoot)")],
                targets: [
                    // scaffold:targets
                ],
                swiftLanguageModes: [.v6]
            )

            """
        try manifest.write(toFile: "\(dir)/Package.swift", atomically: true, encoding: .utf8)
        for (kind, name) in [(ModuleScaffold.Kind.domain, "LegalDomain"), (.formula, "GeoConsensus"), (.policy, "CappedScore")] {
            try ModuleScaffold(kind: kind, name: name).write(into: dir)
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swift", "test", "--package-path", dir]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "swift test in the scaffolded package failed:\n\(output.suffix(4000))")
        for suite in ["LegalDomainConformanceTests", "GeoConsensusConformanceTests", "CappedScoreConformanceTests"] {
            #expect(output.contains(suite), "no result for \(suite)")
        }
    }
}
