import Foundation
import Testing

/// `make test` ends with `make ci-smoke`; a broken expectation there must fail the make run.
struct CISmokeTests {
    static let repoRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    func make(_ smoke: String) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // The binary `swift test` already built; no nested `swift build` (it would wait on this run's lock).
        let binary = try #require(CommandLineTests.binary, "the scoring binary was not built")
        p.arguments = ["make", "-s", "-C", Self.repoRoot, "ci-smoke", "SMOKE=\(smoke)", "SKIP_BUILD=1", "SCORING=\(binary)"]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (p.terminationStatus, out)
    }

    @Test(.timeLimit(.minutes(10))) func brokenExpectationFailsMakeAndAHoldingOnePasses() throws {
        let dir = NSTemporaryDirectory() + "smoke-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let base = "\(Self.repoRoot)/configs/reasonforge/default.yaml"
        let broken = "\(dir)/broken.yaml"
        try """
            matrix:
              base: \(base)
              seeds: [1]
              set: ["simulation.epochs=3", "simulation.output.format=json"]
            expect: ["gini < 0.0001"]
            """.write(toFile: broken, atomically: true, encoding: .utf8)
        let (status, out) = try make(broken)
        #expect(status != 0, "make ci-smoke passed with a broken expectation:\n\(out)")
        #expect(out.contains("expected gini < 0.0001"))

        let holding = "\(dir)/holding.yaml"
        try """
            matrix:
              base: \(base)
              seeds: [1]
              set: ["simulation.epochs=3", "simulation.output.format=json"]
            expect: ["emission_conserved == 1"]
            """.write(toFile: holding, atomically: true, encoding: .utf8)
        let (ok, okOut) = try make(holding)
        #expect(ok == 0, "make ci-smoke failed on a holding expectation:\n\(okOut)")
    }
}
