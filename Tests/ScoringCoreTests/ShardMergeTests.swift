import Foundation
import Testing
@testable import ScoringCore

/// Shard manifests, merge checks (one plan, nothing missing) and the `cells differ` expectation.
struct ShardMergeTests {
    let dir = TempDir()

    func shard(_ name: String, plan: String, _ k: Int, of n: Int, items: Int = 8) throws -> String {
        let path = "\(dir.path)/\(name)"
        try ShardManifest(kind: .matrix, planHash: plan, shard: ShardAssignment(index: k, count: n), items: items, complete: true,
                          seeds: [1, 2], cellsDiffer: ["a"]).write(into: path)
        return path
    }

    @Test func manifestRoundTripsAndExpandFindsShardDirectories() throws {
        let a = try shard("out/shard-1-of-2", plan: "p1", 1, of: 2)
        _ = try shard("out/shard-2-of-2", plan: "p1", 2, of: 2)
        let m = try #require(try ShardManifest.read(from: a))
        let first = try ShardAssignment(index: 1, count: 2)
        #expect(m.planHash == "p1" && m.shard == first && m.items == 8 && m.complete)
        #expect(m.seeds == [1, 2] && m.cellsDiffer == ["a"])
        #expect(try ShardSet.expand(["\(dir.path)/out"]) == ["\(dir.path)/out/shard-1-of-2", "\(dir.path)/out/shard-2-of-2"])
        #expect(throws: ShardError.self) { _ = try ShardSet.expand(["\(dir.path)/nothing-here"]) }
    }

    @Test func refusesShardsOfDifferentPlansOrCounts() throws {
        let a = try shard("a", plan: "plan-one", 1, of: 2)
        let b = try shard("b", plan: "plan-two", 2, of: 2)
        do { _ = try ShardSet(directories: [a, b], kind: .matrix); Issue.record("merged two plans") } catch let e as ShardError {
            #expect(e.message.contains("different plans") && e.message.contains(a) && e.message.contains(b))
        }
        let c = try shard("c", plan: "plan-one", 2, of: 3)
        #expect(throws: ShardError.self) { _ = try ShardSet(directories: [a, c], kind: .matrix) }
        #expect(throws: ShardError.self) { _ = try ShardSet(directories: [a], kind: .monteCarlo) }
    }

    @Test func namesTheMissingShardsAndItems() throws {
        let a = try shard("a", plan: "p", 1, of: 3, items: 9)
        let b = try shard("b", plan: "p", 2, of: 3, items: 9)
        let set = try ShardSet(directories: [a, b], kind: .matrix)
        // Items 0…8 owned by i % 3 + 1; shard 2 lacks item 4; shard 3 is absent.
        do {
            try set.requireComplete(present: [0, 3, 6, 1, 7], owner: { $0 % 3 + 1 }, describe: { "item \($0)" })
            Issue.record("an incomplete set merged")
        } catch let e as ShardError {
            #expect(e.message.contains("4 of 9 results are missing"))
            #expect(e.message.contains("shard 2/3 is incomplete: 1 missing (item 4)"))
            #expect(e.message.contains("shard 3/3 is absent: 3 missing (item 2, item 5, item 8)"))
        }
        try set.requireComplete(present: Set(0..<9), owner: { $0 % 3 + 1 }, describe: { "\($0)" })
    }

    func record(_ cell: Int, _ seed: Int, _ axis: String, _ other: String, _ score: Double) -> MatrixRecord {
        MatrixRecord(cell: cell, seed: seed, label: "", assignments: [("a", axis), ("b", other)], configHash: "\(cell)-\(seed)",
                     metrics: RunMetrics([("score", score), ("seed", Double(seed))]), checks: [], error: nil)
    }

    @Test func cellsDifferFailsWhenAnAxisChangesNothing() throws {
        // Axis a: cells 0 and 1 (b = x) are identical on both seeds; cells 2 and 3 (b = y) differ.
        let records = [record(0, 1, "\"mean\"", "x", 0.5), record(0, 2, "\"mean\"", "x", 0.6),
                       record(1, 1, "\"trimmed\"", "x", 0.5), record(1, 2, "\"trimmed\"", "x", 0.6),
                       record(2, 1, "\"mean\"", "y", 0.5), record(2, 2, "\"mean\"", "y", 0.6),
                       record(3, 1, "\"trimmed\"", "y", 0.5), record(3, 2, "\"trimmed\"", "y", 0.7)]
        let failures = CellsDiffer.failures(records, axes: ["a"])
        #expect(failures.count == 1)
        #expect(failures.first?.contains("cells 0 and 1 differ only in 'a' (mean vs trimmed)") == true)
        // Axis b always changes nothing for cells 0/2 (same numbers) and 1/3 differ: one failure.
        #expect(CellsDiffer.failures(records, axes: ["b"]).count == 1)
        #expect(CellsDiffer.failures(Array(records[4...]), axes: ["a"]).isEmpty)
    }

    @Test func cellsDifferIsParsedFromExpect() throws {
        dir.write("base.yaml", "pipeline: simulation\nsimulation:\n  rounds: 2\n")
        let all = try MatrixSpec.load(file: dir.write("m.yaml", """
            matrix:
              base: base.yaml
              axes:
                simulation.rounds: [1, 2]
                simulation.seed: [1, 2]
            expect:
              - "score > 0"
              - cells differ
            """))
        #expect(all.cellsDiffer == ["simulation.rounds", "simulation.seed"] && all.expectations.count == 1)
        let one = try MatrixSpec.load(file: dir.write("n.yaml", """
            matrix:
              base: base.yaml
              axes:
                simulation.rounds: [1, 2]
            expect:
              - {cells_differ: [simulation.rounds]}
            """))
        #expect(one.cellsDiffer == ["simulation.rounds"] && one.expectations.isEmpty)
        let e = configError { _ = try MatrixSpec.load(file: dir.write("o.yaml", """
            matrix:
              base: base.yaml
              axes:
                simulation.rounds: [1, 2]
            expect:
              - {cells_differ: [simulation.round]}
            """)) }
        #expect(e?.suggestion == "simulation.rounds" && e?.location?.line == 6)
    }
}
