public import ScoringCore

/// Registers the `chain` pipeline that `scoring run` dispatches `pipeline: chain` configs to.
public struct ChainPipelineModule: ScoringModule {
    public let name = "chain-pipeline"
    public init() {}

    public func register(into registry: inout ScoringRegistry) throws {
        try registry.register(pipeline: ChainPipeline.entry)
    }
}
