import Testing
@testable import Simulation

struct TierRankCorrelationTests {
    @Test func handCalculatedValues() {
        #expect(SimulationMetrics.spearmanCorrelation([1, 2, 3, 4], [10, 20, 30, 40]) == 1)
        #expect(SimulationMetrics.spearmanCorrelation([1, 2, 3, 4], [40, 30, 20, 10]) == -1)
        // Ties share average ranks: x ranks (1.5, 1.5, 3), y ranks (1, 2, 3) → r = 1.5/√(1.5·2) = √3/2.
        #expect(abs(SimulationMetrics.spearmanCorrelation([1, 1, 2], [5, 6, 7]) - 3.0.squareRoot() / 2) < 1e-12)
        #expect(SimulationMetrics.spearmanCorrelation([3, 3, 3], [1, 2, 3]) == 0)
        #expect(SimulationMetrics.spearmanCorrelation([1], [1]) == 0)
        #expect(SimulationMetrics.averageRanks([0.5, 0.1, 0.5, 0.9]) == [2.5, 1, 2.5, 4])
    }
}
