public import ScoringCore

/// Runs a formula through the guarantees of ``ScoringFormula`` and of its role over random inputs.
///
/// Checked for every formula: the descriptor (key, summary, parameters whose defaults are valid),
/// determinism (two instances, two calls), and that ``ScoringFormula/evaluate(_:)`` agrees bit for
/// bit with the role's typed method, also after the output is rendered to JSON and parsed back.
/// Checked per built-in role (skipped for a role this checker does not know):
/// ranges, conservation of emission pools within ``tolerance`` relative, monotonicity where the
/// role guarantees it, edge cases the role names (empty input, all-zero weights, rank beyond K),
/// and for consensus formulas invariance under permuting validators and scaling stakes.
///
/// ```swift
/// @Test func myConsensusConforms() throws {
///     let problems = FormulaConformance().check(MyConsensus.self)
///     #expect(problems.isEmpty, "\(problems)")
/// }
/// ```
public struct FormulaConformance: Sendable {
    /// Random cases per property.
    public var iterations: Int
    /// Seed of the case generator (the same seed checks the same cases).
    public var seed: UInt64
    /// Relative tolerance for conservation, ranges and monotonicity (rounding, not behaviour).
    public var tolerance: Double

    public init(iterations: Int = 200, seed: UInt64 = 0x5EED, tolerance: Double = 1e-9) {
        self.iterations = iterations
        self.seed = seed
        self.tolerance = tolerance
    }

    /// Checks the formula registered under `key`, made with its default parameters (or `parameters`).
    public func check(_ key: ComponentKey, in registry: ScoringRegistry, parameters: ParameterValues? = nil) -> [String] {
        do {
            let first = try registry.makeFormula(key, parameters: parameters, as: (any ScoringFormula).self)
            let second = try registry.makeFormula(key, parameters: parameters, as: (any ScoringFormula).self)
            var problems = descriptorProblems(type(of: first).descriptor)
            if type(of: first).descriptor.key != key {
                problems.append("registered as '\(key)' but its descriptor says '\(type(of: first).descriptor.key)'")
            }
            return problems + check(first, twin: second)
        } catch {
            return ["'\(key)' cannot be made: \(error)"]
        }
    }

    /// Checks a formula type made with its default parameters.
    public func check<F: ScoringFormula>(_ type: F.Type) -> [String] {
        do {
            return descriptorProblems(F.descriptor) + check(try F.makeDefault(), twin: try F.makeDefault())
        } catch {
            return ["'\(F.descriptor.key)' cannot be made with its default parameters: \(error)"]
        }
    }

    /// Checks one instance; `twin` (made from the same parameters) is compared with it for determinism.
    public func check(_ formula: any ScoringFormula, twin: (any ScoringFormula)? = nil) -> [String] {
        var c = Checker(formula: formula, twin: twin ?? formula, iterations: iterations, tolerance: tolerance,
                        random: Xoshiro256(seed: seed))
        c.run()
        return c.problems
    }

    func descriptorProblems(_ d: ComponentDescriptor) -> [String] {
        var out: [String] = []
        if d.key.rawValue.isEmpty { out.append("descriptor has an empty key") }
        if d.summary.isEmpty { out.append("'\(d.key)': descriptor has an empty summary") }
        if Set(d.parameters.map(\.name)).count != d.parameters.count { out.append("'\(d.key)': duplicate parameter names") }
        do {
            _ = try ParameterValues.resolve(specs: d.parameters, options: nil, registry: ScoringRegistry(),
                                            path: d.key.rawValue, componentName: d.key.rawValue)
        } catch {
            out.append("'\(d.key)': default parameters are not valid: \(error)")
        }
        return out
    }
}
