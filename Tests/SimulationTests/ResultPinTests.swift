import ScoringCore
@testable import Simulation
import Testing

/// Results pinned before the engine was redesigned (issue 14): the ``ReportDigest`` of every
/// epoch report of fixed runs — the bundled default and copycats configs (plagiarism on), five
/// validators per submission (the trimming path of the consensus), and four alternative formulas —
/// for both generators, as computed by the engine at commit 34a2b15 (before the redesign) with
/// `SimulationBench digest` built from that commit. The same config and seed must keep giving the
/// same numbers, plagiarism flags included.
@Suite struct ResultPinTests {
    struct Pin: Sendable, CustomStringConvertible {
        var name: String
        var digest: UInt64
        var epochs: Int
        var plagiarismFlags: Int
        var description: String { name }
    }

    static let pins: [Pin] = [
        Pin(name: "default xoshiro", digest: 0x08a00a661750e103, epochs: 50, plagiarismFlags: 0),
        Pin(name: "copycats xoshiro", digest: 0x002315470e0eb054, epochs: 30, plagiarismFlags: 815),
        Pin(name: "five-validators xoshiro", digest: 0x4f48da79691e983e, epochs: 25, plagiarismFlags: 0),
        Pin(name: "alternatives xoshiro", digest: 0x0d848131dce8aceb, epochs: 25, plagiarismFlags: 0),
        Pin(name: "default python-compat", digest: 0x26f99e3dcd3ca765, epochs: 50, plagiarismFlags: 0),
        Pin(name: "copycats python-compat", digest: 0xb39b30ad36f4658e, epochs: 30, plagiarismFlags: 819),
        Pin(name: "five-validators python-compat", digest: 0x3243b430469f0d05, epochs: 25, plagiarismFlags: 0),
        Pin(name: "alternatives python-compat", digest: 0x3a1ce68984a2d6b9, epochs: 25, plagiarismFlags: 0),
    ]

    static func settings(_ name: String) throws -> SimulationSettings {
        let parts = name.split(separator: " ")
        let kind = String(parts[0]), generator = String(parts[1])
        switch kind {
        case "default":
            return try TestSupport.pipeline("configs/default.yaml", ["simulation.generator=\(generator)"]).settings
        case "copycats":
            return try TestSupport.pipeline("configs/reasonforge/copycats.yaml", ["simulation.generator=\(generator)"]).settings
        case "five-validators":
            return try TestSupport.settings("  epochs: 25\n  seed: 9\n  generator: \(generator)\n  validators_per_task: 5\n  trap_rate: 0.3\n")
        default:
            return try TestSupport.settings("  epochs: 25\n  seed: 11\n  generator: \(generator)\n  validators_per_task: 4\n  formulas:\n    consensus: consensus-median\n    miner-emission: miner-emission-softmax\n    trap-penalty: trap-penalty-ground-truth\n    excellence-bonus: peb-linear\n")
        }
    }

    @Test(arguments: pins)
    func resultsAreThoseOfTheEngineBeforeTheRedesign(_ pin: Pin) throws {
        let run = try SimulationRunner.run(try Self.settings(pin.name), keepHistory: true, threads: 1)
        #expect(run.history.count == pin.epochs)
        #expect(run.history.reduce(0) { $0 + $1.plagiarismFlags } == pin.plagiarismFlags)
        #expect(ReportDigest.of(run.history).value == pin.digest,
                "digest 0x\(String(ReportDigest.of(run.history).value, radix: 16)), pinned 0x\(String(pin.digest, radix: 16))")
    }

    /// The two-thread pipeline gives the pinned results too.
    @Test func theCopycatsPinHoldsOnTwoThreads() throws {
        let pin = try #require(Self.pins.first { $0.name == "copycats xoshiro" })
        let run = try SimulationRunner.run(try Self.settings(pin.name), keepHistory: true, threads: 2)
        #expect(ReportDigest.of(run.history).value == pin.digest)
    }

    /// The digest sees a change in any field.
    @Test func theDigestChangesWithAnyField() throws {
        let run = try SimulationRunner.run(try TestSupport.settings("  epochs: 2\n"), keepHistory: true)
        var changed = run.history
        changed[1].validators[5].slashed += 1e-12
        #expect(ReportDigest.of(changed) != ReportDigest.of(run.history))
        changed = run.history
        changed[0].miners[11].plagiarismFlags = 1
        #expect(ReportDigest.of(changed) != ReportDigest.of(run.history))
    }
}
