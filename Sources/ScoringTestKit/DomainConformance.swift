public import ScoringCore

/// Checks the guarantees of ``TaskDomain``: valid checks and weights, templates, trap ground
/// truths, and a pure ``TaskDomain/checkResults(for:difficulty:into:)`` writing one value in
/// [0, 1] per check.
///
/// ```swift
/// #expect(DomainConformance().check(MyDomain()).isEmpty)
/// ```
public struct DomainConformance: Sendable {
    public var iterations: Int
    public var seed: UInt64

    public init(iterations: Int = 100, seed: UInt64 = 0xD0_3A1) {
        self.iterations = iterations
        self.seed = seed
    }

    /// Checks the domain registered under `key` in `registry` (it must make back a domain with that key).
    public func check(_ key: ComponentKey, in registry: ScoringRegistry) -> [String] {
        do {
            let domain = try registry.make(.domain, key, as: (any TaskDomain).self)
            var problems = check(domain)
            if domain.key != key { problems.append("registered as '\(key)' but the domain's key is '\(domain.key)'") }
            return problems
        } catch {
            return ["domain '\(key)' cannot be made: \(error)"]
        }
    }

    public func check(_ domain: any TaskDomain) -> [String] {
        var problems = domain.problems()
        if domain.summary.isEmpty { problems.append("domain '\(domain.key)' has an empty summary") }
        for t in domain.traps where !t.groundTruth.isFinite { problems.append("a trap of '\(domain.key)' has a non-finite ground truth") }
        var random = Xoshiro256(seed: seed)
        let n = domain.checks.count
        for i in 0..<iterations {
            let d = DimensionScores(quality: random.random(), accuracy: random.random(), novelty: random.random(),
                                    efficiency: random.random())
            let difficulty = 1 + random.randbelow(10)
            var first: [Double] = i % 2 == 0 ? [] : [Double](repeating: 7, count: n + 3)  // wrong-sized buffers are resized
            var second: [Double] = []
            domain.checkResults(for: d, difficulty: difficulty, into: &first)
            domain.checkResults(for: d, difficulty: difficulty, into: &second)
            if first.count != n {
                problems.append("checkResults of '\(domain.key)' wrote \(first.count) values for \(n) checks")
                break
            }
            if first != second {
                problems.append("checkResults of '\(domain.key)' is not deterministic")
                break
            }
            if let bad = first.first(where: { !($0 >= 0 && $0 <= 1) }) {
                problems.append("checkResults of '\(domain.key)' wrote \(bad), outside [0, 1]")
                break
            }
        }
        return problems
    }
}
