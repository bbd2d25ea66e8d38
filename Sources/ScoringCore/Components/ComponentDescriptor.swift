/// What `scoring modules` (and the API's formula listing) shows about a component.
public struct ComponentDescriptor: Sendable {
    public var key: ComponentKey
    public var kind: ComponentKind
    /// For formulas, the role they fill (`consensus`, `miner-emission`, …); `nil` otherwise.
    public var role: FormulaRole?
    /// One line saying what it does.
    public var summary: String
    /// The equation in plain text, for formulas (`CMS = 0.40·Q + 0.30·A + 0.15·N + 0.15·Eff`).
    public var equation: String?
    /// Where it comes from (`ReasonForge Eq. 12`, `MIID phase 3 §3`), when it reproduces a source.
    public var reference: String?
    public var parameters: [ParameterSpec]
    /// The module that registered it (filled in by the registry).
    public var module: String

    public init(key: ComponentKey, kind: ComponentKind, role: FormulaRole? = nil, summary: String,
                equation: String? = nil, reference: String? = nil, parameters: [ParameterSpec] = [],
                module: String = "") {
        self.key = key
        self.kind = kind
        self.role = role
        self.summary = summary
        self.equation = equation
        self.reference = reference
        self.parameters = parameters
        self.module = module
    }
}
