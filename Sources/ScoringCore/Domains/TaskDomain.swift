/// One automated check of a domain and its weight in the objective score (Eq. 11).
public struct DomainCheck: Sendable, Hashable {
    public var key: String
    public var weight: Double
    public init(_ key: String, weight: Double) {
        self.key = key
        self.weight = weight
    }
}

/// A regular task template.
public struct TaskTemplate: Sendable, Hashable {
    public var text: String
    public init(_ text: String) { self.text = text }
}

/// A trap task template: a problem whose correct score is known in advance.
public struct TrapTemplate: Sendable, Hashable {
    public var text: String
    /// The score an honest, competent answer earns (in [0, 1]).
    public var groundTruth: Double
    public init(_ text: String, groundTruth: Double) {
        self.text = text
        self.groundTruth = groundTruth
    }
}

/// A reasoning domain: its checks with weights, task templates and trap templates.
///
/// Implementers must guarantee:
/// - `key` is unique among domains; `checks` is non-empty, keys unique, weights in [0, 1]
///   summing to 1 (within 1e-9);
/// - `templates` is non-empty; every trap's `groundTruth` is in [0, 1];
/// - ``checkResults(for:difficulty:into:)`` is pure and writes one value in [0, 1] per check,
///   in check order (the default reproduces the ReasonForge reference: check i takes dimension
///   `[Q, A, N, Eff][i mod 4]`).
/// The order and count of templates matter for reproducing random draws.
public protocol TaskDomain: Sendable {
    var key: ComponentKey { get }
    var summary: String { get }
    /// Where the domain comes from (a file path for YAML domains), shown by `scoring modules`.
    var reference: String? { get }
    var checks: [DomainCheck] { get }
    var templates: [TaskTemplate] { get }
    var traps: [TrapTemplate] { get }
    /// Simulated automated-check results for a submission with these dimension scores.
    func checkResults(for dimensions: DimensionScores, difficulty: Int, into results: inout [Double])
    /// The batch form of ``checkResults(for:difficulty:into:)-(_,_,[Double])`` over the submissions of
    /// one task: submission `i`'s results go to `results[i·c ..< i·c + c]` with `c = checks.count`
    /// (`results` holds exactly `dimensions.count · c` slots).
    func checkResults(for dimensions: Span<DimensionScores>, difficulty: Int, into results: inout MutableSpan<Double>)
}

extension TaskDomain {
    public var reference: String? { nil }
    public var checkWeights: [Double] { checks.map(\.weight) }

    /// The reference's mapping for one submission (see ``ReferenceCheckMapping``).
    public func checkResults(for dimensions: DimensionScores, difficulty: Int, into results: inout [Double]) {
        let n = checks.count
        if results.count != n { results = [Double](repeating: 0, count: n) }
        var span = results.mutableSpan
        Batch.withOne(dimensions) { ReferenceCheckMapping.checkResults(for: $0, into: &span) }
    }

    /// The batch built from the scalar method, one submission at a time.
    public func checkResults(for dimensions: Span<DimensionScores>, difficulty: Int, into results: inout MutableSpan<Double>) {
        let count = dimensions.count
        guard count > 0 else { return }
        let c = results.count / count
        var row: [Double] = []
        for i in 0..<count {
            checkResults(for: dimensions[i], difficulty: difficulty, into: &row)
            for k in 0..<c { results[i * c + k] = k < row.count ? row[k] : 0 }
        }
    }

    /// Checks the guarantees listed on ``TaskDomain``; returns the problems found (empty when valid).
    public func problems() -> [String] {
        var out: [String] = []
        if checks.isEmpty { out.append("domain '\(key)' has no checks") }
        if Set(checks.map(\.key)).count != checks.count { out.append("domain '\(key)' has duplicate check keys") }
        for c in checks where !(0...1).contains(c.weight) || !c.weight.isFinite {
            out.append("check '\(c.key)' of domain '\(key)' has weight \(c.weight), outside [0, 1]")
        }
        let sum = checks.reduce(0) { $0 + $1.weight }
        if !checks.isEmpty, abs(sum - 1) > 1e-9 { out.append("check weights of domain '\(key)' sum to \(sum), not 1") }
        if templates.isEmpty { out.append("domain '\(key)' has no task templates") }
        for t in traps where !(0...1).contains(t.groundTruth) {
            out.append("a trap of domain '\(key)' has ground truth \(t.groundTruth), outside [0, 1]")
        }
        return out
    }
}
