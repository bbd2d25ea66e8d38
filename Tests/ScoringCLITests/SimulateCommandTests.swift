import Foundation
import Testing

/// `scoring simulate` end to end: the built binary run as a process (see
/// ``CommandLineTests/binary``), its flags, determinism, files, and the progress bar on a
/// pseudo-terminal.
struct SimulateCommandTests {
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    static let defaultConfig = root.appendingPathComponent("configs/reasonforge/default.yaml").path

    /// Runs the binary from the package root and returns its status and outputs.
    func scoring(_ args: [String]) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try #require(CommandLineTests.binary, "the scoring binary was not built"))
        p.arguments = args
        p.currentDirectoryURL = Self.root
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Read both pipes concurrently so a full stderr pipe cannot block the child.
        let errData = LockedData()
        let reader = Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        while !errData.isSet { Thread.sleep(forTimeInterval: 0.01) }
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: errData.get(), as: UTF8.self))
    }

    /// Removes the manifest's declared time fields (`started_at`, `wall_time_seconds`) and the
    /// epochs' `timestamp`, the only values allowed to differ between two runs.
    static func withoutTimeFields(_ s: String) -> String {
        s.replacingOccurrences(of: #""(started_at|wall_time_seconds|timestamp)":("[^"]*"|[-+0-9.eE]+)"#, with: "\"$1\":T",
                               options: .regularExpression)
    }

    static func temporaryDirectory() throws -> String {
        let dir = NSTemporaryDirectory() + "simulate-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test("same seed twice gives byte-identical output apart from time fields", arguments: ["table", "json", "jsonl", "csv"])
    func sameSeedSameBytes(_ format: String) throws {
        let args = ["simulate", "--config", Self.defaultConfig, "--epochs", "7", "--emission", "250.5", "--seed", "11",
                    "--format", format, "--quiet"]
        let a = try scoring(args)
        let b = try scoring(args)
        #expect(a.status == 0, "\(a.err)")
        #expect(!a.out.isEmpty)
        #expect(Self.withoutTimeFields(a.out) == Self.withoutTimeFields(b.out))
        #expect(a.err.isEmpty, "--quiet and a non-terminal stderr: nothing on stderr, found \(a.err)")
        let other = try scoring(args.map { $0 == "11" ? "12" : $0 })
        #expect(Self.withoutTimeFields(other.out) != Self.withoutTimeFields(a.out), "another seed must change the output")
    }

    @Test func flagsReachTheOutput() throws {
        let r = try scoring(["simulate", "--config", Self.defaultConfig, "--epochs", "3", "--emission", "50", "--seed", "5",
                             "--format", "json", "--quiet"])
        #expect(r.status == 0, "\(r.err)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let config = try #require(root["config"] as? [String: Any])
        #expect(config["epochs"] as? Int == 3)
        #expect(config["emission"] as? Double == 50)
        let epochs = try #require(root["epochs"] as? [[String: Any]])
        #expect(epochs.count == 3)
        #expect(epochs.map { $0["epoch_id"] as? Int } == [1, 2, 3])
        #expect(epochs.allSatisfy { $0["total_emission"] as? Double == 50 })
        // The rewards of an epoch share out the emission (each rounded to 6 decimals).
        for e in epochs {
            let miners = (e["miners"] as? [[String: Any]] ?? []).reduce(0.0) { $0 + ($1["epoch_tao"] as? Double ?? .nan) }
            let validators = (e["validators"] as? [[String: Any]] ?? []).reduce(0.0) { $0 + ($1["epoch_tao"] as? Double ?? .nan) }
            #expect(abs(miners + validators - 50) < 1e-4)
        }
        let manifest = try #require(root["manifest"] as? [String: Any])
        #expect(manifest["wall_time_seconds"] != nil)
    }

    @Test func outputFileAndMonteCarloRuns() throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let csv = dir + "/out.csv"
        let r = try scoring(["simulate", "--config", Self.defaultConfig, "--epochs", "4", "--seed", "3", "--format", "csv",
                             "--output", csv, "--quiet"])
        #expect(r.status == 0, "\(r.err)")
        let text = try String(contentsOfFile: csv, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.first?.hasPrefix("record,epoch,rank,id") == true)
        #expect(lines.filter { $0.hasPrefix("miner,4,") }.count == 12)
        #expect(FileManager.default.fileExists(atPath: csv + ".manifest.json"), "CSV output writes FILE.manifest.json")

        let runsA = try scoring(["simulate", "--config", Self.defaultConfig, "--epochs", "3", "--runs", "3", "--seed", "9",
                                 "--format", "json", "--quiet"])
        let runsB = try scoring(["simulate", "--config", Self.defaultConfig, "--epochs", "3", "--runs", "3", "--seed", "9",
                                 "--format", "json", "--quiet"])
        #expect(runsA.status == 0, "\(runsA.err)")
        #expect(Self.withoutTimeFields(runsA.out) == Self.withoutTimeFields(runsB.out))
        #expect(runsA.out.contains("\"gini\""))
    }

    @Test func badFlagsAreRejected() throws {
        let r = try scoring(["simulate", "--config", Self.defaultConfig, "--format", "xml"])
        #expect(r.status != 0)
        #expect(r.err.contains("unknown format 'xml'"))
        let e = try scoring(["simulate", "--config", Self.defaultConfig, "--epochs", "0"])
        #expect(e.status != 0)
    }

    // MARK: Progress bar on a real terminal

    /// Runs `scoring args` under util-linux `script`, which gives the child a pseudo-terminal for
    /// stdin/stdout/stderr and copies what reaches the terminal to our stdout; stdout is discarded
    /// and stderr goes to the terminal or to `redirect`. Returns the terminal's text and the wall
    /// time, or `nil` when `script` is not installed.
    func onTerminal(_ args: [String], stderrTo redirect: String? = nil) throws -> (text: String, seconds: Double)? {
        guard let script = ["/usr/bin/script", "/bin/script"].first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            return nil
        }
        let binary = try #require(CommandLineTests.binary, "the scoring binary was not built")
        var command = ([binary] + args).map { "'" + $0 + "'" }.joined(separator: " ") + " >/dev/null"
        if let redirect { command += " 2>'" + redirect + "'" }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: script)
        p.arguments = ["-qfec", command, "/dev/null"]
        p.currentDirectoryURL = Self.root
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        p.standardInput = FileHandle.nullDevice
        let start = Date()
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "script exited with \(p.terminationStatus): \(String(decoding: data, as: UTF8.self).prefix(300))")
        return (String(decoding: data, as: UTF8.self), Date().timeIntervalSince(start))
    }

    /// A run of a few seconds in a debug build (one task per epoch, no plagiarism, table output so
    /// only the simulation costs). The bar starts after one second, so each check that it appears
    /// is made only when the run lasted over 1.5 s (a fast release build may finish sooner).
    static let longRun = ["simulate", "--config", defaultConfig, "--epochs", "40000", "--format", "table",
                          "--set", "simulation.tasks_per_epoch=1", "--set", "simulation.plagiarism.enabled=false"]

    @Test func progressBarOnATerminalOnly() throws {
        guard let shown = try onTerminal(Self.longRun) else {
            print("skipped: util-linux `script` is not installed, so no pseudo-terminal to test the progress bar on")
            return
        }
        if shown.seconds > 1.5 {
            #expect(shown.text.contains("epochs ["), "a \(shown.seconds) s run on a terminal must draw the bar on stderr, got \(shown.text.prefix(200))")
            #expect(shown.text.contains("/40000"))
        } else {
            print("progress bar presence not checked: the run took only \(shown.seconds) s")
        }
        // --quiet: nothing, however long the run.
        let quiet = try #require(try onTerminal(Self.longRun + ["--quiet"]))
        #expect(!quiet.text.contains("epochs ["), "--quiet must silence the bar, got \(quiet.text.prefix(200))")
        // stderr redirected to a file (not a terminal): no bar on the terminal nor in the file.
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/stderr.txt"
        let redirected = try #require(try onTerminal(Self.longRun, stderrTo: file))
        #expect(!redirected.text.contains("epochs ["))
        let written = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        #expect(!written.contains("epochs ["), "stderr is a file, not a terminal: no bar, found \(written.prefix(200))")
    }
}

/// A `Data` set once from another thread.
final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?
    func set(_ d: Data) { lock.lock(); data = d; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return data != nil }
    func get() -> Data { lock.lock(); defer { lock.unlock() }; return data ?? Data() }
}
