import Testing
@testable import Simulation

struct MonteCarloTests {
    @Test func resultsDoNotDependOnParallelism() async throws {
        let settings = try TestSupport.settings("  epochs: 4\n  runs: 6\n")
        let one = try await MonteCarlo.run(settings, runs: 6, parallelism: 1)
        let many = try await MonteCarlo.run(settings, runs: 6, parallelism: 4)
        #expect(one.runs.map(\.minerTotals) == many.runs.map(\.minerTotals))
        #expect(one.runs.map(\.metrics) == many.runs.map(\.metrics))
        // Different runs use different seeds.
        #expect(Set(one.runs.map(\.seeds.seed)).count == 1)  // streams: same master seed, run index differs
        #expect(one.runs[0].minerTotals != one.runs[1].minerTotals)
        // Run 0 equals a single run.
        let single = try SimulationRunner.run(settings)
        #expect(one.runs[0].minerTotals == single.minerTotals)
    }

    @Test func summaryStatisticsByHand() {
        let s = SummaryStatistic([1, 2, 3, 4])
        #expect(s.mean == 2.5)
        let sd: Double = (5.0 / 3.0).squareRoot()
        let upper: Double = 2.5 + 1.96 * sd / 2
        #expect(abs(s.standardDeviation - sd) < 1e-15)
        #expect(abs(s.upper95 - upper) < 1e-12)
        #expect(SimulationMetrics.gini([1, 1, 1, 1]) == 0)
        #expect(abs(SimulationMetrics.gini([0, 0, 0, 4]) - 0.75) < 1e-15)
        #expect(SimulationMetrics.spearman([1, 2, 3], [1, 2, 3]) == 1)
        #expect(SimulationMetrics.spearman([1, 2, 3], [3, 2, 1]) == -1)
    }

    @Test func metricsAreReadableByName() async throws {
        let settings = try TestSupport.settings("  epochs: 3\n  runs: 3\n  miners: {tiers: {elite: 3, adversarial: 3}, copycats: 1}\n")
        let result = try await MonteCarlo.run(settings, runs: 3)
        for name in SimulationMetrics.names { #expect(result.values(of: name)?.count == 3) }
        #expect(result.values(of: "nonsense") == nil)
        let share = try #require(result.values(of: "adversarial_share"))
        #expect(share.allSatisfy { $0 > 0 && $0 < 0.5 })
    }
}
