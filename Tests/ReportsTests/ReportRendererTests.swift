import Foundation
import ScoringCore
import Testing
@testable import Reports

/// Loads a fixture: the reference's `/api/simulate` output for seed 42, 5 epochs, emission 100.
func fixtureJSON() throws -> String {
    let url = try #require(Bundle.module.url(forResource: "reference-seed42-e5", withExtension: "json", subdirectory: "Fixtures"))
    return try String(contentsOf: url, encoding: .utf8)
}

/// Every `<tag …>` opening in `html` (a plain scan, enough for the renderer's own output).
func count(_ needle: String, in html: String) -> Int {
    html.components(separatedBy: needle).count - 1
}

/// The `data-value` of the `<td data-key="key" …>` cells in the leaderboard row of `miner`.
func cellValue(_ html: String, miner: String, key: String) -> String? {
    guard let row = html.range(of: "<tr data-miner=\"\(miner)\"") else { return nil }
    let rest = html[row.upperBound...]
    guard let end = rest.range(of: "</tr>") else { return nil }
    let rowText = rest[..<end.lowerBound]
    guard let cell = rowText.range(of: "data-key=\"\(key)\" data-value=\"") else { return nil }
    let after = rowText[cell.upperBound...]
    return after.prefix { $0 != "\"" }.description
}

struct SimulationReportInputTests {
    @Test func readsTheReferenceDocument() throws {
        let report = try SimulationReport(json: fixtureJSON(), title: "seed 42")
        #expect(report.epochs.count == 5)
        #expect(report.epochs.allSatisfy { $0.miners.count == 12 && $0.validators.count == 6 })
        let first = try #require(report.epochs.first)
        #expect(first.id == 1)
        #expect(first.minerPool == 90.0)
        #expect(first.avgCMS == 0.60638)
        #expect(first.miners[0].id == "m-002")
        #expect(first.miners[0].sEpoch == 1.487543)
        #expect(first.validators[0].stake == 5000)
        #expect(report.run.contains(ReportField("epochs", "5")))
    }

