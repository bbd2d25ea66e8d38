/// All registered components, by extension point and key — an immutable value once built.
///
/// Build one by installing modules, then share it (it is `Sendable`):
/// ```swift
/// let registry = try ScoringRegistry(modules: [ReasonForgeModule(), ReputationModule()])
/// let consensus = try registry.makeFormula("consensus-trimmed-mean", as: (any ConsensusFormula).self)
/// ```
/// There is no global registry: tests build small ones with only what they need.
public struct ScoringRegistry: Sendable {
    /// A registered component: what it is, and how to make one from parameters.
    public struct Entry: Sendable {
        public let descriptor: ComponentDescriptor
        public let make: @Sendable (ParameterValues) throws -> any Sendable
    }

    private var entries: [ComponentKind: [ComponentKey: Entry]] = [:]
    private var pipelineEntries: [String: PipelineEntry] = [:]
    private var installing: String = "app"
    /// Names of the installed modules, in installation order.
    public private(set) var modules: [String] = []

    public init() {}

    /// A registry with `modules` installed in order.
    public init(modules: [any ScoringModule]) throws {
        for module in modules { try install(module) }
    }

    /// Installs one module; its components are tagged with the module's name.
    public mutating func install(_ module: any ScoringModule) throws {
        let previous = installing
        installing = module.name
        defer { installing = previous }
        try module.register(into: &self)
        modules.append(module.name)
    }

    // MARK: - Registration

    /// Registers a component factory under `descriptor.key` in `descriptor.kind`.
    /// - Throws: ``RegistryError`` `duplicateKey` when the key is taken in that kind.
    public mutating func register(_ descriptor: ComponentDescriptor,
                                  make: @escaping @Sendable (ParameterValues) throws -> any Sendable) throws(RegistryError) {
        var descriptor = descriptor
        if descriptor.module.isEmpty { descriptor.module = installing }
        if let existing = entries[descriptor.kind]?[descriptor.key] {
            throw RegistryError(.duplicateKey, descriptor.kind, descriptor.key,
                                "\(descriptor.kind) '\(descriptor.key)' is already registered (by module '\(existing.descriptor.module)')")
        }
        entries[descriptor.kind, default: [:]][descriptor.key] = Entry(descriptor: descriptor, make: make)
    }

    /// Registers a formula type under its ``ScoringFormula/descriptor``.
    public mutating func register<F: ScoringFormula>(_ type: F.Type) throws(RegistryError) {
        var d = F.descriptor
        d.kind = .formula
        d.role = F.role
        try register(d) { try F(parameters: $0) }
    }

    /// Registers a weighting policy type.
    public mutating func register<P: WeightingPolicy>(_ type: P.Type) throws(RegistryError) {
        var d = P.descriptor
        d.kind = .policy
        try register(d) { try P(parameters: $0) }
    }

    /// Registers a task domain instance (built-in or loaded from YAML) under its name.
    public mutating func register(domain: any TaskDomain) throws(RegistryError) {
        let d = ComponentDescriptor(key: domain.key, kind: .domain, summary: domain.summary,
                                    reference: domain.reference, parameters: [])
        try register(d) { _ in domain }
    }

    /// Registers a pipeline that `scoring run` can dispatch to (`pipeline: simulation`).
    public mutating func register(pipeline: PipelineEntry) throws(RegistryError) {
        if pipelineEntries[pipeline.name] != nil {
            throw RegistryError(.duplicateKey, ComponentKind(rawValue: "pipeline"), ComponentKey(pipeline.name),
                                "pipeline '\(pipeline.name)' is already registered")
        }
        pipelineEntries[pipeline.name] = pipeline
    }

    // MARK: - Listing

    /// Every extension point that has at least one component, sorted.
    public var kinds: [ComponentKind] { entries.keys.sorted() }

    /// The keys registered for `kind`, sorted.
    public func keys(_ kind: ComponentKind) -> [ComponentKey] { (entries[kind]?.keys).map { $0.sorted() } ?? [] }

    /// The formula keys that fill `role`, sorted.
    public func formulaKeys(role: FormulaRole) -> [ComponentKey] {
        (entries[.formula] ?? [:]).values.filter { $0.descriptor.role == role }.map(\.descriptor.key).sorted()
    }

    public var formulaKeys: [ComponentKey] { keys(.formula) }
    public var policyKeys: [ComponentKey] { keys(.policy) }
    public var domainKeys: [ComponentKey] { keys(.domain) }

    /// Descriptors of every component (or of one kind), sorted by kind, role and key.
    public func descriptors(_ kind: ComponentKind? = nil) -> [ComponentDescriptor] {
        let kinds = kind.map { [$0] } ?? self.kinds
        return kinds.flatMap { k in
            (entries[k] ?? [:]).values.map(\.descriptor).sorted {
                ($0.role?.rawValue ?? "", $0.key.rawValue) < ($1.role?.rawValue ?? "", $1.key.rawValue)
            }
        }
    }

    /// The pipelines `scoring run` can dispatch to.
    public var pipelines: [PipelineEntry] { pipelineEntries.values.sorted { $0.name < $1.name } }

    public func pipeline(_ name: String) -> PipelineEntry? { pipelineEntries[name] }

    // MARK: - Lookup

    /// The entry for `key` in `kind`.
    /// - Throws: ``RegistryError`` `unknownKey` listing the available keys and a close match.
    public func entry(_ kind: ComponentKind, _ key: ComponentKey, role: FormulaRole? = nil) throws(RegistryError) -> Entry {
        let candidates = role.map { formulaKeys(role: $0) } ?? keys(kind)
        guard let entry = entries[kind]?[key], role == nil || entry.descriptor.role == role else {
            let what = role.map { "\($0) formula" } ?? kind.rawValue
            let suggestion = Suggestions.closest(to: key.rawValue, in: candidates.map(\.rawValue)).map { ComponentKey(rawValue: $0) }
            if let other = entries[kind]?[key], let role {
                throw RegistryError(.wrongRole, kind, key,
                                    "'\(key)' is a \(other.descriptor.role?.rawValue ?? "?") formula, not a \(role) formula",
                                    available: candidates, suggestion: suggestion)
            }
            throw RegistryError(.unknownKey, kind, key, "unknown \(what) '\(key)'", available: candidates, suggestion: suggestion)
        }
        return entry
    }

    public func descriptor(_ kind: ComponentKind, _ key: ComponentKey) throws(RegistryError) -> ComponentDescriptor {
        try entry(kind, key).descriptor
    }

    /// Makes the component `key` of `kind` with `parameters` (defaults when `nil`) and casts it to `type`.
    public func make<C>(_ kind: ComponentKind, _ key: ComponentKey, parameters: ParameterValues? = nil,
                        role: FormulaRole? = nil, as type: C.Type = C.self) throws -> C {
        let entry = try entry(kind, key, role: role)
        let values = parameters ?? .defaults(for: entry.descriptor.parameters, registry: self)
        let made = try entry.make(values)
        guard let component = made as? C else {
            throw RegistryError(.wrongRole, kind, key, "\(kind) '\(key)' is a \(Swift.type(of: made)), which is not a \(C.self)")
        }
        return component
    }

    /// Makes the formula `key`, checking that it fills the role of `type`.
    public func makeFormula<F>(_ key: ComponentKey, parameters: ParameterValues? = nil, as type: F.Type = F.self) throws -> F {
        try make(.formula, key, parameters: parameters, as: type)
    }
}
