import ArgumentParser
import Foundation
import Testing
@testable import ScoringCLI
import ScoringCore

#if canImport(Glibc)
import Glibc
#endif

/// Beyond one machine: `--shard k/n|auto`, merges, resume, limits and negative numbers, through the CLI.
struct ShardCommandTests {
    static let root = CISmokeTests.repoRoot
    static let base = "\(root)/configs/reasonforge/default.yaml"

    final class Dir {
        let path = NSTemporaryDirectory() + "shard-cli-" + UUID().uuidString
        init() { try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        @discardableResult func write(_ name: String, _ text: String) -> String {
            try! text.write(toFile: "\(path)/\(name)", atomically: true, encoding: .utf8)
            return "\(path)/\(name)"
        }
        func read(_ name: String) -> String { (try? String(contentsOfFile: "\(path)/\(name)", encoding: .utf8)) ?? "<missing \(name)>" }
    }

    func matrix(_ dir: Dir, seeds: String = "[1, 2]", epochs: Int = 3, extra: String = "", name: String = "m.yaml") -> String {
        dir.write(name, """
            matrix:
              base: \(Self.base)
              seeds: \(seeds)
              set: ["simulation.epochs=\(epochs)", "simulation.validators_per_task=5", "simulation.output.format=json"]
              axes:
                simulation.formulas.consensus: [consensus-trimmed-mean, consensus-median, consensus-mean]
            \(extra)
            """)
    }

    /// Runs the binary with `environment` added to a clean copy of this process's environment.
    func binary(_ args: [String], environment: [String: String] = [:]) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try #require(CommandLineTests.binary, "the scoring binary was not built"))
        p.arguments = args
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SLURM_") && !$0.key.hasPrefix("JOB_COMPLETION") }
        env.merge(environment) { $1 }
        p.environment = env
        p.currentDirectoryURL = URL(fileURLWithPath: Self.root)
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        return (p.terminationStatus, o, e)
    }

    static let outputs = ["results.jsonl", "summary.csv", "junit.xml", "comparison.md"]

    // MARK: - Matrix shards

    @Test(arguments: [1, 3, 7]) func matrixShardsMergeToTheSingleRun(n: Int) async throws {
        let dir = Dir()
        let file = matrix(dir)
        try await MatrixCommand.Run.parse([file, "-o", "\(dir.path)/full", "--quiet"]).run()
        for k in 1...n {
            try await MatrixCommand.Run.parse([file, "--shard", "\(k)/\(n)", "-o", "\(dir.path)/shards/s\(k)", "--quiet"]).run()
        }
        try await MatrixCommand.Merge.parse(["\(dir.path)/shards", "-o", "\(dir.path)/merged", "--name", "m"]).run()
        for f in Self.outputs {
            #expect(dir.read("merged/\(f)") == dir.read("full/\(f)"), "\(f) differs at n = \(n)")
        }
        #expect(dir.read("merged/results.jsonl").split(separator: "\n").count == 6)
    }

