import Foundation
import Testing
@testable import Reports

struct ReputationReportTests {
    private func report() -> ReputationReport {
        ReputationReport(
            title: "Reputation", tiers: [.init(tier: "Gold", miners: 1, unweighted: 0.4, weighted: 0.5),
                                         .init(tier: "Watch", miners: 1, unweighted: 0.6, weighted: 0.5)],
            miners: [
                .init(id: "5GoldHotkeyAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA1", tier: "Gold", unweighted: 0.4, weighted: 0.5, uid: 0,
                      factors: .init(repScore: 1.3, scoreFactor: 1.2, tierFactor: 1.1, multiplier: 1.32, baseReward: 0.6, weightedReward: 0.792)),
                .init(id: "5WatchHotkeyBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB2", tier: "Watch", unweighted: 0.6, weighted: 0.5, uid: 1,
                      factors: .init(repScore: 0.7, scoreFactor: 0.8, tierFactor: 0.9, multiplier: 0.72, baseReward: 0.9, weightedReward: 0.648)),
            ],
            formulas: [FormulaInfo(role: "policy", key: "tier-clamp", parameters: [ReportField("score_min", "0.8")])],
            minersNote: "means over 6 weighings")
    }

    @Test func everyMinerRowCarriesTheFactorsAndBothRewards() {
        let html = ReportRenderer.html(report())
        #expect(count("<tr data-miner=", in: html) == 2)
        let gold = "5GoldHotkeyAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA1"
        #expect(cellValue(html, miner: gold, key: "score_factor") == "1.2")
        #expect(cellValue(html, miner: gold, key: "tier_factor") == "1.1")
        #expect(cellValue(html, miner: gold, key: "multiplier") == "1.32")
        #expect(cellValue(html, miner: gold, key: "base_reward") == "0.6")
        #expect(cellValue(html, miner: gold, key: "weighted_reward") == "0.792")
        #expect(cellValue(html, miner: gold, key: "ratio") == "1.25")
        // Long hotkeys are shortened in the cell, kept whole in the title and data-miner.
        #expect(html.contains(">5GoldH…AAA1<"))
        #expect(html.contains("title=\"\(gold)\""))
        #expect(html.contains("means over 6 weighings"))
        #expect(html.contains("data-role=\"policy\""))
        #expect(count("<circle class=\"point\" data-miner=", in: html) == 2)
        // Heaviest weight first; equal weights by uid.
        let first = html.range(of: "<tr data-miner=\"5Gold")!.lowerBound
        let second = html.range(of: "<tr data-miner=\"5Watch")!.lowerBound
        #expect(first < second)
    }

    @Test func minersWithoutFactorsGetTheShareColumnsOnly() {
        let plain = ReputationReport(title: "r", tiers: [], miners: [.init(id: "m1", tier: "Gold", unweighted: 0.2, weighted: 0.3)])
        let html = ReportRenderer.html(plain)
        #expect(!html.contains("data-key=\"multiplier\""))
        #expect(cellValue(html, miner: "m1", key: "weighted") == "0.3")
    }
}
