import Foundation
@testable import ScoringCore

/// A temporary directory for config files, removed when the value is deinitialised.
final class TempDir {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "scoring-core-tests-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        let full = "\(path)/\(name)"
        try! FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                 withIntermediateDirectories: true)
        try! text.write(toFile: full, atomically: true, encoding: .utf8)
        return full
    }
}

/// A consensus formula for registry tests: plain mean of the scores.
struct TestMean: ConsensusFormula {
    static let descriptor = ComponentDescriptor(
        key: "test-mean", kind: .formula, summary: "Plain mean (test double)", equation: "C = Σ s / n",
        parameters: [.number("scale", default: 1, range: 0...10, "multiplies the mean"),
                     .integer("window", default: 3, range: 1...100, "unused window")])
    let scale: Double
    init(parameters: ParameterValues) throws { scale = try parameters.double("scale") }
    func consensus(scores: [Double], stakes: [Double]) -> Double {
        scores.isEmpty ? 0 : scale * scores.reduce(0, +) / Double(scores.count)
    }
}

/// A final-score formula, to test role checks.
struct TestFinal: FinalScoreFormula {
    static let descriptor = ComponentDescriptor(key: "test-final", kind: .formula, summary: "Average of O and C")
    init(parameters: ParameterValues) throws {}
    func finalScore(objective: Double, consensus: Double) -> Double { (objective + consensus) / 2 }
}

/// A tiny pipeline that reads a `toy:` section with one formula slot.
struct ToyPipeline: Pipeline {
    let consensus: any ConsensusFormula
    let rounds: Int
    var seed: Int = 0
    /// Metrics: `score` = consensus of [0.2, 0.4] × rounds, `seed`, and `noisy` = score + seed/1000.
    func run(_ options: RunOptions) async throws -> RunOutcome {
        if rounds == 999 { throw ConfigError(.invalidValue, at: nil, "rounds 999 always fails") }
        let score = consensus.consensus(scores: [0.2, 0.4], stakes: [1, 1]) * Double(rounds)
        return RunOutcome(metrics: RunMetrics([("score", score), ("seed", Double(seed)), ("noisy", score + Double(seed) / 1000)]))
    }
}

struct ToyModule: ScoringModule {
    var name: String { "toy" }
    func register(into registry: inout ScoringRegistry) throws {
        try registry.register(TestMean.self)
        try registry.register(TestFinal.self)
        try registry.register(pipeline: PipelineEntry(name: "simulation", summary: "toy simulation") { root, registry in
            let toy = try root.section("simulation")
            let rounds = try toy.int("rounds", default: 5, range: 1...1000)
            let seed = try toy.int("seed", default: 0)
            let consensus = try toy.component("consensus", kind: .formula, role: .consensus, default: "test-mean",
                                              in: registry, as: (any ConsensusFormula).self)
            return ToyPipeline(consensus: consensus, rounds: rounds, seed: seed)
        })
    }
}

func toyRegistry() throws -> ScoringRegistry { try ScoringRegistry(modules: [ToyModule()]) }

/// Runs `body`, returning the ConfigError it throws (or nil).
func configError(_ body: () throws -> Void) -> ConfigError? {
    do { try body() } catch let e as ConfigError { return e } catch { return nil }
    return nil
}
