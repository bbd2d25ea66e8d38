public import ScoringCore

/// Registers the `reputation` pipeline that `scoring run` dispatches `pipeline: reputation` configs to.
public struct ReputationPipelineModule: ScoringModule {
    public let name = "reputation-pipeline"
    public init() {}

    public func register(into registry: inout ScoringRegistry) throws {
        try registry.register(pipeline: ReputationPipeline.entry)
    }
}
