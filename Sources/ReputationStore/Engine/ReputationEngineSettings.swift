import Reputation
public import ScoringCore

/// The `reputation:` keys of the loop, read with ``ConfigReader``:
/// - `store` (string, `sqlite:out/reputation.sqlite`): `sqlite:PATH` or `postgres://user:password@host:port/database`;
/// - `engine`: `updates` (list of reputation-update slots, `[review-delta, got-rewarded-decay]`),
///   `tier_assignment` (tier assignment slot, `miid-phase3`: the design's mock-generator thresholds),
///   `initial_score` (number, 1.0).
public struct ReputationEngineSettings: Sendable {
    public var store: StoreLocation
    public var engine: ReputationEngine

    public static let defaultStore = "sqlite:out/reputation.sqlite"
    public static let defaultUpdates: [ComponentKey] = [ReviewDeltaUpdate.key, GotRewardedDecayUpdate.key]

    public init(reputation r: ConfigReader, registry: ScoringRegistry) throws(ConfigError) {
        let text = try r.string("store", default: Self.defaultStore)
        do {
            store = try StoreLocation(parsing: text)
        } catch {
            throw ConfigError(.invalidValue, at: r.location(of: "store"), path: r.path(of: "store"), error.message)
        }
        let e = try r.section("engine")
        let updates = try e.components("updates", kind: .reputationUpdate, default: Self.defaultUpdates, in: registry,
                                       as: (any ReputationUpdate).self)
        let assignment = try e.component("tier_assignment", kind: .tierAssignment, default: TierAssignment.miidPhase3Key,
                                         in: registry, as: TierAssignment.self)
        let initial = try e.double("initial_score", default: 1.0, range: 0...100)
        engine = ReputationEngine(updates: updates, assignment: assignment, initialScore: initial)
    }
}
