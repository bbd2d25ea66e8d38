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
        problems += batchProblems(domain, random: &random)
        return problems
    }

    /// The batch form of `checkResults` (what the simulator calls, one task's submissions at a
    /// time) must write what the scalar form writes for each submission.
    func batchProblems(_ domain: any TaskDomain, random: inout Xoshiro256) -> [String] {
        let c = domain.checks.count
        for _ in 0..<max(1, iterations / 10) {
            let count = random.randbelow(6)
            let difficulty = 1 + random.randbelow(10)
            let dims = (0..<count).map { _ in
                DimensionScores(quality: random.random(), accuracy: random.random(), novelty: random.random(), efficiency: random.random())
            }
            var batch = [Double](repeating: .nan, count: count * c)
            var span = batch.mutableSpan
            domain.checkResults(for: dims.span, difficulty: difficulty, into: &span)
            var scalar: [Double] = []
            for d in dims {
                var row: [Double] = []
                domain.checkResults(for: d, difficulty: difficulty, into: &row)
                scalar += row
            }
            if batch.count != scalar.count || zip(batch, scalar).contains(where: { $0.bitPattern != $1.bitPattern }) {
                return ["batch checkResults of '\(domain.key)' wrote \(batch), the scalar form \(scalar)"]
            }
        }
        return []
    }
}
