import ArgumentParser
import Foundation
import Testing
@testable import ScoringCLI

/// `--report` on the commands, in process: the files written and the numbers in them.
@Suite(.serialized)
struct ReportWiringTests {
    private func temporaryDirectory() throws -> String {
        let dir = NSTemporaryDirectory() + "report-wiring-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    private func json(_ path: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// The `data-value` of cell `key` in the row whose opening tag starts with `<tr attribute="value"`.
    private func cell(_ html: String, _ attribute: String, _ value: String, key: String) -> Double? {
        guard let start = html.range(of: "<tr \(attribute)=\"\(value)\"") else { return nil }
        let rest = html[start.upperBound...]
        guard let end = rest.range(of: "</tr>"), let c = rest[..<end.lowerBound].range(of: "data-key=\"\(key)\" data-value=\"") else { return nil }
        return Double(String(rest[c.upperBound...].prefix { $0 != "\"" }))
    }

    /// Equal up to one or two units in the last place: Foundation's JSON reader on Linux does not
    /// always parse the shortest round-trip text back to the same double.
    private func same(_ a: Double?, _ b: Double?) -> Bool {
        guard let a, let b else { return false }
        return abs(a - b) <= 1e-13 * max(1, abs(a), abs(b))
    }

    @Test func reputationRunWritesAReportWithOneRowPerMinerAsInItsBreakdown() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let config = "\(dir)/rep.yaml"
        try """
            pipeline: reputation
            name: tiny
            description: A tiny reputation run.
            reputation:
              seed: 3
              miners: 10
              validators: 2
              passes: 3
              outage: {from_pass: 2, to_pass: 2}
              client: {retries: 0, backoff_initial_seconds: 0, backoff_max_seconds: 0}
            expect:
              - allocations_lost == 0
            """.write(toFile: config, atomically: true, encoding: .utf8)
        let command = try RunCommand.parse([config, "-o", "\(dir)/out", "--report", "\(dir)/rep.html", "--quiet"])
        try await command.run()

        let html = try String(contentsOfFile: "\(dir)/rep.html", encoding: .utf8)
        let breakdown = try #require(try json("\(dir)/out/breakdown.json") as? [String: Any])
        let miners = try #require(breakdown["miners"] as? [[String: Any]])
        #expect(miners.count == 10)
        #expect((breakdown["passes"] as? [Any])?.count == 3)
        #expect(html.components(separatedBy: "<tr data-miner=").count - 1 == 10)
        for m in miners {
            let hotkey = try #require(m["hotkey"] as? String)
            for (key, field) in [("weighted", "weighted_share"), ("unweighted", "unweighted_share"), ("base_reward", "base_reward"),
                                 ("weighted_reward", "weighted_reward"), ("multiplier", "multiplier"), ("rep_score", "rep_score")] {
                #expect(same(cell(html, "data-miner", hotkey, key: key), (m[field] as? NSNumber)?.doubleValue), "\(hotkey).\(key)")
            }
        }
        // The per-miner means add up to each tier's share in metrics.json.
        let metrics = try #require(try json("\(dir)/out/metrics.json") as? [String: Any])
        let shares = try #require(metrics["tier_shares"] as? [[String: Any]])
        for share in shares {
            let tier = try #require(share["tier"] as? String)
            let sum = miners.filter { $0["tier"] as? String == tier }.reduce(0.0) { $0 + (($1["weighted_share"] as? NSNumber)?.doubleValue ?? 0) }
            let expected = try #require((share["weighted"] as? NSNumber)?.doubleValue)
            #expect(abs(sum - expected) < 1e-9, "tier \(tier): miners sum to \(sum), metrics.json says \(expected)")
            #expect(same(cell(html, "data-tier", tier, key: "weighted"), expected))
        }
        #expect(html.contains("Reputation run: tiny"))
        #expect(html.contains("A tiny reputation run."))
        #expect(html.contains("tier-clamp"))
        #expect(html.contains("expect ok: allocations_lost"))
        #expect(html.contains("round 2: service down"))
    }

    @Test func monteCarloSimulationWritesAReportWithIntervalsAndTheFirstRun() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let command = try SimulateCommand.parse(["--runs", "3", "--epochs", "2", "--seed", "5", "--format", "json",
                                                 "-o", "\(dir)/mc.json", "--report", "\(dir)/mc.html", "--quiet"])
        try await command.run()
        let html = try String(contentsOfFile: "\(dir)/mc.html", encoding: .utf8)
        let doc = try #require(try json("\(dir)/mc.json") as? [String: Any])
        let summary = try #require(doc["summary"] as? [String: Any])
        let miners = try #require(summary["miners"] as? [[String: Any]])
        for m in miners {
            let id = try #require(m["miner_id"] as? String)
            let total = try #require(m["total_tao"] as? [String: Double])
            #expect(same(cell(html, "data-miner", id, key: "mean"), total["mean"]), "\(id)")
            #expect(same(cell(html, "data-miner", id, key: "ci95_high"), total["ci95_high"]), "\(id)")
        }
        #expect(html.contains("Run 1 of 3"))
        #expect(html.contains("every chart and table below is this single run"))
        #expect(html.contains("id=\"leaderboard-table\""))
    }

    @Test func matrixMergeWritesAComparisonReportOfTheMergedShards() async throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try """
            pipeline: simulation
            simulation: {epochs: 2}
            """.write(toFile: "\(dir)/base.yaml", atomically: true, encoding: .utf8)
        try """
            matrix:
              base: base.yaml
              seeds: [1, 2]
              axes:
                simulation.formulas.consensus: [consensus-median, consensus-mean]
            """.write(toFile: "\(dir)/m.yaml", atomically: true, encoding: .utf8)
        for k in 1...2 {
            let run = try MatrixCommand.Run.parse(["\(dir)/m.yaml", "--shard", "\(k)/2", "-o", "\(dir)/shard\(k)", "--quiet"])
            try await run.run()
        }
        let merge = try MatrixCommand.Merge.parse(["\(dir)/shard1", "\(dir)/shard2", "-o", "\(dir)/merged", "--report", "\(dir)/m.html"])
        try await merge.run()
        let html = try String(contentsOfFile: "\(dir)/m.html", encoding: .utf8)
        // One table row per cell, labelled by its settings' values, with both seeds' runs.
        #expect(html.components(separatedBy: "<tr data-cell=").count - 1 == 2)
        #expect(html.contains("<tr data-cell=\"consensus-median\">"))
        #expect(html.contains("<tr data-cell=\"consensus-mean\">"))
        #expect(html.contains("runs: <b>4</b>"))
        #expect(html.contains("id=\"chart-metric-gini\""))
    }
}