    @Test(.timeLimit(.minutes(5))) func resumeAfterAKilledShardRecomputesOnlyTheMissingRuns() async throws {
        let dir = Dir()
        let file = matrix(dir, seeds: "{count: 8, start: 1}", epochs: 25)
        try await MatrixCommand.Run.parse([file, "-o", "\(dir.path)/full", "--quiet", "--jobs", "1"]).run()
        // A real kill: SIGKILL once two results are on disk.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: try #require(CommandLineTests.binary))
        p.arguments = ["matrix", file, "--shard", "1/1", "-o", "\(dir.path)/killed", "--quiet", "--jobs", "1"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(120)
        while p.isRunning, Date() < deadline, dir.read("killed/results.jsonl").split(separator: "\n").count < 2 {
            usleep(5_000)
        }
        let wasRunning = p.isRunning
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        #expect(wasRunning, "the shard finished before it could be killed")
        let before = dir.read("killed/results.jsonl").split(separator: "\n", omittingEmptySubsequences: true).count
        #expect(before >= 2 && before < 24)
        #expect(try ShardManifest.read(from: "\(dir.path)/killed")?.complete == false)
        let resumed = try binary(["matrix", file, "--shard", "1/1", "-o", "\(dir.path)/killed", "--quiet", "--resume", "--jobs", "1"])
        #expect(resumed.status == 0, "\(resumed.err)")
        // Only the runs without a complete line were computed again: kept + new = 24, every run once.
        let match = try #require(resumed.err.firstMatch(of: /resumed: (\d+) earlier runs kept, (\d+) new/), "\(resumed.err)")
        let (kept, fresh) = (Int(match.1)!, Int(match.2)!)
        #expect(kept >= 1 && kept <= before && fresh >= 1 && kept + fresh == 24, "kept \(kept), new \(fresh), lines before \(before)")
        let records = try MatrixOutput.readRecords("\(dir.path)/killed/results.jsonl")
        #expect(records.count == 24 && Set(records.map { "\($0.cell)/\($0.seed)" }).count == 24)
        for f in Self.outputs where f != "results.jsonl" {
            #expect(dir.read("killed/\(f)") == dir.read("full/\(f)"), "\(f) differs after resume")
        }
        #expect(try ShardManifest.read(from: "\(dir.path)/killed")?.complete == true)
    }

    @Test func resumeDropsALineCutOffMidWrite() async throws {
        let dir = Dir()
        let file = matrix(dir)
        try await MatrixCommand.Run.parse([file, "-o", "\(dir.path)/full", "--quiet"]).run()
        try await MatrixCommand.Run.parse([file, "-o", "\(dir.path)/cut", "--quiet"]).run()
        let lines = dir.read("cut/results.jsonl").split(separator: "\n")
        dir.write("cut/results.jsonl", lines.prefix(2).joined(separator: "\n") + "\n" + lines[2].prefix(30))
        let resumed = try binary(["matrix", file, "-o", "\(dir.path)/cut", "--quiet", "--resume"])
        #expect(resumed.err.contains("resumed: 2 earlier runs kept, 4 new"), "\(resumed.err)")
        #expect(dir.read("cut/summary.csv") == dir.read("full/summary.csv"))
        #expect(dir.read("cut/results.jsonl").split(separator: "\n").count == 6)
    }

    @Test func mergeRefusesDifferentPlansAndNamesWhatIsMissing() throws {
        let dir = Dir()
        let a = matrix(dir, name: "a.yaml")
        let b = matrix(dir, seeds: "[1, 3]", name: "b.yaml")
        #expect(try binary(["matrix", a, "--shard", "1/3", "-o", "\(dir.path)/a1", "--quiet"]).status == 0)
        #expect(try binary(["matrix", b, "--shard", "2/3", "-o", "\(dir.path)/b2", "--quiet"]).status == 0)
        let mixed = try binary(["matrix", "merge", "\(dir.path)/a1", "\(dir.path)/b2", "-o", "\(dir.path)/m"])
        #expect(mixed.status == 1)
        #expect(mixed.err.contains("refusing to merge shards of different plans"), "\(mixed.err)")
        let partial = try binary(["matrix", "merge", "\(dir.path)/a1", "-o", "\(dir.path)/m"])
        #expect(partial.status == 1)
        #expect(partial.err.contains("2 of 6 results are missing") || partial.err.contains("4 of 6 results are missing"), "\(partial.err)")
        #expect(partial.err.contains("shard 2/3 is absent: 2 missing (cell 1 seed 1, cell 1 seed 2)"), "\(partial.err)")
        #expect(partial.err.contains("shard 3/3 is absent"), "\(partial.err)")
    }

    // MARK: - --shard auto

    @Test func shardAutoReadsSlurmAndKubernetesEnvironments() throws {
        let dir = Dir()
        let file = matrix(dir)
        let slurm = try binary(["matrix", file, "--dry-run", "--shard", "auto"], environment: [
            "SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "2", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "2"])
        #expect(slurm.status == 0, "\(slurm.err)")
        #expect(slurm.out.contains("(shard 2/2 from Slurm job array: 1 cells)"), "\(slurm.out)")
        #expect(slurm.out.contains("cell 1:") && !slurm.out.contains("cell 0:"))
        let k8s = try binary(["matrix", file, "--dry-run", "--shard", "auto"], environment: ["JOB_COMPLETION_INDEX": "0", "JOB_COMPLETIONS": "3"])
        #expect(k8s.out.contains("(shard 1/3 from Kubernetes Indexed Job: 1 cells)"), "\(k8s.out)")
        let none = try binary(["matrix", file, "--dry-run", "--shard", "auto"])
        #expect(none.status != 0)
        #expect(none.err.contains("SLURM_ARRAY_TASK_ID") && none.err.contains("JOB_COMPLETION_INDEX"), "\(none.err)")
        let bad = try binary(["matrix", file, "--dry-run", "--shard", "auto"], environment: ["JOB_COMPLETION_INDEX": "0"])
        #expect(bad.status != 0 && bad.err.contains("JOB_COMPLETIONS"), "\(bad.err)")
        // --shard auto writes into OUTPUT/shard-k-of-n, and merge takes the parent.
        let run = try binary(["matrix", file, "--shard", "auto", "-o", "\(dir.path)/auto", "--quiet"], environment: [
            "SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_COUNT": "1", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "1"])
        #expect(run.status == 0, "\(run.err)")
        #expect(FileManager.default.fileExists(atPath: "\(dir.path)/auto/shard-1-of-1/results.jsonl"))
    }

    // MARK: - Monte Carlo through the CLI

    @Test func monteCarloShardsThroughSimulateAndRunMergeToTheSingleRun() throws {
        let dir = Dir()
        let flags = ["--config", Self.base, "--runs", "6", "--epochs", "3", "--quiet"]
        let single = try binary(["simulate"] + flags + ["--format", "json", "-o", "\(dir.path)/single.json"])
        #expect(single.status == 0, "\(single.err)")
        // Shard 1 through `scoring simulate`, shards 2 and 3 through `scoring run` under a Kubernetes-style environment.
        #expect(try binary(["simulate"] + flags + ["--shard", "1/3", "-o", "\(dir.path)/mc/one"]).status == 0)
        for index in 1...2 {
            let r = try binary(["run", Self.base, "--set", "simulation.runs=6", "--set", "simulation.epochs=3", "--shard", "auto",
                                "-o", "\(dir.path)/mc", "--quiet"], environment: ["JOB_COMPLETION_INDEX": "\(index)", "JOB_COMPLETIONS": "3"])
            #expect(r.status == 0, "\(r.err)")
        }
        let merged = try binary(["simulate", "--merge", "\(dir.path)/mc", "--format", "json", "-o", "\(dir.path)/merged.json"])
        #expect(merged.status == 0, "\(merged.err)")
        let blank = { (t: String) in
            ["started_at", "wall_time_seconds"].reduce(t) {
                $0.replacingOccurrences(of: "\"\($1)\":(\"[^\"]*\"|[-0-9.eE+]+)", with: "\"\($1)\":0", options: .regularExpression)
            }
        }
        let a = dir.read("merged.json"), b = dir.read("single.json")
        #expect(blank(a) == blank(b))
        #expect(a.contains("\"runs\":6") && a != b)
    }

    // MARK: - Limits and hostile configs

    @Test func runLimitStopsBeforeAnythingStarts() throws {
        let dir = Dir()
        let r = try binary(["run", Self.base, "--set", "simulation.runs=500", "--max-runs", "100", "-o", "\(dir.path)/o"])
        #expect(r.status == 1)
        #expect(r.err.contains("expands to 500 runs, over the limit of 100 runs (--max-runs 100)"), "\(r.err)")
        #expect(r.err.contains("<command line: --set simulation.runs=500>"), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: "\(dir.path)/o"))
        let env = try binary(["simulate", "--config", Self.base, "--runs", "20"], environment: ["SCORING_MAX_RUNS": "10"])
        #expect(env.status == 1 && env.err.contains("over the limit of 10 runs (SCORING_MAX_RUNS=10)"), "\(env.err)")
        let m = try binary(["matrix", matrix(dir), "--max-runs", "5", "-o", "\(dir.path)/m"])
        #expect(m.status == 1 && m.err.contains("expands to 6 runs"), "\(m.err)")
        #expect(!FileManager.default.fileExists(atPath: "\(dir.path)/m"))
        let check = try binary(["config", "check", Self.base, "--set", "simulation.runs=500", "--max-runs", "100"])
        #expect(check.status == 1)
    }

    /// Spawns the binary and returns its exit status, wall time and peak resident memory (its own VmHWM).
    func measured(_ args: [String]) throws -> (status: Int32, seconds: Double, maxRSSBytes: Int, err: String) {
        let path = try #require(CommandLineTests.binary)
        let errPath = NSTemporaryDirectory() + "measured-" + UUID().uuidString
        defer { unlink(errPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        let argv = ([path] + args).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let start = Date()
        guard posix_spawn(&pid, path, &actions, nil, argv, environ) == 0 else { throw CocoaError(.fileNoSuchFile) }
        // wait4's ru_maxrss would count the test process's own pages: a spawned child's peak starts
        // from its parent's at exec on Linux. The child's VmHWM (its own high-water mark, monotonic) is
        // read from /proc until it exits instead.
        var status: Int32 = 0
        var peakKB = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
               let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
               let kb = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") {
                peakKB = max(peakKB, kb)
            }
            usleep(500)
        }
        let seconds = Date().timeIntervalSince(start)
        let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return ((status >> 8) & 0xff, seconds, peakKB * 1024, err)
    }

    @Test func aliasBombIsRefusedWithinOneSecondAnd100MB() throws {
        let dir = Dir()
        var text = "pipeline: simulation\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for i in 1...10 { text += "l\(i): &l\(i) [" + Array(repeating: "*l\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        let bomb = dir.write("bomb.yaml", text)
        let r = try measured(["config", "check", bomb])
        #expect(r.status == 1)
        #expect(r.seconds < 1, "took \(r.seconds) s")
        #expect(r.maxRSSBytes < 100 * 1024 * 1024, "peak RSS \(r.maxRSSBytes / 1024 / 1024) MB")
        #expect(r.err.range(of: "bomb\\.yaml:[0-9]+:[0-9]+: error: the YAML expands", options: .regularExpression) != nil, "\(r.err)")
        print("alias bomb: refused in \(String(format: "%.3f", r.seconds)) s, peak RSS \(r.maxRSSBytes / 1024 / 1024) MB")
    }

    @Test func cellsDifferCatchesAComparisonThatComparesNothing() throws {
        let dir = Dir()
        func smoke(_ validators: Int) -> String {
            dir.write("s\(validators).yaml", """
                matrix:
                  base: \(Self.base)
                  seeds: [1]
                  set: ["simulation.epochs=3", "simulation.validators_per_task=\(validators)", "simulation.output.format=json"]
                  axes:
                    simulation.formulas.consensus: [consensus-mean, consensus-trimmed-mean]
                expect:
                  - "emission_conserved == 1"
                  - cells differ
                """)
        }
        let three = try binary(["matrix", smoke(3), "-o", "\(dir.path)/three", "--quiet"])
        #expect(three.status == 2)
        #expect(three.err.contains("cells 0 and 1 differ only in 'simulation.formulas.consensus' (consensus-mean vs consensus-trimmed-mean)"),
                "\(three.err)")
        let five = try binary(["matrix", smoke(5), "-o", "\(dir.path)/five", "--quiet"])
        #expect(five.status == 0, "\(five.err)")
    }

    // MARK: - Negative numbers written the usual way

    @Test func simulateTakesNegativeNumbersAfterASpace() throws {
        let s = try SimulateCommand.parse(["--seed", "-3", "--runs", "2"])
        #expect(s.seed == -3 && s.runs == 2)
        #expect(s.allOverrides.contains("simulation.seed=-3"))
        // Other numeric options parse the value and then say what is wrong with it, not "Missing value".
        for (flag, complaint) in [("--epochs", "--epochs must be at least 1"), ("--runs", "--runs must be at least 1"),
                                  ("--emission", "--emission must be positive"), ("--max-runs", "--max-runs must be at least 1")] {
            do { _ = try SimulateCommand.parse([flag, "-2"]); Issue.record("\(flag) -2 was accepted") } catch {
                let text = SimulateCommand.message(for: error)
                #expect(text.contains(complaint), "\(flag): \(text)")
                #expect(!text.contains("Missing value"))
            }
        }
        let r = try binary(["simulate", "--config", Self.base, "--seed", "-3", "--epochs", "2", "--format", "json", "--quiet"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("\"seed\":-3"))
    }

    @Test func snapshotGenerateTakesANegativeSeed() throws {
        let g = try SnapshotCommand.Generate.parse(["--miners", "3", "--seed", "-3", "--out", "x.json", "--score-min", "0.5"])
        #expect(g.seed == -3)
        do { _ = try SnapshotCommand.Generate.parse(["--miners", "-1", "--seed", "1", "--out", "x"]); Issue.record("accepted") } catch {
            #expect(SnapshotCommand.Generate.message(for: error).contains("--miners must be in"))
        }
    }

    @Test func everyOtherNumericOptionTakesANegativeValue() throws {
        #expect(try MatrixCommand.Run.parse(["m.yaml", "--jobs", "-1", "--max-runs", "-4"]).maxRuns == -4)
        #expect(try ServeCommand.parse(["--port", "-1"]).port == -1)
        do { _ = try RunCommand.parse(["c.yaml", "--max-runs", "-1"]); Issue.record("--max-runs -1 was accepted") } catch {
            #expect(RunCommand.message(for: error).contains("--max-runs must be at least 1"))
        }
        #expect(try ConfigCommand.Check.parse(["c.yaml", "--max-runs", "-2"]).maxRuns == -2)
    }
}

/// The bundled CI smoke matrix compares cells that differ in ways that matter.
struct SmokeMatrixTests {
    @Test func smokeMatrixChecksThatEveryAxisMatters() throws {
        let spec = try MatrixSpec.load(file: "\(CISmokeTests.repoRoot)/configs/matrix/ci-smoke.yaml")
        #expect(spec.cellsDiffer == ["simulation.formulas.consensus", "simulation.formulas.excellence-bonus"])
        // Trimming starts at five validators per task; at three the trimmed mean is the mean.
        #expect(spec.overrides.contains("simulation.validators_per_task=5"))
    }
}

/// The deploy files agree with what `--shard auto` reads.
struct DeployFileTests {
    static func read(_ path: String) throws -> String { try String(contentsOfFile: "\(CISmokeTests.repoRoot)/\(path)", encoding: .utf8) }

    @Test func kubernetesIndexedJobPassesItsCompletionCount() throws {
        let text = try Self.read("deploy/kubernetes/matrix-job.yaml")
        let completions = try #require(text.firstMatch(of: /\n  completions: (\d+)/)).1
        let passed = try #require(text.firstMatch(of: /name: JOB_COMPLETIONS\n\s+value: "(\d+)"/)).1
        #expect(completions == passed)
        #expect(text.contains("completionMode: Indexed"))
        #expect(text.contains("\"--shard\", \"auto\""))
        #expect(text.contains("shard-*-of-\(completions)/shard.json"))
        // What the pod would see: JOB_COMPLETION_INDEX from Kubernetes, JOB_COMPLETIONS from the spec.
        let shard = try ShardAssignment.parse("auto", environment: ["JOB_COMPLETION_INDEX": "3", "JOB_COMPLETIONS": String(passed)])
        #expect(shard.description == "4/\(completions)")
    }

    @Test func slurmScriptsUseShardAutoAndADependentMerge() throws {
        let batch = try Self.read("deploy/slurm/matrix.sbatch")
        #expect(batch.contains("matrix \"$MATRIX\" --shard auto") && batch.contains("run \"$CONFIG\""))
        #expect(batch.contains("matrix merge \"$OUT\"") && batch.contains("simulate --merge \"$OUT\""))
        let submit = try Self.read("deploy/slurm/submit.sh")
        #expect(submit.contains("--array=1-\"$N\"") && submit.contains("--dependency=afterok:\"$array\""))
    }
}
