public import ScoringCore

/// Registers the `simulation` pipeline (the epoch simulator) with a registry.
public struct SimulationModule: ScoringModule {
    public var name: String { "simulation" }
    /// Written into run manifests; kept equal to the `scoring` tool's version.
    public static let toolVersion = "0.1.0"
    public init() {}
    public func register(into registry: inout ScoringRegistry) throws {
        try registry.register(pipeline: SimulationPipeline.entry)
        for (descriptor, make) in ValidatorBehaviour.descriptors { try registry.register(descriptor) { try make($0) } }
    }
}
