public import ScoringCore

/// One of ReasonForge's six built-in reasoning domains: checks with weights, task and trap templates.
///
/// Check results use the protocol's default mapping (check i takes dimension `[Q, A, N, Eff][i mod 4]`),
/// which is what the reference does. The counts and order of templates and traps match the
/// reference, so seeded draws (`choice` over templates) reproduce it; the texts are this project's own.
public struct ReasonForgeDomain: TaskDomain, Hashable {
    public let key: ComponentKey
    public let summary: String
    public let checks: [DomainCheck]
    public let templates: [TaskTemplate]
    public let traps: [TrapTemplate]

    public init(key: ComponentKey, summary: String, checks: [DomainCheck], templates: [TaskTemplate], traps: [TrapTemplate]) {
        self.key = key
        self.summary = summary
        self.checks = checks
        self.templates = templates
        self.traps = traps
    }

    public var reference: String? { "ReasonForge domain '\(key)'" }

    /// The reference's mapping (``ScoringCore/ReferenceCheckMapping``) over a task's submissions.
    public func checkResults(for dimensions: Span<DimensionScores>, difficulty: Int, into results: inout MutableSpan<Double>) {
        ReferenceCheckMapping.checkResults(for: dimensions, into: &results)
    }
}