    @Test func readsJSONLines() throws {
        let doc = try JSONSerialization.jsonObject(with: Data(fixtureJSON().utf8)) as! [String: Any]
        let epochs = doc["epochs"] as! [[String: Any]]
        var lines = [#"{"type":"manifest","manifest":{"seed":42,"generator":"python-compat","config":{"name":"parity","simulation":{"formulas":{"consensus":{"type":"consensus-median","options":{"trim":0.2}}}}}}}"#]
        for e in epochs {
            var o = e
            o["type"] = "epoch"
            lines.append(String(decoding: try JSONSerialization.data(withJSONObject: o), as: UTF8.self))
        }
        lines.append(#"{"type":"summary","metrics":{}}"#)
        let report = try SimulationReport(json: lines.joined(separator: "\n"))
        #expect(report.epochs.count == 5)
        #expect(report.title == "Simulation report: parity")
        #expect(report.run.contains(ReportField("seed", "42")))
        #expect(report.run.contains(ReportField("generator", "python-compat")))
        #expect(report.formulas == [FormulaInfo(role: "consensus", key: "consensus-median", parameters: [ReportField("trim", "0.2")])])
    }

    @Test func namesTheMissingField() {
        let bad = #"{"epochs":[{"epoch_id":1,"total_emission":100.0,"miner_pool":90.0,"validator_pool":10.0,"avg_cms":0.5,"miners":[{"rank":1}],"validators":[]}]}"#
        #expect(throws: ReportInputError("epochs[0].miners[0].miner_id: expected a string, found nothing")) {
            try SimulationReport(json: bad)
        }
        #expect(throws: ReportInputError.self) { try SimulationReport(json: "not json") }
    }

    @Test func describesFormulasFromTheRegistry() throws {
        var registry = ScoringRegistry()
        try registry.register(ComponentDescriptor(
            key: "consensus-median", kind: .formula, role: .consensus, summary: "stake-weighted median",
            equation: "C = median(s)", reference: "test", parameters: [
                .number("trim", default: 0.1, "share trimmed"), .integer("min_validators", default: 5, "trim from"),
            ])) { _ in 0 }
        let formulas = FormulaInfo.describe([FormulaInfo(role: "consensus", key: "consensus-median", parameters: [ReportField("trim", "0.2")])],
                                            with: registry, defaults: ["slashing": "unknown-slash"])
        #expect(formulas.map(\.role) == ["consensus", "slashing"])
        #expect(formulas[0].equation == "C = median(s)")
        #expect(formulas[0].parameters == [ReportField("trim", "0.2"), ReportField("min_validators", "5")])
        #expect(formulas[1] == FormulaInfo(role: "slashing", key: "unknown-slash"))
    }
}

struct SimulationReportRenderingTests {
    @Test func pageIsSelfContainedAndWellFormed() throws {
        let html = ReportRenderer.html(try SimulationReport(json: fixtureJSON(), title: "seed 42"))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(count("<html", in: html) == 1 && count("</html>", in: html) == 1)
        #expect(count("<svg", in: html) == count("</svg>", in: html))
        #expect(count("<table", in: html) == count("</table>", in: html))
        #expect(count("<tr", in: html) == count("</tr>", in: html))
        #expect(count("<script", in: html) == count("</script>", in: html))
        // No network: no external scripts, stylesheets, images or fonts.
        for needle in ["src=\"http", "href=\"http", "<link", "@import", "url("] { #expect(!html.contains(needle), "found \(needle)") }
        for id in ["chart-tao", "chart-sepoch", "leaderboard-table", "chart-vas", "chart-reputation", "validator-table"] {
            #expect(html.contains("id=\"\(id)\""), "missing #\(id)")
        }
    }

    @Test func oneLeaderboardRowPerMinerWithTheInputNumbers() throws {
        let report = try SimulationReport(json: fixtureJSON())
        let html = ReportRenderer.html(report)
        let last = try #require(report.lastEpoch)
        let table = try #require(html.range(of: "id=\"leaderboard-table\"")).upperBound
        let tableEnd = try #require(html[table...].range(of: "</table>")).lowerBound
        #expect(count("<tr data-miner=", in: String(html[table..<tableEnd])) == 12)
        for m in last.miners {
            #expect(cellValue(html, miner: m.id, key: "total_tao").flatMap(Double.init) == m.totalTao)
            #expect(cellValue(html, miner: m.id, key: "s_epoch").flatMap(Double.init) == m.sEpoch)
            #expect(cellValue(html, miner: m.id, key: "rank").flatMap(Int.init) == m.rank)
            #expect(cellValue(html, miner: m.id, key: "trap_penalty").flatMap(Double.init) == m.trapPenalty)
        }
        // Rows are in rank order.
        let order = html.components(separatedBy: "<tr data-miner=\"").dropFirst().prefix(12).map { $0.prefix { $0 != "\"" } }
        #expect(order.map(String.init) == last.miners.sorted { $0.rank < $1.rank }.map(\.id))
        // One detail card and one TAO bar per miner, one S_epoch line per miner.
        #expect(count("class=\"miner-card\"", in: html) == 12)
        #expect(count("<g class=\"bar\" data-miner=", in: html) == 12)
        #expect(count("<g class=\"series\" data-miner=", in: html) == 12)
    }

    @Test func escapesNamesEverywhere() throws {
        let evil = "<script>alert(\"x\")</script> & 'co'"
        let miner = SimulationReport.Miner(rank: 1, id: "m-\"1\"", name: evil, tier: "elite<b>", sEpoch: 0.5, peb: 0.1, streak: 2,
                                           epochTao: 90, totalTao: 90, trapPenalty: 1, breakthroughs: 0)
        let validator = SimulationReport.Validator(id: "v-1", name: "</title><img src=x>", stake: 100, vas: 0.9, reputation: 1.2,
                                                   epochTao: 10, totalTao: 10, slashed: 0)
        let report = SimulationReport(title: "T <i>", summary: "a & b", run: [ReportField("seed", "<1>")],
                                      epochs: [.init(id: 1, totalEmission: 100, minerPool: 90, validatorPool: 10, tasksProcessed: 12,
                                                     trapsInjected: 1, breakthroughs: 0, avgCMS: 0.5, miners: [miner], validators: [validator])],
                                      formulas: [FormulaInfo(role: "consensus", key: "k", equation: "a < b && c > d")])
        let html = ReportRenderer.html(report)
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<img"))
        #expect(!html.contains("<i>"))
        #expect(!html.contains("elite<b>"))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;"))
        #expect(html.contains("data-miner=\"m-&quot;1&quot;\""))
        #expect(html.contains("a &lt; b &amp;&amp; c &gt; d"))
        #expect(count("<script", in: html) == 1)
    }

    @Test func emptyRunStillRenders() {
        let html = ReportRenderer.html(SimulationReport(title: "empty", epochs: []))
        #expect(html.contains("produced no epochs"))
        #expect(html.hasSuffix("</html>\n"))
    }

    @Test func thresholdsComeFromTheFormulaParameters() {
        let t = ReportRenderer.Thresholds([
            FormulaInfo(role: "slashing", key: "s", parameters: [ReportField("threshold", "0.5")]),
            FormulaInfo(role: "reputation-multiplier", key: "r", parameters: [ReportField("threshold", "0.7"), ReportField("cap", "2")]),
        ])
        #expect(t.slash == 0.5 && t.reputation == 0.7 && t.reputationCap == 2)
    }
}

struct OtherReportTests {
    @Test func reputationReportShowsEachTierWeightedAndUnweighted() {
        let report = ReputationReport(
            title: "Reputation", run: [ReportField("rounds", "3")],
            tiers: [.init(tier: "Trusted", miners: 4, unweighted: 0.4, weighted: 0.55),
                    .init(tier: "Neutral", miners: 4, unweighted: 0.4, weighted: 0.35),
                    .init(tier: "Suspect & co", miners: 2, unweighted: 0.2, weighted: 0.1)],
            miners: [.init(id: "m1", tier: "Trusted", unweighted: 0.1, weighted: 0.15)],
            rounds: [.init(round: 1, weighted: ["Trusted": 0.5, "Neutral": 0.4]), .init(round: 2, weighted: ["Trusted": 0.55], note: "outage")],
            notes: ["service down in round 2"])
        let html = ReportRenderer.html(report)
        #expect(count("<tr data-tier=", in: html) == 3)
        #expect(count("<g class=\"pair\"", in: html) == 3)
        #expect(html.contains("data-key=\"weighted\" data-value=\"0.55\""))
        #expect(html.contains("data-key=\"unweighted\" data-value=\"0.4\""))
        #expect(html.contains("Suspect &amp; co"))
        #expect(html.contains("round 2: outage"))
        #expect(count("<svg", in: html) == count("</svg>", in: html))
    }

