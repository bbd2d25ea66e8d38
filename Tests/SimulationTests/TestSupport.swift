import Foundation
import ReasonForge
import ScoringCore
@testable import Simulation

/// Paths and helpers shared by the simulation tests.
enum TestSupport {
    /// The package root (three levels above this file).
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let parityDirectory = root.appendingPathComponent("Tests/SimulationTests/Fixtures/parity")

    static func registry() throws -> ScoringRegistry {
        try ScoringRegistry(modules: [ReasonForgeModule(), SimulationModule()])
    }

    static func config(_ relative: String) -> String { root.appendingPathComponent(relative).path }

    /// Loads a bundled config with overrides and returns its simulation pipeline.
    static func pipeline(_ relative: String, _ overrides: [String] = []) throws -> SimulationPipeline {
        let loaded = try ScoringConfig.load(file: config(relative), overrides: overrides, registry: try registry())
        guard let p = loaded.pipeline as? SimulationPipeline else { throw TestFailure("not a simulation pipeline") }
        return p
    }

    /// Settings from inline YAML (`simulation:` body).
    static func settings(_ yaml: String) throws -> SimulationSettings {
        let node = try ConfigLoader().parse(yaml: "pipeline: simulation\nsimulation:\n" + yaml, name: "inline")
        let loaded = try ScoringConfig.load(node: node, path: "inline.yaml", registry: try registry())
        guard let p = loaded.pipeline as? SimulationPipeline else { throw TestFailure("not a simulation pipeline") }
        return p.settings
    }

    /// Runs a pipeline into memory with fixed clock and no git lookup.
    static func render(_ pipeline: SimulationPipeline, _ format: OutputFormat) async throws -> String {
        let sink = OutputSink.memory()
        try await pipeline.execute(format: format, sink: sink, quiet: true, gitCommit: .some(nil), clock: { "T" })
        return sink.contents
    }

    static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
