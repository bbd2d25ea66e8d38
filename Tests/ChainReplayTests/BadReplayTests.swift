import ArgumentParser
import Foundation
import Testing
import ScoringCore
@testable import Chain
@testable import ScoringCLI

/// Every bad replay is refused with the file, line (and column) and what was expected, and a
/// run of it writes nothing.
struct BadReplayTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var file: String
        var text: String
        var line: Int
        var column: Int?
        var message: String
        var testDescription: String { name }
    }

    static let native = """
        labels: [a, b, s]
        epochs:
          - stakes: [1, 1, 0]
            weights: {a: {s: 65535}, b: {s: 65535}}
        """

    static let cases: [Case] = [
        Case(name: "yaml: stakes of the wrong length", file: "r.yaml", text: native.replacingOccurrences(of: "[1, 1, 0]", with: "[1, 1]"),
             line: 3, column: 13, message: "expected 3 values (one stake per UID), found 2"),
        Case(name: "yaml: negative stake", file: "r.yaml", text: native.replacingOccurrences(of: "[1, 1, 0]", with: "[1, -1, 0]"),
             line: 3, column: 17, message: "a stake must be ≥ 0, found -1.0"),
        Case(name: "yaml: weight above 65535", file: "r.yaml", text: native.replacingOccurrences(of: "b: {s: 65535}", with: "b: {s: 65536}"),
             line: 4, column: 37, message: "a weight must lie in 0…65535 (u16), found 65536"),
        Case(name: "yaml: unknown UID as target", file: "r.yaml", text: native.replacingOccurrences(of: "a: {s: 65535}", with: "a: {7: 65535}"),
             line: 4, column: 19, message: "unknown UID '7': the replay has 3 UIDs (0…2)"),
        Case(name: "yaml: unknown label as setter", file: "r.yaml", text: native.replacingOccurrences(of: "b: {s", with: "c: {s"),
             line: 4, column: 30, message: "unknown UID 'c'"),
        Case(name: "json: weight above 65535", file: "r.json",
             text: #"{"labels": ["a", "b", "s"], "epochs": [{"stakes": [1, 1, 0],\#n "weights": {"a": {"s": 70000}}}]}"#,
             line: 2, column: 25, message: "a weight must lie in 0…65535 (u16), found 70000"),
        Case(name: "json: negative stake", file: "r.json",
             text: #"{"labels": ["a", "b", "s"], "epochs": [{"stakes": [1, -2, 0], "weights": {}}]}"#,
             line: 1, column: 55, message: "a stake must be ≥ 0"),
        Case(name: "csv: weight above 65535", file: "r.csv",
             text: "epoch,kind,uid,target,value\n0,stake,0,,1\n0,weight,0,1,65536\n", line: 3, column: 5,
             message: "a weight must lie in 0…65535 (u16), found 65536"),
        Case(name: "csv: negative stake", file: "r.csv",
             text: "epoch,kind,uid,target,value\n,uids,,,2\n0,stake,1,,-3\n0,weight,0,1,1\n", line: 3, column: 5,
             message: "a stake must be ≥ 0"),
        Case(name: "csv: unknown UID", file: "r.csv",
             text: "epoch,kind,uid,target,value\n,uids,,,2\n0,stake,0,,1\n0,weight,0,5,1\n", line: 4, column: 4,
             message: "unknown UID '5'"),
        Case(name: "csv: wrong shape (field count)", file: "r.csv",
             text: "epoch,kind,uid,target,value\n0,stake,0,1\n", line: 2, column: 1, message: "expected 5 fields"),
        Case(name: "yuma-simulation: matrix of the wrong shape", file: "case.yaml",
             text: "validators: [A, B]\nservers: [S1, S2]\nstakes: [1, 1]\nweights_epochs:\n  - [[1, 0], [1, 0, 0]]\n",
             line: 5, column: 14, message: "expected 2 values (one weight per server), found 3"),
        Case(name: "yuma-simulation: missing validator row", file: "case.yaml",
             text: "validators: [A, B]\nservers: [S1, S2]\nstakes: [1, 1]\nweights_epochs:\n  - [[1, 0]]\n",
             line: 5, column: 5, message: "expected a 2 × 2 matrix (one row per validator), found 1 rows"),
    ]

    @Test(arguments: cases)
    func refusedWithLocation(_ c: Case) throws {
        let path = try Support.file(c.file, c.text)
        do {
            _ = try ChainReplayReader.read(file: path)
            Issue.record("\(c.name): the replay was accepted")
        } catch {
            #expect(error.location?.file == path)
            #expect(error.location?.line == c.line, "\(error)")
            if let column = c.column { #expect(error.location?.column == column, "\(error)") }
            #expect(error.description.contains(c.message), "\(error)")
            #expect(error.description.hasPrefix("\(path):\(c.line):"), "\(error)")
        }
    }

    @Test(arguments: cases)
    func chainRunWritesNothing(_ c: Case) async throws {
        let path = try Support.file(c.file, c.text)
        let out = try Support.temporaryDirectory()
        let command = try ChainCommand.Run.parse([path, "--format", "json", "-o", "\(out)/results.json", "--report", "\(out)/report.html", "--quiet"])
        await #expect(throws: (any Error).self) { try await command.run() }
        #expect(try FileManager.default.contentsOfDirectory(atPath: out).isEmpty, "nothing may be written for a bad replay")
    }
}
