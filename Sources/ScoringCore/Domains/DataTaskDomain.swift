/// A task domain defined entirely by data — a YAML file under `configs/domains/` — so a team adds a
/// domain without writing Swift. It registers exactly like a built-in domain.
///
/// File format (every key is checked; errors name file, line and column):
/// ```yaml
/// name: legal                     # the registry key
/// summary: Legal reasoning        # one line for `scoring modules`
/// checks:                         # Eq. 11 checks in order; weights in [0, 1] summing to 1
///   - { key: precedent, weight: 0.5 }
///   - { key: statute, weight: 0.3 }
///   - { key: citation, weight: 0.2 }
/// templates:                      # regular task texts (at least one)
///   - "Is the clause enforceable under …?"
/// traps:                          # tasks with a known correct score in [0, 1]
///   - { text: "…", ground_truth: 0.95 }
/// ```
public struct DataTaskDomain: TaskDomain {
    public var key: ComponentKey
    public var summary: String
    public var reference: String?
    public var checks: [DomainCheck]
    public var templates: [TaskTemplate]
    public var traps: [TrapTemplate]

    public init(key: ComponentKey, summary: String, reference: String? = nil, checks: [DomainCheck],
                templates: [TaskTemplate], traps: [TrapTemplate]) {
        self.key = key
        self.summary = summary
        self.reference = reference
        self.checks = checks
        self.templates = templates
        self.traps = traps
    }

    /// Loads and validates a domain file.
    public static func load(file: String, loader: ConfigLoader = ConfigLoader()) throws(ConfigError) -> DataTaskDomain {
        let node = try loader.load(file: file)
        return try parse(node, file: file)
    }

    /// Validates a domain given as a config node (from a file, or inline in a config).
    public static func parse(_ node: ConfigNode, file: String?) throws(ConfigError) -> DataTaskDomain {
        let r = try ConfigReader(node)
        let name = try r.string("name")
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw ConfigError(.invalidValue, at: r.location(of: "name"), path: "name",
                              "a domain name must be non-empty letters, digits, '-' or '_', found '\(name)'")
        }
        let summary = try r.string("summary", default: "Domain defined in \(file ?? "YAML")")
        var checks: [DomainCheck] = []
        for c in try r.sections("checks") ?? [] {
            checks.append(DomainCheck(try c.string("key"), weight: try c.double("weight", range: 0...1)))
        }
        if checks.isEmpty {
            throw ConfigError(.missingKey, at: r.location(of: "checks"), path: "checks", "a domain needs at least one check")
        }
        let sum = checks.reduce(0) { $0 + $1.weight }
        if abs(sum - 1) > 1e-9 {
            throw ConfigError(.invalidValue, at: r.location(of: "checks"), path: "checks",
                              "check weights must sum to 1, they sum to \(sum)")
        }
        if Set(checks.map(\.key)).count != checks.count {
            throw ConfigError(.invalidValue, at: r.location(of: "checks"), path: "checks", "check keys must be unique")
        }
        let templates = try r.strings("templates").map(TaskTemplate.init)
        if templates.isEmpty {
            throw ConfigError(.missingKey, at: r.location(of: "templates"), path: "templates", "a domain needs at least one task template")
        }
        var traps: [TrapTemplate] = []
        for t in try r.sections("traps") ?? [] {
            traps.append(TrapTemplate(try t.string("text"), groundTruth: try t.double("ground_truth", range: 0...1)))
        }
        try r.finish()
        return DataTaskDomain(key: ComponentKey(name), summary: summary, reference: file, checks: checks,
                              templates: templates, traps: traps)
    }

    /// The reference's mapping (``ReferenceCheckMapping``) over a task's submissions.
    public func checkResults(for dimensions: Span<DimensionScores>, difficulty: Int, into results: inout MutableSpan<Double>) {
        ReferenceCheckMapping.checkResults(for: dimensions, into: &results)
    }
}
