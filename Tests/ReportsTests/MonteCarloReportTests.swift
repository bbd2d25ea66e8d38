import Foundation
import Testing
@testable import Reports

/// `scoring simulate --runs 3 --epochs 3 --seed 42 --format json` (git commit and wall time removed).
private func monteCarloJSON() throws -> String {
    let url = try #require(Bundle.module.url(forResource: "montecarlo-seed42-r3-e3", withExtension: "json", subdirectory: "Fixtures"))
    return try String(contentsOf: url, encoding: .utf8)
}

/// The fixture decoded, to compare the page with.
private func fixtureSummary() throws -> (miners: [[String: Any]], metrics: [String: [String: Double]]) {
    let doc = try #require(try JSONSerialization.jsonObject(with: Data(monteCarloJSON().utf8)) as? [String: Any])
    let summary = try #require(doc["summary"] as? [String: Any])
    let miners = try #require(summary["miners"] as? [[String: Any]])
    let metrics = try #require(summary["metrics"] as? [String: [String: Double]])
    return (miners, metrics)
}

/// The `data-value` of the cell `key` in the first row whose opening tag has `attribute="value"`.
private func cell(_ html: String, row attribute: String, _ value: String, key: String) -> String? {
    guard let start = html.range(of: "<tr \(attribute)=\"\(value)\"") else { return nil }
    let rest = html[start.upperBound...]
    guard let end = rest.range(of: "</tr>") else { return nil }
    let rowText = rest[..<end.lowerBound]
    guard let c = rowText.range(of: "data-key=\"\(key)\" data-value=\"") else { return nil }
    return String(rowText[c.upperBound...].prefix { $0 != "\"" })
}

struct MonteCarloReportTests {
    @Test func readsTheSummaryRunsAndManifest() throws {
        let report = try MonteCarloReport(json: monteCarloJSON())
        #expect(report.runs.count == 3)
        #expect(report.runs.map(\.index) == [0, 1, 2])
        #expect(report.miners.count == 12)
        #expect(report.metricNames.first == "gini")
        #expect(report.metricNames.count == 6)
        let (miners, metrics) = try fixtureSummary()
        let m0 = try #require(report.miners.first)
        let total = try #require(miners[0]["total_tao"] as? [String: Double])
        #expect(m0.id == miners[0]["miner_id"] as? String)
        #expect(m0.totalTao.mean == total["mean"])
        #expect(m0.totalTao.low == total["ci95_low"])
        #expect(report.metrics["gini"]?.high == metrics["gini"]?["ci95_high"])
        #expect(report.run.contains(ReportField("runs", "3")))
        #expect(report.run.contains(ReportField("master seed", "42")))
    }

    @Test func pageHasOneRowAndOneWhiskerBarPerMinerWithTheJSONNumbers() throws {
        let html = ReportRenderer.html(try MonteCarloReport(json: monteCarloJSON(), title: "MC"))
        let (miners, metrics) = try fixtureSummary()
        #expect(count("<g class=\"bar\"", in: html) == miners.count)
        #expect(count("<svg class=\"chart strip\"", in: html) == metrics.count)
        for m in miners {
            let id = try #require(m["miner_id"] as? String)
            let t = try #require(m["total_tao"] as? [String: Double])
            for (key, field) in [("mean", "mean"), ("sd", "std_dev"), ("ci95_low", "ci95_low"), ("ci95_high", "ci95_high")] {
                let shown = try #require(cell(html, row: "data-miner", id, key: key), "no \(key) cell for \(id)")
                #expect(Double(shown) == t[field], "\(id).\(key)")
            }
        }
        for (name, s) in metrics {
            #expect(cell(html, row: "data-metric", name, key: "mean").flatMap(Double.init) == s["mean"], "\(name)")
        }
        #expect(count("<tr data-run=", in: html) == 3)
        #expect(count("<svg", in: html) == count("</svg>", in: html))
        #expect(html.contains("95 % interval"))
        // Without a first run, the page says so instead of drawing an empty section.
        #expect(html.contains("made from the Monte Carlo summary alone"))
        #expect(!html.contains("id=\"leaderboard-table\""))
    }

    @Test func firstRunIsShownInDetailWhenGiven() throws {
        var report = try MonteCarloReport(json: monteCarloJSON())
        report.firstRun = try SimulationReport(json: fixtureJSON())
        report.firstRunNote = "Run 1 of 3"
        let html = ReportRenderer.html(report)
        #expect(html.contains("id=\"leaderboard-table\""))
        #expect(html.contains("id=\"chart-sepoch\""))
        #expect(html.contains("Run 1 of 3"))
        // The run's TAO bars come on top of the mean bars: 12 + 12.
        #expect(count("<g class=\"bar\"", in: html) == 24)
    }

    @Test func refusesASingleRunDocumentNamingWhatIsMissing() throws {
        let error = #expect(throws: ReportInputError.self) { try MonteCarloReport(json: try fixtureJSON()) }
        #expect(error?.description.contains("$.summary") == true)
        #expect(throws: ReportInputError.self) { try MonteCarloReport(json: #"{"runs": [], "summary": {"metrics": {"gini": {"mean": 1}}, "miners": []}}"#) }
    }

    @Test func whiskerBarsSpanTheInterval() {
        let svg = SVGChart.whiskerBars([.init(label: "a", mean: 10, low: 8, high: 12, color: "#000", title: "a"),
                                        .init(label: "b", mean: 5, low: 5, high: 5, color: "#000", title: "b")],
                                       label: "test")
        #expect(count("<g class=\"bar\"", in: svg) == 2)
        #expect(count("class=\"whisker\"", in: svg) == 6)
        #expect(svg.contains(">10 ± 2<"))
    }
}
