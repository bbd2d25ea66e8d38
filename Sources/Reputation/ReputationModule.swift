public import ScoringCore

/// Registers the reputation components: the weighting policies `tier-clamp`, `log-score` and `none`,
/// the tier tables `miid-phase3` and `inline`, and the tier assignment `miid-phase3`.
public struct ReputationModule: ScoringModule {
    public let name = "reputation"
    public init() {}

    public func register(into registry: inout ScoringRegistry) throws {
        try registry.register(TierClampPolicy.self)
        try registry.register(LogScorePolicy.self)
        try registry.register(NoReputationPolicy.self)
        try registry.register(TierTable.miidPhase3Descriptor) { _ in TierTable.miidPhase3 }
        try registry.register(TierTable.inlineDescriptor) { parameters in
            let neutral = try parameters.string("neutral")
            return try TierTable.parse(try parameters.node("tiers"),
                                       path: parameters.path.isEmpty ? "tiers" : "\(parameters.path).options.tiers",
                                       neutralTier: neutral)
        }
        try registry.register(TierAssignment.miidPhase3Descriptor) { try TierAssignment(miidPhase3: $0) }
        // Policy building blocks: score maps, a tier-table × score-map policy, a blend of two policies.
        try registry.register(scoreMap: ClampScoreMap.self)
        try registry.register(scoreMap: Log10ScoreMap.self)
        try registry.register(scoreMap: PiecewiseLinearScoreMap.self)
        try registry.register(TierMapPolicy.self)
        try registry.register(BlendPolicy.self)
        try EmissionSplit.register(into: &registry)
    }
}
