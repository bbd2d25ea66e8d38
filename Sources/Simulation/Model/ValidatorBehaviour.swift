public import ScoringCore

/// What a simulated validator does with its weights when a chain is configured (`behaviour:` of a
/// roster validator, a registered component of kind `validator-behaviour`). Without a chain the
/// behaviours change nothing: every validator still scores the submissions it is assigned.
public enum ValidatorBehaviour: Sendable, Hashable {
    /// Sets the weights its own scores give, every tempo.
    case honest
    /// Sets the consensus the chain computed at the previous tempo as its weights (nothing before the first).
    case weightCopier
    /// Sets its own weights with the chosen miners boosted to `boost` × its largest weight.
    case colluding(miners: [String], boost: Double)
    /// Sets weights only every `every` tempos (the chain keeps its stale row in between).
    case lazy(every: Int)

    /// The registry key (`honest`, `weight-copier`, `colluding`, `lazy`).
    public var key: String {
        switch self {
        case .honest: "honest"
        case .weightCopier: "weight-copier"
        case .colluding: "colluding"
        case .lazy: "lazy"
        }
    }

    /// The behaviours as registered components, for `scoring modules` and roster lookup.
    static let descriptors: [(ComponentDescriptor, @Sendable (ParameterValues) throws -> ValidatorBehaviour)] = [
        (ComponentDescriptor(key: "honest", kind: .validatorBehaviour,
                             summary: "Sets the weights its own scores give, every tempo"), { _ in .honest }),
        (ComponentDescriptor(key: "weight-copier", kind: .validatorBehaviour,
                             summary: "Sets last tempo's chain consensus as its weights (does no evaluation work of its own)"),
         { _ in .weightCopier }),
        (ComponentDescriptor(key: "colluding", kind: .validatorBehaviour,
                             summary: "Boosts a chosen miner set to boost × its largest honest weight",
                             parameters: [
                                .structured("miners", default: .list([]), shape: "list of miner ids", "The miners the group boosts"),
                                .number("boost", default: 2, range: 0...1_000_000, "Boosted weight as a multiple of the largest honest weight"),
                             ]),
         { p in
             let node = try p.node("miners")
             guard let list = node.elements else {
                 throw ConfigError(.wrongType, at: node.location, path: p.path, "'miners' must be a list of miner ids")
             }
             var ids: [String] = []
             for e in list {
                 guard let s = e.stringValue else {
                     throw ConfigError(.wrongType, at: e.location, path: p.path, "'miners' must be a list of miner ids")
                 }
                 ids.append(s)
             }
             return .colluding(miners: ids, boost: try p.double("boost"))
         }),
        (ComponentDescriptor(key: "lazy", kind: .validatorBehaviour,
                             summary: "Sets weights only every `every` tempos; its row on chain goes stale in between",
                             parameters: [.integer("every", default: 10, range: 1...1_000_000, "Tempos between two weight settings")]),
         { p in .lazy(every: try p.int("every")) }),
    ]
}

extension ComponentKind {
    /// Simulated validators' weight-setting behaviours (`honest`, `weight-copier`, `colluding`, `lazy`).
    public static let validatorBehaviour = ComponentKind(rawValue: "validator-behaviour")
}
