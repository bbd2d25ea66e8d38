public import ScoringCore

/// Registers the reputation loop's components: the reputation updates `review-delta`,
/// `got-rewarded-decay` and `neutral-decay`, and the tier assignment `thresholds`.
public struct ReputationStoreModule: ScoringModule {
    public let name = "reputation-store"
    public init() {}

    public func register(into registry: inout ScoringRegistry) throws {
        try registry.register(update: ReviewDeltaUpdate.self)
        try registry.register(update: GotRewardedDecayUpdate.self)
        try registry.register(update: NeutralDecayUpdate.self)
        try registry.register(ThresholdTierAssignment.descriptor) { try ThresholdTierAssignment.make($0) }
    }
}
