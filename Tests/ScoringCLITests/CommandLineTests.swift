import ArgumentParser
import Foundation
import Testing
@testable import ScoringCLI

/// Parsing argument arrays, plus the built `scoring` binary end to end.
struct CommandLineTests {
    @Test func parsesSubcommandsAndOptions() throws {
        let check = try ScoringCommand.parseAsRoot(["config", "check", "a.yaml", "b.yaml", "--set", "x.y=1"])
        let c = try #require(check as? ConfigCommand.Check)
        #expect(c.files == ["a.yaml", "b.yaml"])
        #expect(c.config.overrides == ["x.y=1"])
        let run = try #require(try ScoringCommand.parseAsRoot(["run", "c.yaml", "--quiet", "--set", "a=1", "--set", "b=2"]) as? RunCommand)
        #expect(run.quiet)
        #expect(run.config.overrides == ["a=1", "b=2"])
        let matrix = try #require(try ScoringCommand.parseAsRoot(["matrix", "m.yaml", "--dry-run", "--shard", "1/2"]) as? MatrixCommand.Run)
        #expect(matrix.dryRun && matrix.shard == "1/2")
        let merge = try #require(try ScoringCommand.parseAsRoot(["matrix", "merge", "a", "b", "-o", "c"]) as? MatrixCommand.Merge)
        #expect(merge.directories == ["a", "b"])
        #expect(throws: (any Error).self) { _ = try ScoringCommand.parseAsRoot(["scaffold", "--kind", "widget", "--name", "x"]) }
    }

    static var binary: String? {
        var candidates: [String] = []
        if let arg0 = CommandLine.arguments.first { candidates.append(URL(fileURLWithPath: arg0).deletingLastPathComponent().path + "/scoring") }
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        candidates.append(root.path + "/.build/debug/scoring")
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    func run(_ args: [String]) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try #require(Self.binary, "the scoring binary was not built"))
        p.arguments = args
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (p.terminationStatus, o, e)
    }

    @Test func binaryReportsLocatedConfigErrors() throws {
        let dir = NSTemporaryDirectory() + "cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let bad = "\(dir)/bad.yaml"
        try "pipeline: simulaton\n".write(toFile: bad, atomically: true, encoding: .utf8)
        let r = try run(["config", "check", bad])
        #expect(r.status == 1)
        #expect(r.err.contains("bad.yaml:1:11: error:"))
        #expect(r.err.contains("did you mean 'simulation'?"))
        let v = try run(["--version"])
        #expect(v.status == 0 && v.out.contains(ScoringVersion.current))
        let m = try run(["modules", "--kind", "formul"])
        #expect(m.status != 0)
        #expect(m.err.lowercased().contains("did you mean 'formula'"))
    }
}
