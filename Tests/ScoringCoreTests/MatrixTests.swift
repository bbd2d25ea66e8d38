import Foundation
import Testing
@testable import ScoringCore

struct MatrixTests {
    let dir = TempDir()

    func spec(_ matrix: String) throws -> MatrixSpec {
        dir.write("base.yaml", "pipeline: simulation\nsimulation:\n  rounds: 2\n")
        return try MatrixSpec.load(file: dir.write("m.yaml", matrix))
    }

    @Test func expandsProductZipRangeAndExclude() throws {
        let s = try spec("""
            matrix:
              base: base.yaml
              seeds: {count: 2, start: 10}
              axes:
                simulation.rounds: {from: 1, to: 3, step: 1}
                simulation.consensus: [test-mean, {type: test-mean, options: {scale: 2}}]
                a.x: [1, 2]
                a.y: [3, 4]
              zip: [[a.x, a.y]]
              exclude:
                - {simulation.rounds: 2, a.x: 1}
            """)
        #expect(s.seeds == [10, 11])
        #expect(s.seedKey == "simulation.seed")
        let plan = MatrixPlan(spec: s)
        // 3 rounds × 2 consensus × 2 zipped pairs = 12, minus rounds=2 & x=1 (2 cells) = 10
        #expect(plan.cells.count == 10)
        #expect(plan.cells.map(\.index) == Array(0..<10))
        #expect(plan.cells[0].overrides == ["simulation.rounds=1", "simulation.consensus=\"test-mean\"", "a.x=1", "a.y=3"])
        #expect(!plan.cells.contains { c in c.overrides.contains("simulation.rounds=2") && c.overrides.contains("a.x=1") })
        let shards = (1...3).map { plan.shard($0, of: 3).map(\.index) }
        #expect(shards.flatMap { $0 }.sorted() == Array(0..<10))
        #expect(Set(shards[0]).isDisjoint(with: shards[1]))
    }

    @Test func badMatrixFilesAreLocated() {
        let e1 = configError { _ = try spec("matrix:\n  base: base.yaml\n  axes:\n    x: [1]\n  zip: [[x, y]]\n") }
        #expect(e1?.kind == .unknownKey)
        #expect(e1?.location?.line == 5)
        let e2 = configError { _ = try spec("matrix:\n  base: base.yaml\n  axis: {}\n") }
        #expect(e2?.suggestion == "axes")
        let e3 = configError { _ = try spec("matrix:\n  base: base.yaml\nexpect: [\"gini <\"]\n") }
        #expect(e3?.kind == .invalidValue)
        #expect(e3?.location?.line == 3)
    }

    func runAll(_ s: MatrixSpec, jobs: Int, skip: Set<String> = []) async throws -> [MatrixRecord] {
        let plan = MatrixPlan(spec: s)
        let runner = MatrixRunner(registry: try toyRegistry(), maxConcurrency: jobs)
        return try await runner.run(plan, jobs: runner.jobs(plan, cells: plan.cells), skip: skip) { _ in }
    }

    @Test func parallelRunEqualsSerialRun() async throws {
        let s = try spec("""
            matrix:
              base: base.yaml
              seeds: [1, 2, 3]
              axes:
                simulation.rounds: [1, 2, 3, 4]
            expect: ["score < 100"]
            """)
        let serial = try await runAll(s, jobs: 1)
        let parallel = try await runAll(s, jobs: 4)
        #expect(serial.count == 12)
        #expect(serial.map { $0.json.jsonString(pretty: false) } == parallel.map { $0.json.jsonString(pretty: false) })
        #expect(serial[0].metrics["seed"] == 1)
        #expect(abs((serial[3].metrics["score"] ?? 0) - 0.6) < 1e-12)
        #expect(serial.allSatisfy { $0.passed })
    }

    @Test func failedExpectationsAndRunErrorsAreRecorded() async throws {
        let s = try spec("""
            matrix:
              base: base.yaml
              axes:
                simulation.rounds: [1, 10, 999]
            expect:
              - "score < 1"
              - {metric: missing, ">": 0}
            """)
        let records = try await runAll(s, jobs: 2)
        #expect(records.count == 3)
        #expect(records[0].checks[0].passed)
        #expect(!records[1].checks[0].passed)
        #expect(records[1].checks[0].message.contains("expected score < 1.0, measured score = 3.0"))
        #expect(records[0].checks[1].message.contains("not produced"))
        #expect(records[2].error?.contains("always fails") == true)
        let summary = MatrixSummary(records: records)
        #expect(summary.failedRuns.count == 3)
        let junit = summary.junit(name: "t")
        #expect(junit.contains("tests=\"6\" failures=\"5\""))
        #expect(summary.markdown(title: "t").contains("| 0 | 1 |"))
    }

    @Test func outputsResumeAndMerge() async throws {
        let s = try spec("""
            matrix:
              base: base.yaml
              seeds: [1, 2]
              axes:
                simulation.rounds: [1, 2, 3]
            """)
        let plan = MatrixPlan(spec: s)
        let runner = MatrixRunner(registry: try toyRegistry(), maxConcurrency: 2)
        // Two shards into two directories, then merge.
        var dirs: [String] = []
        for k in 1...2 {
            let out = MatrixOutput(directory: "\(dir.path)/shard\(k)")
            let writer = try out.openResults(truncate: true)
            let records = try await runner.run(plan, jobs: runner.jobs(plan, cells: plan.shard(k, of: 2))) { writer.append($0) }
            writer.close()
            try out.writeSummaries(MatrixSummary(records: records), name: "m")
            for f in ["results.jsonl", "summary.csv", "junit.xml", "comparison.md"] {
                #expect(FileManager.default.fileExists(atPath: "\(out.directory)/\(f)"))
            }
            dirs.append(out.directory)
        }
        let merged = try dirs.flatMap { try MatrixOutput.readRecords("\($0)/results.jsonl") }
        #expect(MatrixSummary(records: merged).records.map { "\($0.cell)/\($0.seed)" } == ["0/1", "0/2", "1/1", "1/2", "2/1", "2/2"])
        let whole = try await runAll(s, jobs: 1)
        #expect(MatrixSummary(records: merged).csv() == MatrixSummary(records: whole).csv())
        // Resume: nothing new runs when every hash is already present.
        let again = try await runAll(s, jobs: 2, skip: Set(merged.map(\.configHash)))
        #expect(again.isEmpty)
        let partial = try await runAll(s, jobs: 2, skip: Set(merged.filter { $0.cell == 0 }.map(\.configHash)))
        #expect(partial.map(\.cell) == [1, 1, 2, 2])
    }

    @Test func expectationParsingAndChecks() throws {
        let node = try ConfigLoader().parse(yaml: "- \"gini <= 0.5\"\n- {metric: x, '==': 1, tolerance: 0.01}\n", name: "e.yaml")
        let e = try Expectation.parse(node)
        #expect(e.count == 2)
        #expect(e[0].holds(0.5) && !e[0].holds(0.51))
        #expect(e[1].holds(1.005) && !e[1].holds(1.02))
        #expect(!Expectation(metric: "m", op: .less, value: 1).holds(.nan))
    }
}
