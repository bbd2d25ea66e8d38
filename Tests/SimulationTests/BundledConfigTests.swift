import Foundation
import ScoringCore
import Testing
@testable import Simulation

struct BundledConfigTests {
    static let configs = [
        "configs/default.yaml", "configs/reasonforge/default.yaml", "configs/reasonforge/reference-parity.yaml",
        "configs/reasonforge/large-subnet.yaml", "configs/reasonforge/adversarial-heavy.yaml",
        "configs/reasonforge/copycats.yaml",
    ]

    @Test("bundled config loads and validates", arguments: configs)
    func loads(_ path: String) throws {
        let loaded = try ScoringConfig.load(file: TestSupport.config(path), registry: try TestSupport.registry())
        #expect(loaded.pipelineName == "simulation")
        #expect(loaded.pipeline is SimulationPipeline)
    }

    @Test func largeSubnetHasTheAdvertisedSize() throws {
        let p = try TestSupport.pipeline("configs/reasonforge/large-subnet.yaml")
        #expect(p.settings.roster.miners.count == 256)
        #expect(p.settings.roster.validators.count == 64)
        #expect(p.settings.tasksPerEpoch == 64)
    }
}

struct PipelineOutcomeTests {
    @Test func runWritesFilesAndReportsMetricsForExpectations() async throws {
        let pipeline = try TestSupport.pipeline("configs/reasonforge/adversarial-heavy.yaml", ["simulation.epochs=5"])
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sim-outcome-\(UUID().uuidString)").path
        let outcome = try await pipeline.run(RunOptions(outputDirectory: directory, quiet: true, format: "jsonl"))
        #expect(outcome.files.count == 2)
        #expect(FileManager.default.fileExists(atPath: "\(directory)/manifest.json"))
        let lines = try String(contentsOfFile: "\(directory)/results.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1 + 5 + 1)
        for name in SimulationMetrics.names { #expect(outcome.metrics[name] != nil) }
        #expect(outcome.metrics["emission_conserved"] == 1)
        let share = try #require(outcome.metrics["adversarial_share"])
        #expect(share > 0 && share < 0.5)
        try? FileManager.default.removeItem(atPath: directory)
    }
}