    @Test func matrixReportComparesCellsWithIntervals() {
        let report = MatrixReport(
            title: "Matrix", metrics: ["gini", "top share"], intervalNote: "95 % CI over 4 seeds",
            cells: [.init(label: "median", settings: [ReportField("consensus", "median")],
                          metrics: ["gini": .init(mean: 0.3, low: 0.25, high: 0.35, samples: 4), "top share": .init(mean: 0.2, low: 0.1, high: 0.3, samples: 4)]),
                    .init(label: "mean", settings: [ReportField("consensus", "mean")],
                          metrics: ["gini": .init(mean: 0.4, low: 0.38, high: 0.42, samples: 4)])])
        let html = ReportRenderer.html(report)
        #expect(count("<g class=\"interval\"", in: html) == 3)
        #expect(count("<tr data-cell=", in: html) == 2)
        #expect(html.contains("id=\"chart-metric-gini\""))
        #expect(html.contains("data-key=\"gini\" data-value=\"0.4\""))
    }
}

struct DashboardTests {
    @Test func pageHasLabelledControlsAndTheStream() {
        let html = Dashboard.html(configs: ["reasonforge/default", "a\"b"], defaultConfig: "reasonforge/default")
        for id in ["config", "emission", "seed"] { #expect(html.contains("<label for=\"\(id)\">")) }
        for id in ["run-one", "auto-run", "reset", "leaderboard-table", "plot-tao", "plot-sepoch", "plot-vas"] {
            #expect(html.contains("id=\"\(id)\""))
        }
        #expect(html.contains("\"/api/simulate/stream\""))
        #expect(html.contains("<option value=\"reasonforge/default\" selected>"))
        #expect(html.contains("<option value=\"a&quot;b\">"))
        #expect(count("<script", in: html) == 1)
        #expect(!html.contains("src=\"http"))
    }

    @Test func streamPathIsAScriptSafeLiteral() {
        #expect(Dashboard.jsString("/x\"</script>") == "\"/x\\\"\\u003c/script>\"")
    }
}

struct ChartTests {
    @Test(arguments: [(0.0, 1.0), (0.0, 97.3), (0.61, 0.93), (-5.0, 5.0), (1.0, 1.52)])
    func ticksCoverTheRangeInRoundSteps(low: Double, high: Double) {
        let t = SVGChart.ticks(low, high)
        #expect(t.count >= 3 && t.count <= 12)
        #expect(t.allSatisfy { $0 >= low - 1e-9 && $0 <= high + 1e-9 })
        let steps = Set(zip(t, t.dropFirst()).map { (($1 - $0) * 1e9).rounded() })
        #expect(steps.count == 1)
    }

    @Test func longSeriesAreThinnedKeepingTheLastPoint() {
        let points = (1...1000).map { (Double($0), Double($0)) }
        let thin = SVGChart.thin(points, 100)
        #expect(thin.count <= 101)
        #expect(thin.last?.0 == 1000)
    }

    @Test func escapingAndNumbers() {
        #expect(HTML.escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
        #expect(HTML.fixed(-0.00001, 3) == "0.000")
        #expect(HTML.fixed(.nan, 2) == "–")
        #expect(HTML.exact(5e-06) == "5e-06")
        #expect(HTML.slug("m-001 ü") == "m-001--")
    }
}
