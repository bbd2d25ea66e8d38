import Foundation
import Testing
@testable import ScoringCore

/// Configs safe to take from strangers: alias bombs, alias keys, run limits.
struct ConfigSafetyTests {
    let dir = TempDir()

    /// Ten nested levels of ten aliases: 10¹⁰ nodes once expanded.
    static let bomb: String = {
        var text = "pipeline: simulation\nl0: &l0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...10 {
            text += "l\(i): &l\(i) [" + Array(repeating: "*l\(i - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        return text
    }()

    @Test(.timeLimit(.minutes(1))) func aliasBombIsRefusedFastWithALocatedError() throws {
        let start = Date()
        let error = configError { _ = try ConfigLoader().parse(yaml: Self.bomb, name: "bomb.yaml") }
        let elapsed = Date().timeIntervalSince(start)
        let e = try #require(error)
        #expect(e.kind == .outOfRange)
        #expect(e.location?.file == "bomb.yaml")
        #expect((e.location?.line ?? 0) > 1 && (e.location?.column ?? 0) >= 1)
        #expect(e.description.contains("bomb.yaml:\(e.location!.line):\(e.location!.column): error:"))
        #expect(e.message.contains("alias"))
        #expect(elapsed < 1, "refusing the bomb took \(elapsed) s")
    }

    @Test func capsAreConfigurableAndCountExpandedNodes() throws {
        // 4 + 3 × 4 nodes… the anchored list (5 nodes) used three more times.
        let yaml = "a: &a [1, 2, 3, 4]\nb: [*a, *a, *a]\n"
        let ok = try ConfigLoader().parse(yaml: yaml, name: "small.yaml")
        #expect(ok["b"]?.elements?.count == 3)
        #expect(ok["b"]?.elements?[2].elements?.count == 4)
        // Nodes: root map 1, key a 1, list 5, key b 1, list b 1, three copies × 5 = 24.
        #expect(throws: ConfigError.self) { _ = try ConfigLoader(limits: ConfigLimits(maxNodes: 23)).parse(yaml: yaml, name: "s") }
        _ = try ConfigLoader(limits: ConfigLimits(maxNodes: 24)).parse(yaml: yaml, name: "s")
        let e = configError { _ = try ConfigLoader(limits: ConfigLimits(maxAliasExpansions: 2)).parse(yaml: yaml, name: "s.yaml") }
        #expect(e?.kind == .outOfRange && e?.location?.line == 2)
    }

    @Test func aliasesAndCollectionsAsKeysAreRefusedBeforeYamsHashesThem() {
        for (yaml, line) in [("a: &a {x: 1}\n*a : 2\n", 2), ("a: &a [1]\n? *a\n: 2\n", 2), ("a: &a [1]\nb: {[*a, *a]: 1}\n", 2),
                             ("a: &a [1]\n[*a]: 1\n", 2)] {
            let e = configError { _ = try ConfigLoader().parse(yaml: yaml, name: "k.yaml") }
            #expect(e?.kind == .syntax, "\(yaml)")
            #expect(e?.location?.line == line, "\(yaml)")
        }
        // Aliases as values, quoted stars, comments and block scalars are fine.
        let fine = "a: &a [1]\nb: {x: *a, y: *a}\nc: [*a, *a]\nd: '*a: 1'\ne: |\n  *a : 2\n  ? q\nf: x # *a : 3\n"
        #expect(configError { _ = try ConfigLoader().parse(yaml: fine, name: "f.yaml") } == nil)
    }

    @Test func runLimitStopsAMatrixBeforeExpandingIt() throws {
        dir.write("base.yaml", "pipeline: simulation\nsimulation:\n  rounds: 2\n")
        let axes = (0..<10).map { "    a.x\($0): [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]" }.joined(separator: "\n")
        let spec = try MatrixSpec.load(file: dir.write("huge.yaml", "matrix:\n  base: base.yaml\n  seeds: [1, 2]\n  axes:\n\(axes)\n"))
        let start = Date()
        let e = configError { try RunLimit(maxRuns: 1000, source: "test").check(spec) }
        #expect(Date().timeIntervalSince(start) < 1)
        #expect(e?.kind == .outOfRange)
        #expect(e?.message.contains("20000000000 runs") == true)
        // Located at the `matrix:` mapping (its first key, line 2).
        #expect(e?.location?.file.hasSuffix("huge.yaml") == true && e?.location?.line == 2, "\(String(describing: e?.location))")
        // Excludes count: 3 cells × 2 seeds = 6 runs, one cell excluded → 4 runs fits a limit of 4.
        let small = try MatrixSpec.load(file: dir.write("s.yaml", """
            matrix:
              base: base.yaml
              seeds: [1, 2]
              axes:
                simulation.rounds: [1, 2, 3]
              exclude:
                - {simulation.rounds: 3}
            """))
        try RunLimit(maxRuns: 4, source: "test").check(small)
        #expect(configError { try RunLimit(maxRuns: 3, source: "test").check(small) } != nil)
    }

    @Test func runLimitResolution() throws {
        #expect(try RunLimit.resolve(flag: nil, environment: [:]).maxRuns == RunLimit.defaultMaxRuns)
        #expect(try RunLimit.resolve(flag: nil, environment: ["SCORING_MAX_RUNS": "50"]).maxRuns == 50)
        #expect(try RunLimit.resolve(flag: 7, environment: ["SCORING_MAX_RUNS": "50"]).maxRuns == 7)
        #expect(throws: ShardError.self) { _ = try RunLimit.resolve(flag: nil, environment: ["SCORING_MAX_RUNS": "many"]) }
        #expect(throws: ShardError.self) { _ = try RunLimit.resolve(flag: 0, environment: [:]) }
    }
}
