public import ScoringCore

/// The task domains of a simulation and how often each is drawn.
///
/// Written as a list of domain keys (drawn uniformly: one `randbelow(count)`, as the reference's
/// `choice` does) or as a mapping of key to weight (one `random()` against cumulative weights).
public struct DomainMix: Sendable {
    public var domains: [any TaskDomain]
    /// `nil` for a uniform draw.
    public var weights: [Double]?

    public init(domains: [any TaskDomain], weights: [Double]? = nil) {
        self.domains = domains
        self.weights = weights
    }

    public var keys: [ComponentKey] { domains.map(\.key) }

    /// The reference's six domains in the reference's order.
    public static let referenceKeys: [ComponentKey] = ["mathematics", "code", "scientific", "strategic", "causal", "ethical"]

    /// Reads `domains:` (list or mapping) from `r`, making each domain from `registry`.
    public static func read(_ r: ConfigReader, key: String, registry: ScoringRegistry) throws(ConfigError) -> DomainMix {
        let node = r.node[key]
        func make(_ name: String, at location: SourceLocation?) throws(ConfigError) -> any TaskDomain {
            do {
                return try registry.make(.domain, ComponentKey(name), as: (any TaskDomain).self)
            } catch {
                let keys = registry.domainKeys.map(\.rawValue)
                throw ConfigError(.unknownComponent, at: location, path: r.path(of: key), "unknown domain '\(name)'",
                                  choices: keys, suggestion: Suggestions.closest(to: name, in: keys))
            }
        }
        var domains: [any TaskDomain] = []
        var weights: [Double]?
        if let node, let entries = node.entries {
            let section = try r.section(key)
            var w: [Double] = []
            for entry in entries {
                domains.append(try make(entry.key, at: entry.keyLocation))
                w.append(try section.double(entry.key, range: 0...1e9))
            }
            guard w.reduce(0, +) > 0 else {
                throw ConfigError(.invalidValue, at: node.location, path: r.path(of: key), "domain weights must not all be 0")
            }
            weights = w
        } else {
            let names = try r.strings(key, default: referenceKeys.map(\.rawValue))
            for (i, name) in names.enumerated() {
                domains.append(try make(name, at: node?.elements?[i].location ?? node?.location))
            }
        }
        if domains.isEmpty {
            throw ConfigError(.invalidValue, at: node?.location, path: r.path(of: key), "at least one domain is needed")
        }
        if Set(domains.map(\.key)).count != domains.count {
            throw ConfigError(.invalidValue, at: node?.location, path: r.path(of: key), "a domain is listed twice")
        }
        for d in domains {
            if let problem = d.problems().first {
                throw ConfigError(.invalidValue, at: node?.location, path: r.path(of: key), problem)
            }
        }
        return DomainMix(domains: domains, weights: weights)
    }
}
