import Foundation
import Testing
import ScoringCore
@testable import Simulation

/// Sharded Monte Carlo: shards merged give exactly the single-machine output.
struct MonteCarloShardTests {
    static let overrides = ["simulation.runs=9", "simulation.epochs=6"]

    func tempDir() -> String {
        let path = NSTemporaryDirectory() + "mc-shards-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func load(_ overrides: [String]) throws -> (SimulationPipeline, ConfigNode, String) {
        let path = TestSupport.config("configs/reasonforge/default.yaml")
        let node = try ConfigLoader().load(file: path, overrides: overrides)
        let loaded = try ScoringConfig.load(node: node, path: path, registry: try TestSupport.registry())
        return (loaded.pipeline as! SimulationPipeline, node, path)
    }

    /// The manifest's declared time fields blanked (`started_at`, `wall_time_seconds`).
    static func withoutTimes(_ text: String) -> String {
        var t = text
        for field in ["started_at", "wall_time_seconds"] {
            t = t.replacingOccurrences(of: "\"\(field)\":(\"[^\"]*\"|[-0-9.eE+]+)", with: "\"\(field)\":\"<time>\"",
                                       options: .regularExpression)
        }
        return t
    }

    func shardAll(_ n: Int, into out: String, overrides: [String] = overrides) async throws {
        let (pipeline, node, path) = try load(overrides)
        for k in 1...n {
            try await MonteCarloShard.run(pipeline, configNode: node, configPath: path, shard: ShardAssignment(index: k, count: n),
                                          directory: "\(out)/shard-\(k)-of-\(n)", resume: false, gitCommit: .some(nil))
        }
    }

    @Test(arguments: [1, 3, 7], [OutputFormat.json, .jsonl, .csv, .table])
    func mergedShardsEqualOneMachine(n: Int, format: OutputFormat) async throws {
        let out = tempDir()
        defer { try? FileManager.default.removeItem(atPath: out) }
        try await shardAll(n, into: out)
        let merged = try MonteCarloShard.merge([out], registry: try TestSupport.registry())
        #expect(merged.shards.directories.count == n)
        let sink = OutputSink.memory()
        try merged.pipeline.writeMerged(merged, format: format, sink: sink)
        let (pipeline, _, _) = try load(Self.overrides)
        let single = try await TestSupport.render(pipeline, format)
        #expect(Self.withoutTimes(sink.contents) == Self.withoutTimes(single))
        #expect(sink.contents.utf8.count > 200)
    }

    @Test func resumeRecomputesOnlyTheMissingRuns() async throws {
        let out = tempDir()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let (pipeline, node, path) = try load(Self.overrides)
        let shard = try ShardAssignment(index: 2, count: 2)   // runs 1, 3, 5, 7
        let dir = "\(out)/s"
        let first = try await MonteCarloShard.run(pipeline, configNode: node, configPath: path, shard: shard, directory: dir,
                                                  resume: false, gitCommit: .some(nil))
        #expect(first.computed.sorted() == [1, 3, 5, 7] && first.kept.isEmpty)
        let complete = try String(contentsOfFile: "\(dir)/runs/run-5.json", encoding: .utf8)
        // As a kill leaves it: two runs never written, one cut off mid-write, shard.json not complete.
        try FileManager.default.removeItem(atPath: "\(dir)/runs/run-3.json")
        try FileManager.default.removeItem(atPath: "\(dir)/runs/run-7.json")
        try String(complete.prefix(40)).write(toFile: "\(dir)/runs/run-5.json", atomically: false, encoding: .utf8)
        var manifest = try #require(try ShardManifest.read(from: dir))
        manifest.complete = false
        try manifest.write(into: dir)
        let again = try await MonteCarloShard.run(pipeline, configNode: node, configPath: path, shard: shard, directory: dir,
                                                  resume: true, gitCommit: .some(nil))
        #expect(again.kept == [1])
        #expect(again.computed.sorted() == [3, 5, 7])
        #expect(try String(contentsOfFile: "\(dir)/runs/run-5.json", encoding: .utf8) == complete)
        #expect(try ShardManifest.read(from: dir)?.complete == true)
    }

    @Test func refusesShardsOfDifferentPlansAndNamesMissingRuns() async throws {
        let out = tempDir()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let (a, nodeA, path) = try load(Self.overrides)
        let (b, nodeB, _) = try load(Self.overrides + ["simulation.seed=7"])
        try await MonteCarloShard.run(a, configNode: nodeA, configPath: path, shard: ShardAssignment(index: 1, count: 3),
                                      directory: "\(out)/a1", resume: false, gitCommit: .some(nil))
        try await MonteCarloShard.run(b, configNode: nodeB, configPath: path, shard: ShardAssignment(index: 2, count: 3),
                                      directory: "\(out)/b2", resume: false, gitCommit: .some(nil))
        do {
            _ = try MonteCarloShard.merge(["\(out)/a1", "\(out)/b2"], registry: try TestSupport.registry())
            Issue.record("merged shards of two plans")
        } catch let e as ShardError {
            #expect(e.message.contains("different plans"))
        }
        do {
            _ = try MonteCarloShard.merge(["\(out)/a1"], registry: try TestSupport.registry())
            Issue.record("merged an incomplete set")
        } catch let e as ShardError {
            #expect(e.message.contains("shard 2/3 is absent: 3 missing (run 1, run 4, run 7)"))
            #expect(e.message.contains("shard 3/3 is absent"))
        }
        // A directory of another plan is not overwritten by a shard run.
        await #expect(throws: ShardError.self) {
            try await MonteCarloShard.run(b, configNode: nodeB, configPath: path, shard: ShardAssignment(index: 1, count: 3),
                                          directory: "\(out)/a1", resume: true, gitCommit: .some(nil))
        }
    }
}
