// SimulationBench: throughput of the epoch simulator (release build; run with `make bench`).
//
// Prints epochs/s on the reference roster for both generators, the cost per miner-task evaluation
// at 256 miners × 64 tasks × 64 validators (3 validators per submission, as the reference), and the
// Monte Carlo speed-up from 1 to all cores (with a two-process control for the machine's load).
// With `--reference-timing FILE` (written by `make bench`) the ratios are to the reference as
// measured in the same run. Not a test: numbers depend on the machine and its load.
import Chain
import Foundation
import ReasonForge
import ScoringCore
import Simulation

func settings(_ body: String) throws -> SimulationSettings {
    let registry = try ScoringRegistry(modules: [ReasonForgeModule(), SimulationModule(), ChainModule()])
    let node = try ConfigLoader().parse(yaml: "pipeline: simulation\nsimulation:\n" + body, name: "bench")
    let loaded = try ScoringConfig.load(node: node, path: "bench.yaml", registry: registry)
    return (loaded.pipeline as! SimulationPipeline).settings
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Best of `repeats` timings of `body`.
func best(_ repeats: Int, _ body: () throws -> Void) rethrows -> Double {
    var result = Double.infinity
    for _ in 0..<repeats { result = min(result, try seconds(body)) }
    return result
}

// `SimulationBench digest`: the digest of fixed runs (``ReportDigest``): the bundled default and
// copycats configs, five validators per submission, and alternative formulas, for both generators.
// Run by an older build of this bench too, to show a change to the engine moved no result.
func digestCases() throws -> [(String, SimulationSettings)] {
    let registry = try ScoringRegistry(modules: [ReasonForgeModule(), SimulationModule()])
    func file(_ path: String, _ overrides: [String]) throws -> SimulationSettings {
        let loaded = try ScoringConfig.load(file: path, overrides: overrides, registry: registry)
        return (loaded.pipeline as! SimulationPipeline).settings
    }
    var cases: [(String, SimulationSettings)] = []
    for generator in ["xoshiro", "python-compat"] {
        cases.append(("default \(generator)", try file("configs/default.yaml", ["simulation.generator=\(generator)"])))
        cases.append(("copycats \(generator)", try file("configs/reasonforge/copycats.yaml", ["simulation.generator=\(generator)"])))
        cases.append(("five-validators \(generator)", try settings("  epochs: 25\n  seed: 9\n  generator: \(generator)\n  validators_per_task: 5\n  trap_rate: 0.3\n")))
        cases.append(("alternatives \(generator)", try settings("  epochs: 25\n  seed: 11\n  generator: \(generator)\n  validators_per_task: 4\n  formulas:\n    consensus: consensus-median\n    miner-emission: miner-emission-softmax\n    trap-penalty: trap-penalty-ground-truth\n    excellence-bonus: peb-linear\n")))
    }
    return cases
}
if CommandLine.arguments.count >= 2, CommandLine.arguments[1] == "digest" {
    for (name, s) in try digestCases() {
        let run = try SimulationRunner.run(s, keepHistory: true, threads: 1)
        let flags = run.history.reduce(0) { $0 + $1.plagiarismFlags }
        print("\(name): digest 0x\(String(ReportDigest.of(run.history).value, radix: 16)) epochs \(run.history.count) flags \(flags) total0 \(run.minerTotals[0]) vtotal0 \(run.validatorTotals[0])")
    }
    exit(0)
}

// `SimulationBench profile <generator> <epochs> [large]`: one run only, for callgrind/perf
// (instruction counts do not depend on the machine's load).
let arguments = CommandLine.arguments
if arguments.count >= 4, arguments[1] == "profile" {
    let large = arguments.count >= 5 && arguments[4] == "large"
    let s = try settings("  epochs: \(arguments[3])\n  generator: \(arguments[2])\n" + (large ? """
          tasks_per_epoch: 64
          validators_per_task: 3
          miners: {tiers: {elite: 52, strong: 51, mid: 51, weak: 51, adversarial: 51}}
          validators: {profiles: {honest: 16, good: 16, lazy: 16, malicious: 16}, stakes: [1000, 1630]}

        """ : ""))
    let threads = ProcessInfo.processInfo.environment["SCORING_THREADS"].flatMap { Int($0) }
    let t = try seconds { _ = try SimulationRunner.run(s, threads: threads) }
    print(String(format: "%@ %@ epochs: %.3f s", arguments[2], arguments[3], t))
    exit(0)
}

// `SimulationBench output <config> <format> <epochs> <path> [key=value ...]`: one run of the
// simulation pipeline written to a file in that format (`scoring run --format` without the CLI), for
// timing the writers and for recording fixtures. Prints the wall time.
if arguments.count >= 6, arguments[1] == "output" {
    let registry = try ScoringRegistry(modules: [ReasonForgeModule(), SimulationModule()])
    let loaded = try ScoringConfig.load(file: arguments[2], overrides: ["simulation.epochs=\(arguments[4])"] + arguments.dropFirst(6),
                                        registry: registry)
    let pipeline = loaded.pipeline as! SimulationPipeline
    let start = DispatchTime.now().uptimeNanoseconds
    let sink = try OutputSink.file(arguments[5])
    try await pipeline.execute(format: OutputFormat(rawValue: arguments[3])!, sink: sink, quiet: true, gitCommit: .some(nil))
    sink.close()
    print(String(format: "output %@ %@ %@ epochs: %.3f s", arguments[2], arguments[3], arguments[4],
                 Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
    exit(0)
}

// `SimulationBench chain-digest`: the digest (``ReportDigest``, chain figures included) and the
// TAO totals of on-chain runs: the bench line's shape in float and fixed, with the chain's defaults
// (Yuma 2) and with Yuma 3 + liquid alpha, and `configs/reasonforge/on-chain.yaml`. Run by an older
// build too, to show a change to the chain layer moved no result.
if arguments.count >= 2, arguments[1] == "chain-digest" {
    let shape = "  epochs: 12\n  tasks_per_epoch: 64\n  miners: {tiers: {elite: 52, strong: 51, mid: 51, weak: 51, adversarial: 51}}\n"
        + "  validators: {profiles: {honest: 16, good: 16, lazy: 16, malicious: 16}, stakes: [1000, 1630]}\n"
    var cases: [(String, SimulationSettings)] = []
    for arithmetic in ["float", "fixed"] {
        for (label, options) in [("yuma2", ""), ("yuma3-la", ", yuma3: true, liquid_alpha: true")] {
            cases.append(("\(arithmetic) \(label)", try settings(shape + "  chain: {mechanism: {type: yuma, options: {arithmetic: \(arithmetic)\(options)}}, tempo: 1}\n")))
        }
    }
    let registry = try ScoringRegistry(modules: [ReasonForgeModule(), SimulationModule(), ChainModule()])
    let onChain = try ScoringConfig.load(file: "configs/reasonforge/on-chain.yaml", overrides: [], registry: registry)
    cases.append(("on-chain.yaml", (onChain.pipeline as! SimulationPipeline).settings))
    for (name, s) in cases {
        let run = try SimulationRunner.run(s, keepHistory: true, threads: 1)
        print("\(name): digest 0x\(String(ReportDigest.of(run.history).value, radix: 16)) epochs \(run.history.count) miners \(run.minerTotals.reduce(0, +)) validators \(run.validatorTotals.reduce(0, +)) total0 \(run.minerTotals[0]) vtotal0 \(run.validatorTotals[0])")
    }
    exit(0)
}

if arguments.count >= 2, arguments[1] == "chain" {
    if arguments.count >= 3 {
        // `SimulationBench chain <float|fixed|none> [epochs] [yuma2]`: one run only, for perf
        // (Yuma 3 with liquid alpha, or the chain's defaults with `yuma2`).
        let body = "  epochs: \(arguments.count >= 4 ? arguments[3] : "30")\n  tasks_per_epoch: 64\n  miners: {tiers: {elite: 52, strong: 51, mid: 51, weak: 51, adversarial: 51}}\n"
            + "  validators: {profiles: {honest: 16, good: 16, lazy: 16, malicious: 16}, stakes: [1000, 1630]}\n"
            + (arguments[2] == "none" ? "" : "  chain: {mechanism: {type: yuma, options: {arithmetic: \(arguments[2])"
               + (arguments.count >= 5 && arguments[4] == "yuma2" ? "" : ", yuma3: true, liquid_alpha: true") + "}}, tempo: 1}\n")
        let s = try settings(body)
        let t = try seconds { _ = try SimulationRunner.run(s, threads: 1) }
        print(String(format: "chain %@: %.3f s", arguments[2], t))
        exit(0)
    }
    try chainLines()
    exit(0)
}

if arguments.count >= 2, arguments[1] == "swapped" {
    try swappedFormulaLines()
    exit(0)
}

if arguments.count >= 2, arguments[1] == "plagiarism" {
    try plagiarismLines(only: arguments.count >= 3 ? arguments[2] : nil)
    exit(0)
}

// `SimulationBench mc <runs> <width> [epochs]`: one Monte Carlo (default roster, xoshiro) with at
// most `width` runs in flight, for comparing threads with processes and for profiling.
if arguments.count >= 4, arguments[1] == "mc" {
    let epochs = arguments.count >= 5 ? arguments[4] : "2000"
    let s = try settings("  epochs: \(epochs)\n")
    let start = DispatchTime.now().uptimeNanoseconds
    _ = try await MonteCarlo.run(s, runs: Int(arguments[2])!, parallelism: Int(arguments[3])!)
    print(String(format: "mc %@ runs, width %@: %.3f s", arguments[2], arguments[3],
                 Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9))
    exit(0)
}

/// The reference's figures: measured in the same `make bench` run when `--reference-timing FILE`
/// names the output of `make_parity_fixtures.py --timing`, else the issue's figures.
struct ReferenceFigures {
    var epochsPerSecond = 167.0
    var microsPerEvaluation = 42.0
    var measured = false

    init() {
        guard let i = arguments.firstIndex(of: "--reference-timing"), i + 1 < arguments.count,
              let text = try? String(contentsOfFile: arguments[i + 1], encoding: .utf8) else { return }
        func number(in line: Substring, before unit: String) -> Double? {
            guard let r = line.range(of: unit) else { return nil }
            return Double(line[..<r.lowerBound].split(separator: " ").last ?? "")
        }
        for line in text.split(separator: "\n") {
            if line.hasPrefix("default roster"), let v = number(in: line, before: " epochs/s") {
                epochsPerSecond = v
                measured = true
            }
            if line.hasPrefix("large roster"), let v = number(in: line, before: " us per miner-task") {
                microsPerEvaluation = v
            }
        }
    }
}

let reference = ReferenceFigures()
let referenceEpochsPerSecond = reference.epochsPerSecond
let referenceMicrosPerEvaluation = reference.microsPerEvaluation

func loadAverage() -> String {
    (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8))?.split(separator: " ").prefix(3).joined(separator: " ") ?? "?"
}

print("SimulationBench (release), cores: \(ProcessInfo.processInfo.activeProcessorCount), load average \(loadAverage())")
print(reference.measured
      ? "Reference measured in this run: \(referenceEpochsPerSecond) epochs/s default roster, \(referenceMicrosPerEvaluation) µs per miner-task at 256/64/64."
      : "Reference not measured (no --reference-timing): the issue's figures, \(referenceEpochsPerSecond) epochs/s and \(referenceMicrosPerEvaluation) µs.")

// Each single-run figure twice: on one thread, and as `scoring` runs it by default on a machine
// with several cores (the epochs' random draws made ahead on a second thread, ``DrawPipeline``;
// identical results). The targets are checked against the default.
for (generator, target) in [("python-compat", 100.0), ("xoshiro", 300.0)] {
    let epochs = 20_000
    let s = try settings("  epochs: \(epochs)\n  generator: \(generator)\n")
    _ = try SimulationRunner.run(try settings("  epochs: 200\n  generator: \(generator)\n"))
    for threads in [1, 2] {
        let t = try best(5) { _ = try SimulationRunner.run(s, threads: threads) }
        let rate = Double(epochs) / t
        let micros = t / Double(epochs) / 144 * 1e6
        let ratio = rate / referenceEpochsPerSecond
        print(String(format: "default roster, %@, %@: %.0f epochs/s = %.1f× reference (target ≥ %.0f×: %@; %.1f× the issue's 167 epochs/s), %.3f µs per miner-task",
                     generator, threads == 1 ? "1 thread " : "2 threads", rate, ratio, target,
                     threads == 1 ? (ratio >= target ? "met on one thread" : "not on one thread") : (ratio >= target ? "met" : "NOT met"),
                     rate / 167.0, micros))
    }
}

// A non-default formula swapped in (issue 14): `consensus-median` and `miner-emission-softmax`,
// each with its batch body, against the defaults, interleaved on one thread, default roster and
// 256 × 64 × 64. Target ≤ 1.5×. Also `SimulationBench swapped` alone.
func swappedFormulaLines() throws {
    for (label, shape, epochs) in [("default roster", "", 5_000),
                                   ("256 miners × 64 tasks × 64 validators", """
                                      tasks_per_epoch: 64
                                      miners: {tiers: {elite: 52, strong: 51, mid: 51, weak: 51, adversarial: 51}}
                                      validators: {profiles: {honest: 16, good: 16, lazy: 16, malicious: 16}, stakes: [1000, 1630]}

                                    """, 5)] {
        let base = try settings("  epochs: \(epochs)\n" + shape)
        let swapped = try settings("  epochs: \(epochs)\n" + shape + "  formulas:\n    consensus: consensus-median\n    miner-emission: miner-emission-softmax\n")
        var baseTime = Double.infinity, swappedTime = Double.infinity
        for _ in 0..<5 {
            baseTime = min(baseTime, try seconds { _ = try SimulationRunner.run(base, threads: 1) })
            swappedTime = min(swappedTime, try seconds { _ = try SimulationRunner.run(swapped, threads: 1) })
        }
        print(String(format: "%@, xoshiro, 1 thread: defaults %.4f s, consensus-median + miner-emission-softmax %.4f s: %.2f× (target ≤ 1.5×: %@)",
                     label, baseTime, swappedTime, swappedTime / baseTime, swappedTime / baseTime <= 1.5 ? "met" : "NOT met"))
    }
}
try swappedFormulaLines()

for generator in ["xoshiro", "python-compat"] {
    let epochs = 5
    let s = try settings("""
          epochs: \(epochs)
          generator: \(generator)
          tasks_per_epoch: 64
          validators_per_task: 3
          miners: {tiers: {elite: 52, strong: 51, mid: 51, weak: 51, adversarial: 51}}
          validators: {profiles: {honest: 16, good: 16, lazy: 16, malicious: 16}, stakes: [1000, 1630]}
        """)
    for threads in [1, 2] {
        let t = try best(5) { _ = try SimulationRunner.run(s, threads: threads) }
        let micros = t / Double(epochs) / Double(256 * 64) * 1e6
        print(String(format: "256 miners × 64 tasks × 64 validators, %@, %@: %.4f s per epoch, %.3f µs per miner-task (target ≤ 0.2 µs: %@; reference %.1f µs = %.0f× slower)",
                     generator, threads == 1 ? "1 thread " : "2 threads", t / Double(epochs), micros, micros <= 0.2 ? "met" : "NOT met",
                     referenceMicrosPerEvaluation, referenceMicrosPerEvaluation / micros))
    }
}

// Monte Carlo: 1 thread vs all cores, interleaved, best of 3 each. As a control for the machine's
// load, the same runs split over 2 processes (this binary's `mc` mode): the speed-up other work
// on the machine leaves available, whatever the simulator does.
let cores = ProcessInfo.processInfo.activeProcessorCount
let mc = try settings("  epochs: 2000\n")
let runs = 8
func mcSeconds(width: Int) async throws -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    _ = try await MonteCarlo.run(mc, runs: runs, parallelism: width)
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}
func processesSeconds(_ count: Int) throws -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    var children: [Process] = []
    for _ in 0..<count {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        p.arguments = ["mc", String(runs / count), "1"]
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        children.append(p)
    }
    for p in children { p.waitUntilExit() }
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}
_ = try await mcSeconds(width: 1)
var serial = Double.infinity, parallel = Double.infinity, oneProcess = Double.infinity, twoProcesses = Double.infinity
for _ in 0..<3 {
    serial = min(serial, try await mcSeconds(width: 1))
    parallel = min(parallel, try await mcSeconds(width: cores))
    oneProcess = min(oneProcess, try processesSeconds(1))
    twoProcesses = min(twoProcesses, try processesSeconds(cores))
}
print(String(format: "Monte Carlo, %d runs × 2000 epochs: %.3f s on 1 core, %.3f s on %d cores: speed-up %.2f× (target ≥ 1.7× on 2 cores: %@); control, %d processes vs 1: %.2f×; load average %@",
             runs, serial, parallel, cores, serial / parallel, serial / parallel >= 1.7 ? "met" : "NOT met", cores,
             oneProcess / twoProcesses, loadAverage()))

