import Foundation
import Testing
@testable import Reports
import ScoringCore

struct MeasuredDimensionsTests {
    /// Two epochs of one miner: measured dimensions in epoch 1, none submitted (all zero) in epoch 2.
    private let json = """
        {"epochs": [
          {"epoch_id": 1, "total_emission": 100, "miner_pool": 90, "validator_pool": 10, "avg_cms": 0.5,
           "miners": [{"rank": 1, "miner_id": "m-1", "name": "A", "s_epoch": 1, "peb": 0, "streak": 0, "epoch_tao": 90,
                       "total_tao": 90, "trap_penalty": 1, "breakthroughs": 0,
                       "dimensions": {"quality": 0.8, "accuracy": 0.6, "novelty": 0.4, "efficiency": 0.2}},
                      {"rank": 2, "miner_id": "m-2", "name": "B", "s_epoch": 0, "peb": 0, "streak": 0, "epoch_tao": 0,
                       "total_tao": 0, "trap_penalty": 1, "breakthroughs": 0}],
           "validators": []},
          {"epoch_id": 2, "total_emission": 100, "miner_pool": 90, "validator_pool": 10, "avg_cms": 0.5,
           "miners": [{"rank": 1, "miner_id": "m-1", "name": "A", "s_epoch": 0, "peb": 0, "streak": 0, "epoch_tao": 0,
                       "total_tao": 90, "trap_penalty": 1, "breakthroughs": 0,
                       "dimensions": {"quality": 0, "accuracy": 0, "novelty": 0, "efficiency": 0}},
                      {"rank": 2, "miner_id": "m-2", "name": "B", "s_epoch": 0, "peb": 0, "streak": 0, "epoch_tao": 0,
                       "total_tao": 0, "trap_penalty": 1, "breakthroughs": 0}],
           "validators": []}
        ]}
        """

    @Test func meansSkipEpochsWithoutSubmissionsAndMinersWithoutMeasurements() throws {
        let report = try SimulationReport(json: json)
        #expect(report.epochs[0].miners[0].dimensions == DimensionProfile(quality: 0.8, accuracy: 0.6, novelty: 0.4, efficiency: 0.2))
        #expect(report.epochs[0].miners[1].dimensions == nil)
        let means = report.measuredDimensionMeans
        #expect(means.keys.sorted() == ["m-1"])
        #expect(means["m-1"] == DimensionProfile(quality: 0.8, accuracy: 0.6, novelty: 0.4, efficiency: 0.2))
    }

    @Test func detailCardShowsTheMeansWithTheBaselineAsAMarker() throws {
        var report = try SimulationReport(json: json)
        report.dimensions = report.measuredDimensionMeans
        report.dimensionBaselines = ["m-1": DimensionProfile(quality: 0.9, accuracy: 0.5, novelty: 0.5, efficiency: 0.5)]
        report.dimensionsNote = "measured in this run"
        let html = ReportRenderer.html(report)
        #expect(html.contains("data-dimension=\"quality\" data-value=\"0.8\""))
        #expect(html.contains("title=\"tier base 0.90\""))
        #expect(count("class=\"base\"", in: html) == 4)
        #expect(html.contains("measured in this run"))
        #expect(html.contains("marks the tier&#39;s base score") || html.contains("marks the tier's base score"))
    }

    @Test func cmsOfTheMeansIsShownOnlyForTheLinearCompositeScore() throws {
        var report = try SimulationReport(json: json)
        report.dimensions = report.measuredDimensionMeans
        let weights = [ReportField("quality", "0.4"), ReportField("accuracy", "0.3"), ReportField("novelty", "0.2"), ReportField("efficiency", "0.1")]
        report.formulas = [FormulaInfo(role: "composite-score", key: "cms-weighted", parameters: weights)]
        let html = ReportRenderer.html(report)
        // 0.4·0.8 + 0.3·0.6 + 0.2·0.4 + 0.1·0.2 = 0.6
        let shown = try #require(html.range(of: "<p class=\"cms\" data-value=\"").map { html[$0.upperBound...].prefix { $0 != "\"" } })
        #expect(abs((Double(String(shown)) ?? 0) - 0.6) < 1e-12)
        #expect(html.contains("= <b>0.600</b>"))
        report.formulas = [FormulaInfo(role: "composite-score", key: "cms-geometric", parameters: weights)]
        #expect(!ReportRenderer.html(report).contains("class=\"cms\""))
    }

    @Test func aMistypedDimensionsObjectIsNamed() {
        let bad = json.replacingOccurrences(of: "\"quality\": 0.8", with: "\"quality\": \"high\"")
        let error = #expect(throws: ReportInputError.self) { try SimulationReport(json: bad) }
        #expect(error?.description.contains("epochs[0].miners[0].dimensions.quality") == true)
    }
}

struct DashboardDetailTests {
    @Test func dashboardHasAMinerDetailPanelFedByTheStreamedDimensions() {
        let html = Dashboard.html(configs: ["reasonforge/default"])
        #expect(html.contains("id=\"miner-detail\""))
        #expect(html.contains("id=\"miner-detail-note\""))
        // The panel averages the streamed `dimensions` objects and says so when there are none.
        #expect(html.contains("x.dimensions"))
        #expect(html.contains("reports no per-miner dimensions"))
    }
}
