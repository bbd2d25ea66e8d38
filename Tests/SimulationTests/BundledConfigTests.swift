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