// On chain (issue 16): 256 miners × 64 tasks × 64 validators, tempo 1 (every validator sets weights
// and Yuma runs every epoch), float and fixed arithmetic, against `chain: none`, on one thread.
// Targets: float ≥ 50 %, fixed ≥ 25 % of `chain: none`'s speed. Each run is 40 epochs (as
// `configs/reasonforge/on-chain.yaml`), timed in this process's CPU time (a neighbour's load
// stretches wall time far more). A round runs the three configurations back to back; the line
// prints the median over 11 rounds of each round's ratio (the machine's speed drifts between
// rounds, much less within one) and the range of the rounds' ratios. Also `SimulationBench chain`
// alone.
func processCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func cpuSeconds(_ body: () throws -> Void) rethrows -> Double {
    let start = processCPUSeconds()
    try body()
    return processCPUSeconds() - start
}

func chainLines() throws {
    let epochs = 40, rounds = 11
    let shape = """
          epochs: \(epochs)
          tasks_per_epoch: 64
          validators_per_task: 3
          miners: {tiers: {elite: 52, strong: 51, mid: 51, weak: 51, adversarial: 51}}
          validators: {profiles: {honest: 16, good: 16, lazy: 16, malicious: 16}, stakes: [1000, 1630]}
        """
    let none = try settings(shape)
    // The chain's defaults (Yuma 2 bonds), as `mechanism: yuma` gives them, then Yuma 3 with liquid alpha.
    for (label, options) in [("yuma (chain defaults)", ""), ("yuma3 + liquid alpha", ", yuma3: true, liquid_alpha: true")] {
        let float = try settings(shape + "\n  chain: {mechanism: {type: yuma, options: {arithmetic: float\(options)}}, tempo: 1}\n")
        let fixed = try settings(shape + "\n  chain: {mechanism: {type: yuma, options: {arithmetic: fixed\(options)}}, tempo: 1}\n")
        _ = try SimulationRunner.run(float, threads: 1)
        var tNone: [Double] = [], tFloat: [Double] = [], tFixed: [Double] = []
        for _ in 0..<rounds {
            tNone.append(try cpuSeconds { _ = try SimulationRunner.run(none, threads: 1) })
            tFloat.append(try cpuSeconds { _ = try SimulationRunner.run(float, threads: 1) })
            tFixed.append(try cpuSeconds { _ = try SimulationRunner.run(fixed, threads: 1) })
        }
        func median(_ x: [Double]) -> Double { x.sorted()[x.count / 2] }
        let floatRatios = zip(tNone, tFloat).map { $0 / $1 }, fixedRatios = zip(tNone, tFixed).map { $0 / $1 }
        let f = median(floatRatios), x = median(fixedRatios)
        print(String(format: "on chain, %@, 256 miners × 64 tasks × 64 validators, %d epochs, tempo 1, 1 thread, CPU time, median of %d rounds: chain none %.4f s per epoch; float %.4f s (%.0f %% of none's speed, rounds %.0f–%.0f %%, target ≥ 50 %%: %@); fixed %.4f s (%.0f %%, rounds %.0f–%.0f %%, target ≥ 25 %%: %@); load average %@",
                     label, epochs, rounds, median(tNone) / Double(epochs), median(tFloat) / Double(epochs), f * 100,
                     floatRatios.min()! * 100, floatRatios.max()! * 100, f >= 0.5 ? "met" : "NOT met",
                     median(tFixed) / Double(epochs), x * 100, fixedRatios.min()! * 100, fixedRatios.max()! * 100,
                     x >= 0.25 ? "met" : "NOT met", loadAverage()))
    }
}

