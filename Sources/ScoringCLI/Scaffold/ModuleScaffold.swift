import Foundation

/// Generates a component module: a library target with one component and its `ScoringModule`,
/// a test that runs the ScoringTestKit conformance checker over it, an example config, and the
/// registration lines (Package.swift target, `BuiltInModules`) where their markers exist.
public struct ModuleScaffold: Sendable {
    public enum Kind: String, CaseIterable, Sendable { case domain, formula, policy }

    public struct ScaffoldError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    public var kind: Kind
    /// Upper camel case target name (`LegalDomain`).
    public var typeName: String
    /// Kebab-case component key (`legal-domain`).
    public var key: String

    /// - Parameter name: any of `LegalDomain`, `legal-domain`, `legal_domain`.
    public init(kind: Kind, name: String) throws {
        let words = Self.words(name)
        guard !words.isEmpty, let first = name.first, first.isLetter,
              name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw ScaffoldError(description: "a module name must start with a letter and use letters, digits, '-' or '_'; found '\(name)'")
        }
        self.kind = kind
        typeName = words.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        key = words.map { $0.lowercased() }.joined(separator: "-")
    }

    static func words(_ name: String) -> [String] {
        var words: [String] = []
        var current = ""
        for c in name {
            if c == "-" || c == "_" {
                if !current.isEmpty { words.append(current); current = "" }
            } else if c.isUppercase, let last = current.last, last.isLowercase || last.isNumber {
                words.append(current)
                current = String(c)
            } else {
                current.append(c)
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// The files to create, relative to the package directory.
    public var files: [(path: String, contents: String)] {
        [
            ("Sources/\(typeName)/\(typeName)Module.swift", moduleSource),
            ("Tests/\(typeName)Tests/\(typeName)ConformanceTests.swift", testSource),
            ("configs/examples/\(key).yaml", exampleConfig),
        ]
    }

    /// Lines inserted above `// scaffold:targets` in Package.swift.
    public var packageTargets: String {
        """
                .target(name: "\(typeName)", dependencies: [scoringCore], swiftSettings: upcoming),
                .testTarget(name: "\(typeName)Tests", dependencies: ["\(typeName)", scoringCore, scoringTestKit], swiftSettings: upcoming),

        """
    }

    /// Writes the module into `packageDirectory` and registers it where markers allow.
    /// - Returns: what was done, one line per file.
    @discardableResult
    public func write(into packageDirectory: String, force: Bool = false) throws -> [String] {
        let fm = FileManager.default
        var log: [String] = []
        for (path, _) in files where fm.fileExists(atPath: "\(packageDirectory)/\(path)") && !force {
            throw ScaffoldError(description: "\(path) already exists; choose another name or pass --force")
        }
        let packagePath = "\(packageDirectory)/Package.swift"
        guard var manifest = try? String(contentsOfFile: packagePath, encoding: .utf8) else {
            throw ScaffoldError(description: "no Package.swift in \(packageDirectory)")
        }
        guard !manifest.contains("name: \"\(typeName)\"") else {
            throw ScaffoldError(description: "Package.swift already has a target named \(typeName)")
        }
        guard let marker = manifest.range(of: "        // scaffold:targets") else {
            throw ScaffoldError(description: "Package.swift has no '// scaffold:targets' marker line in its targets list")
        }
        manifest.insert(contentsOf: packageTargets, at: marker.lowerBound)
        if let cli = manifest.range(of: "                // scaffold:cli-dependencies") {
            manifest.insert(contentsOf: "                \"\(typeName)\",\n", at: cli.lowerBound)
        }
        for (path, contents) in files {
            let full = "\(packageDirectory)/\(path)"
            try fm.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try contents.write(toFile: full, atomically: true, encoding: .utf8)
            log.append("created \(path)")
        }
        try manifest.write(toFile: packagePath, atomically: true, encoding: .utf8)
        log.append("added targets \(typeName) and \(typeName)Tests to Package.swift")
        let builtIns = "\(packageDirectory)/Sources/ScoringCLI/BuiltInModules.swift"
        if var text = try? String(contentsOfFile: builtIns, encoding: .utf8),
           let imports = text.range(of: "// scaffold:imports") {
            text.insert(contentsOf: "import \(typeName)\n", at: imports.lowerBound)
            if let modules = text.range(of: "            // scaffold:modules") {
                text.insert(contentsOf: "            \(typeName)Module(),\n", at: modules.lowerBound)
            }
            try text.write(toFile: builtIns, atomically: true, encoding: .utf8)
            log.append("registered \(typeName)Module() in Sources/ScoringCLI/BuiltInModules.swift")
        }
        return log
    }

    // MARK: - Templates

    var moduleSource: String {
        let component: String
        let registration: String
        switch kind {
        case .formula:
            registration = "try registry.register(\(typeName)Formula.self)"
            component = """
                /// A consensus formula: the stake-weighted mean of validator scores, shrunk toward
                /// the plain mean by `shrinkage`. Replace the body with your own formula.
                public struct \(typeName)Formula: ConsensusFormula {
                    public static let descriptor = ComponentDescriptor(
                        key: "\(key)", kind: .formula,
                        summary: "Stake-weighted mean shrunk toward the plain mean",
                        equation: "C = (1 − λ)·Σ s_v·w_v / Σ w_v + λ·mean(s)",
                        parameters: [.number("shrinkage", default: 0.25, range: 0...1, "weight λ of the plain mean")])

                    public let shrinkage: Double

                    public init(parameters: ParameterValues) throws {
                        shrinkage = try parameters.double("shrinkage")
                    }

                    public func consensus(scores: [Double], stakes: [Double]) -> Double {
                        let total = stakes.reduce(0, +)
                        guard !scores.isEmpty, total > 0 else { return 0 }
                        var weighted = 0.0
                        for (s, w) in zip(scores, stakes) { weighted += s * w }
                        let plain = scores.reduce(0, +) / Double(scores.count)
                        let value = (1 - shrinkage) * (weighted / total) + shrinkage * plain
                        return min(max(value, scores.min()!), scores.max()!)
                    }
                }
                """
        case .policy:
            registration = "try registry.register(\(typeName)Policy.self)"
            component = """
                /// A weighting policy: multiplies each reward by its reputation score raised to
                /// `exponent`, capped to [`floor`, `cap`]. Its tier table has only `Neutral` (factor 1):
                /// any other tier counts as neutral and is flagged `unknownTier`. Replace with your own.
                public struct \(typeName)Policy: WeightingPolicy {
                    public static let descriptor = ComponentDescriptor(
                        key: "\(key)", kind: .policy,
                        summary: "Reward × clamp(rep_score^exponent, floor, cap)",
                        equation: "final = base · clamp(R^k, floor, cap)",
                        parameters: [
                            .number("exponent", default: 1, range: 0...4, "power k applied to the score"),
                            .number("floor", default: 0.8, range: 0...1, "smallest factor"),
                            .number("cap", default: 1.2, range: 1...10, "largest factor"),
                        ])

                    public let exponent: Double
                    public let floor: Double
                    public let cap: Double

                    public init(parameters: ParameterValues) throws {
                        exponent = try parameters.double("exponent")
                        floor = try parameters.double("floor")
                        cap = try parameters.double("cap")
                    }

                    public func weigh(_ inputs: [WeightingInput]) throws -> WeightingResult {
                        try validate(inputs)
                        return WeightingResult(entries: inputs.map { input in
                            let factor = min(max(pow(input.reputation.score, exponent), floor), cap)
                            return WeightedReward(miner: input.miner, baseReward: input.baseReward, reputation: input.reputation,
                                                  tierFactor: 1, scoreFactor: factor, finalReward: input.baseReward * factor,
                                                  unknownTier: input.reputation.tier != "Neutral")
                        })
                    }
                }
                """
        case .domain:
            registration = "try registry.register(domain: \(typeName)Domain())"
            component = """
                /// A task domain with its own way of simulating check results: the second check
                /// is harder at high difficulty. Replace the checks, texts and behaviour with your own.
                public struct \(typeName)Domain: TaskDomain {
                    public init() {}
                    public var key: ComponentKey { "\(key)" }
                    public var summary: String { "\(typeName): describe what tasks of this domain ask" }
                    public var checks: [DomainCheck] {
                        [DomainCheck("correctness", weight: 0.5), DomainCheck("rigour", weight: 0.3), DomainCheck("clarity", weight: 0.2)]
                    }
                    public var templates: [TaskTemplate] {
                        [TaskTemplate("First task text"), TaskTemplate("Second task text")]
                    }
                    public var traps: [TrapTemplate] { [TrapTemplate("A task whose correct score is known", groundTruth: 0.9)] }

                    public func checkResults(for d: DimensionScores, difficulty: Int, into results: inout [Double]) {
                        let hardness = Double(max(0, difficulty - 5)) * 0.02
                        results = [d.quality, max(0, d.accuracy - hardness), d.efficiency]
                    }
                }
                """
        }
        return """
            public import ScoringCore
            import Foundation

            \(component)

            /// Registers the module's components; add `\(typeName)Module()` to the modules a program installs.
            public struct \(typeName)Module: ScoringModule {
                public init() {}
                public var name: String { "\(key)" }
                public func register(into registry: inout ScoringRegistry) throws {
                    \(registration)
                }
            }

            """
    }

    var testSource: String {
        let check: String
        switch kind {
        case .formula: check = "FormulaConformance().check(\"\(key)\", in: registry)"
        case .policy: check = "PolicyConformance(knownTiers: [\"Neutral\"], productShape: true).check(\"\(key)\", in: registry)"
        case .domain: check = "DomainConformance().check(\"\(key)\", in: registry)"
        }
        return """
            import ScoringCore
            import ScoringTestKit
            import Testing
            import \(typeName)

            struct \(typeName)ConformanceTests {
                @Test func passesTheConformanceChecker() throws {
                    let registry = try ScoringRegistry(modules: [\(typeName)Module()])
                    let problems = \(check)
                    #expect(problems.isEmpty, "\\(problems)")
                }
            }

            """
    }

    var exampleConfig: String {
        switch kind {
        case .formula:
            return """
                # Example: the default ReasonForge simulation with consensus from \(typeName)Module.
                extends: ../reasonforge/default.yaml
                simulation:
                  formulas:
                    consensus: {type: \(key), options: {shrinkage: 0.25}}

                """
        case .policy:
            return """
                # Example: the MIID reputation pipeline weighted by \(typeName)Module's policy.
                extends: ../reputation/miid-phase3.yaml
                reputation:
                  policy: {type: \(key), options: {exponent: 1, floor: 0.8, cap: 1.2}}

                """
        case .domain:
            return """
                # Example: the default ReasonForge simulation drawing tasks from \(typeName)Module's domain too.
                extends: ../reasonforge/default.yaml
                simulation:
                  domains: [mathematics, code, scientific, strategic, causal, ethical, \(key)]

                """
        }
    }
}
