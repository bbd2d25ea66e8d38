public import ScoringCore
import ChainPipeline
import ReasonForge
import Reputation
import ReputationPipeline
import Chain
import ReputationStore
import Simulation
// scaffold:imports

/// The modules the `scoring` executable installs, in order. A new module is one line here.
public enum BuiltInModules {
    public static var all: [any ScoringModule] {
        [
            ReasonForgeModule(),
            ReputationModule(),
            ReputationPipelineModule(),
            ReputationStoreModule(),
            SimulationModule(),
            ChainModule(),
            ChainPipelineModule(),
            // scaffold:modules
        ]
    }

    /// A registry with every built-in module installed.
    public static func registry() throws -> ScoringRegistry {
        try ScoringRegistry(modules: all)
    }
}