// Plagiarism detection alone (PlagiarismBenchmark: the detector driven as the epoch loop drives
// it, 30-epoch buffer): µs per checked submission and retained bytes per buffered submission.
// Also `SimulationBench plagiarism [LABEL-PREFIX]` alone (e.g. `plagiarism 256` for the large roster).
func plagiarismLines(only: String? = nil) throws {
    for (label, roster, epochs) in [("default roster", "", 400),
                                    ("default roster + 3 copycats", "  miners: {tiers: {elite: 2, strong: 3, mid: 3, weak: 2, adversarial: 2}, copycats: 3}\n", 400),
                                    ("256 miners × 64 tasks", "  tasks_per_epoch: 64\n  miners: {tiers: {elite: 52, strong: 51, mid: 51, weak: 51, adversarial: 51}}\n", 40)] {
        if let only, !label.hasPrefix(only) { continue }
        let s = try settings("  plagiarism: {enabled: true, buffer_epochs: 30}\n" + roster)
        var r = PlagiarismBenchmark.run(s, epochs: epochs)
        for _ in 0..<2 { let again = PlagiarismBenchmark.run(s, epochs: epochs); if again.seconds < r.seconds { r = again } }
        print(String(format: "plagiarism detection, %@, %d epochs: %.3f µs CPU per checked submission (target ≤ 2 µs: %@; wall %.3f µs), %.0f bytes per buffered submission (target ≤ 512: %@)",
                     label, epochs, r.microsPerCheck, r.microsPerCheck <= 2 ? "met" : "NOT met",
                     r.wallSeconds / Double(r.checkedSubmissions) * 1e6, r.bytesPerBufferedSubmission,
                     r.bytesPerBufferedSubmission <= 512 ? "met" : "NOT met"))
    }
}
try plagiarismLines()
try chainLines()
