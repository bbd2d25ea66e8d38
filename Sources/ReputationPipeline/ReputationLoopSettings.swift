public import ReputationStore
public import ScoringCore

/// The multi-cycle loop of a reputation config (`reputation.cycles: N`), read with ``ConfigReader``:
/// - `cycles` (integer in [1, 10000]): engine passes; each cycle reviews, updates, publishes a
///   snapshot, has every validator weigh and post once, and ingests the allocations;
/// - `store`, `engine`: see ``ReputationEngineSettings`` (for a run, a SQLite store defaults to
///   `<output>/reputation.sqlite` and is started afresh; a PostgreSQL store uses the schema
///   `scoring_pipeline`, emptied at the start);
/// - `reviews`: `per_cycle` (integer, default the miner count), `reviewers` (integer, 4), `accuracy`
///   (number in [0, 1], 0.8), `noise` (number in [0, 1], 0.1): each review picks a miner at random; with
///   probability `accuracy` its validation_score is the miner's latent quality plus Gaussian noise
///   (clamped to [0, 1]), otherwise a uniform draw.
public struct ReputationLoopSettings: Sendable {
    public var cycles: Int
    public var engine: ReputationEngineSettings
    /// Whether `store` was written in the config (otherwise the run's own SQLite file is used).
    public var storeGiven: Bool
    public var reviewsPerCycle: Int
    public var reviewers: Int
    public var accuracy: Double
    public var reviewNoise: Double

    /// Reads the loop from the `reputation:` section, or nil when it has no `cycles`.
    public init?(reputation r: ConfigReader, miners: Int, registry: ScoringRegistry) throws(ConfigError) {
        guard let cycles = try r.optionalInt("cycles", range: 1...10_000) else { return nil }
        self.cycles = cycles
        storeGiven = r.contains("store")
        engine = try ReputationEngineSettings(reputation: r, registry: registry)
        let v = try r.section("reviews")
        reviewsPerCycle = try v.int("per_cycle", default: miners, range: 0...1_000_000)
        reviewers = try v.int("reviewers", default: 4, range: 1...1000)
        accuracy = try v.double("accuracy", default: 0.8, range: 0...1)
        reviewNoise = try v.double("noise", default: 0.1, range: 0...1)
    }
}
