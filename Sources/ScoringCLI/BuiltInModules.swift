public import ScoringCore
import ReasonForge
import Reputation

/// The modules the `scoring` executable installs, in order. A new module is one line here.
public enum BuiltInModules {
    public static var all: [any ScoringModule] {
        [
            ReasonForgeModule(),
            ReputationModule(),
        ]
    }

    /// A registry with every built-in module installed.
    public static func registry() throws -> ScoringRegistry {
        try ScoringRegistry(modules: all)
    }
}
