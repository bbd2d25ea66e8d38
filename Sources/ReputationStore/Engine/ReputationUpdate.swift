import Foundation
public import ScoringCore

extension ComponentKind {
    /// ``ReputationUpdate`` implementations: the steps of a reputation engine pass.
    public static let reputationUpdate = ComponentKind(rawValue: "reputation-update")
}

/// One step of a reputation engine pass: turns the period's inputs into a miner's new score.
///
/// An engine pass runs its updates in the configured order; each sees the score the previous ones
/// left. Implementers must guarantee:
/// - purity: the result depends only on the arguments (no randomness, I/O or hidden state);
/// - a finite, non-negative score for a finite, non-negative one;
/// - `nil` when the update has nothing to say about this miner in this period (no history row is written);
/// - a reason that names the inputs and the arithmetic, for the history row.
public protocol ReputationUpdate: Sendable {
    static var descriptor: ComponentDescriptor { get }
    init(parameters: ParameterValues) throws
    /// The `auto_source` of the history rows this update writes (`review`, `got_rewarded`, …).
    var source: String { get }
    /// The new score of `miner`, or nil when the update does not change it.
    func update(miner: String, score: Double, input: EngineInput) -> ReputationChange?
}

/// A score an update proposes, and why.
public struct ReputationChange: Sendable, Hashable {
    public var score: Double
    public var reason: String
    public init(score: Double, reason: String) {
        self.score = score
        self.reason = reason
    }
}

extension ScoringRegistry {
    /// Registers a reputation update type under its descriptor, in ``ComponentKind/reputationUpdate``.
    public mutating func register<U: ReputationUpdate>(update type: U.Type) throws(RegistryError) {
        var d = U.descriptor
        d.kind = .reputationUpdate
        try register(d) { try U(parameters: $0) }
    }
}

/// Numbers in history reasons: 4 decimals, with a sign for deltas.
enum ReasonFormat {
    static func number(_ v: Double) -> String { String(format: "%.4f", v) }
    static func signed(_ v: Double) -> String { String(format: "%+.4f", v) }
}
