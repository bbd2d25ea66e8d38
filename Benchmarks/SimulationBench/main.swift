// SimulationBench: throughput of the epoch simulator (release build; run with `make bench`).
//
// Prints epochs/s on the reference roster for both generators, the cost per miner-task evaluation
// at 256 miners × 64 tasks × 64 validators (3 validators per submission, as the reference), and the
// Monte Carlo speed-up from 1 to all cores. Not a test: numbers depend on the machine and its load.
import Foundation
import ReasonForge
import ScoringCore
import Simulation

func settings(_ body: String) throws -> SimulationSettings {
    let registry = try ScoringRegistry(modules: [ReasonForgeModule(), SimulationModule()])
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

let referenceEpochsPerSecond = 167.0
let referenceMicrosPerEvaluation = 42.0

print("SimulationBench (release). Reference figures from the brief: \(referenceEpochsPerSecond) epochs/s default roster, "
      + "\(referenceMicrosPerEvaluation) µs per miner-task evaluation at 256/64/64.")
print("cores: \(ProcessInfo.processInfo.activeProcessorCount)")

for (generator, target) in [("python-compat", 100.0), ("xoshiro", 300.0)] {
    let epochs = 20_000
    let s = try settings("  epochs: \(epochs)\n  generator: \(generator)\n")
    _ = try SimulationRunner.run(try settings("  epochs: 200\n  generator: \(generator)\n"))
    let t = try best(3) { _ = try SimulationRunner.run(s) }
    let rate = Double(epochs) / t
    let micros = t / Double(epochs) / 144 * 1e6
    print(String(format: "default roster, %@: %.0f epochs/s (%.1f× reference; target ≥ %.0f×), %.3f µs per miner-task",
                 generator, rate, rate / referenceEpochsPerSecond, target, micros))
}

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
    let t = try best(3) { _ = try SimulationRunner.run(s) }
    let micros = t / Double(epochs) / Double(256 * 64) * 1e6
    print(String(format: "256 miners × 64 tasks × 64 validators, %@: %.3f s per epoch, %.3f µs per miner-task (target ≤ 0.2 µs; reference %.0f µs)",
                 generator, t / Double(epochs), micros, referenceMicrosPerEvaluation))
}

let cores = ProcessInfo.processInfo.activeProcessorCount
let mc = try settings("  epochs: 2000\n")
let runs = 8
let serial = try await { () async throws -> Double in
    let start = DispatchTime.now().uptimeNanoseconds
    _ = try await MonteCarlo.run(mc, runs: runs, parallelism: 1)
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}()
let parallel = try await { () async throws -> Double in
    let start = DispatchTime.now().uptimeNanoseconds
    _ = try await MonteCarlo.run(mc, runs: runs, parallelism: cores)
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}()
print(String(format: "Monte Carlo, %d runs × 2000 epochs: %.2f s on 1 core, %.2f s on %d cores: speed-up %.2f× (target ≥ 1.7× on 2 cores)",
             runs, serial, parallel, cores, serial / parallel))
