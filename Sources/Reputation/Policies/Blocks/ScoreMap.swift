public import ScoringCore

extension ComponentKind {
    /// ``ScoreMap`` implementations: rep_score → score factor.
    public static let scoreMap = ComponentKind(rawValue: "score-map")
}

/// Maps a reputation score to the factor a policy multiplies the reward by.
///
/// Implementers must guarantee a finite, non-negative factor for every finite, non-negative score,
/// and purity (no randomness, I/O or hidden state).
public protocol ScoreMap: Sendable {
    static var descriptor: ComponentDescriptor { get }
    init(parameters: ParameterValues) throws
    func factor(_ score: Double) -> Double
}

extension ScoringRegistry {
    /// Registers a score map type in ``ComponentKind/scoreMap``.
    public mutating func register<M: ScoreMap>(scoreMap type: M.Type) throws(RegistryError) {
        var d = M.descriptor
        d.kind = .scoreMap
        try register(d) { try M(parameters: $0) }
    }
}

/// Makes a component named by one of a component's own parameters (`score_map: {type: log10, …}`).
enum NestedComponent {
    static func make<C>(_ name: String, kind: ComponentKind, default key: ComponentKey, in parameters: ParameterValues,
                        as type: C.Type) throws -> C {
        let node = try parameters.node(name)
        let base = parameters.path.isEmpty ? "" : "\(parameters.path).options"
        let wrapper = ConfigNode(.map([ConfigEntry(key: name, value: node)]), location: node.location)
        let reader = try ConfigReader(wrapper, path: base)
        return try reader.component(name, kind: kind, default: key, in: parameters.registry, as: type)
    }
}
