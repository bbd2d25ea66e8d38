import Foundation
import Testing
@testable import Reports

/// The report's on-chain parts (issue 16): the "On chain" section of a simulation report with the
/// dividends-per-stake chart by validator behaviour, and the incentive columns of a reputation report.
struct OnChainReportTests {
    /// A two-epoch simulation document whose validators carry behaviours and chain figures.
    static let json = """
    {"epochs":[
    {"epoch_id":1,"total_emission":100,"miner_pool":41,"validator_pool":41,"avg_cms":0.5,
     "miners":[{"rank":1,"miner_id":"m-001","name":"A","tier":"elite","s_epoch":1,"peb":0.2,"streak":1,"epoch_tao":41,"total_tao":41,"trap_penalty":1,"breakthroughs":0,
                "chain":{"incentive":1,"consensus":1,"trust":1}}],
     "validators":[{"validator_id":"v-001","name":"H","stake":3000,"vas":0.9,"reputation":1,"epoch_tao":30,"total_tao":30,"slashed":0,"profile":"honest",
                    "behaviour":"honest","chain":{"dividends":0.73,"validator_trust":1,"bonds":0.5,"set_weights":true}},
                   {"validator_id":"v-002","name":"C","stake":1000,"vas":0.9,"reputation":1,"epoch_tao":11,"total_tao":11,"slashed":0,"profile":"honest",
                    "behaviour":"weight-copier","chain":{"dividends":0.27,"validator_trust":1,"bonds":0.4,"set_weights":false}}]},
    {"epoch_id":2,"total_emission":100,"miner_pool":41,"validator_pool":41,"avg_cms":0.5,
     "miners":[{"rank":1,"miner_id":"m-001","name":"A","tier":"elite","s_epoch":1,"peb":0.2,"streak":2,"epoch_tao":41,"total_tao":82,"trap_penalty":1,"breakthroughs":0,
                "chain":{"incentive":1,"consensus":1,"trust":1}}],
     "validators":[{"validator_id":"v-001","name":"H","stake":3000,"vas":0.9,"reputation":1,"epoch_tao":30,"total_tao":60,"slashed":0,"profile":"honest",
                    "behaviour":"honest","chain":{"dividends":0.73,"validator_trust":1,"bonds":0.6,"set_weights":true}},
                   {"validator_id":"v-002","name":"C","stake":1000,"vas":0.9,"reputation":1,"epoch_tao":11,"total_tao":22,"slashed":0,"profile":"honest",
                    "behaviour":"weight-copier","chain":{"dividends":0.27,"validator_trust":1,"bonds":0.5,"set_weights":true}}]}
    ]}
    """

    @Test func simulationReportReadsAndShowsTheChain() throws {
        let report = try SimulationReport(json: Self.json, title: "on chain")
        let last = try #require(report.lastEpoch)
        #expect(last.validators[1].behaviour == "weight-copier")
        #expect(last.validators[1].chain?.bonds == 0.5)
        #expect(last.miners[0].chain?.incentive == 1)
        let html = ReportRenderer.html(report)
        #expect(html.contains("id=\"chart-dividends-per-stake\""))
        #expect(html.contains("id=\"chain-validator-table\""))
        #expect(html.contains("data-behaviour=\"weight-copier\""))
        // TAO per stake of the copier: 22 / 1000.
        #expect(html.contains("data-value=\"0.022\""))
    }

    @Test func aReportWithoutAChainHasNoChainSection() throws {
        let report = try SimulationReport(json: fixtureJSON(), title: "seed 42")
        #expect(!ReportRenderer.html(report).contains("id=\"chain\""))
    }

    @Test func reputationReportShowsIncentiveBesideWeight() {
        let tiers = [ReputationReport.TierShare(tier: "Gold", miners: 2, unweighted: 0.4, weighted: 0.5, incentiveUnweighted: 0.41, incentiveWeighted: 0.52),
                     ReputationReport.TierShare(tier: "Watch", miners: 2, unweighted: 0.6, weighted: 0.5, incentiveUnweighted: 0.59, incentiveWeighted: 0.48)]
        let html = ReportRenderer.html(ReputationReport(title: "r", tiers: tiers))
        #expect(html.contains("data-key=\"incentive_weighted\""))
        #expect(html.contains("id=\"chart-incentive-tiers\""))
        let plain = ReportRenderer.html(ReputationReport(title: "r", tiers: tiers.map {
            ReputationReport.TierShare(tier: $0.tier, miners: $0.miners, unweighted: $0.unweighted, weighted: $0.weighted) }))
        #expect(!plain.contains("incentive_weighted"))
    }
}
