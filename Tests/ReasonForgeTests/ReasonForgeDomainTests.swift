import Testing
import ReasonForge
import ScoringCore

@Suite struct ReasonForgeDomainTests {
    @Test func checkWeightsAreTheSpecsInOrder() {
        let d = ReasonForgeDomains.self
        #expect(d.mathematics.checks == [DomainCheck("proof", weight: 0.60), DomainCheck("steps", weight: 0.25), DomainCheck("numerical", weight: 0.15)])
        #expect(d.code.checks == [DomainCheck("tests", weight: 0.50), DomainCheck("static_analysis", weight: 0.20), DomainCheck("formal", weight: 0.30)])
        #expect(d.scientific.checks == [DomainCheck("simulation", weight: 0.40), DomainCheck("statistics", weight: 0.35), DomainCheck("citations", weight: 0.25)])
        #expect(d.strategic.checks == [DomainCheck("solver", weight: 0.50), DomainCheck("constraints", weight: 0.30), DomainCheck("equilibrium", weight: 0.20)])
        #expect(d.causal.checks == [DomainCheck("docalculus", weight: 0.40), DomainCheck("bootstrap", weight: 0.35), DomainCheck("dag", weight: 0.25)])
        #expect(d.ethical.checks == [DomainCheck("coverage", weight: 0.30), DomainCheck("logic", weight: 0.70)])
    }

    @Test func templateAndTrapCountsMatchTheReference() {
        let order = ReasonForgeDomains.referenceOrder
        #expect(order.map(\.templates.count) == [7, 6, 6, 5, 6, 6])
        #expect(order.map(\.traps.count) == [3, 2, 2, 1, 1, 1])
        #expect(order.map { $0.traps.map(\.groundTruth) } == [[1.0, 0.95, 1.0], [1.0, 0.95], [1.0, 0.95], [0.9], [0.95], [0.9]])
    }

    @Test func everyDomainMeetsTheTaskDomainGuarantees() {
        for d in ReasonForgeDomains.referenceOrder { #expect(d.problems().isEmpty, "\(d.key): \(d.problems())") }
    }

    @Test func textsAreUniqueAcrossDomains() {
        let all = ReasonForgeDomains.referenceOrder.flatMap { $0.templates.map(\.text) + $0.traps.map(\.text) }
        #expect(Set(all).count == all.count)
    }

    @Test func checkResultsTakeDimensionsInReferenceOrder() {
        let dims = DimensionScores(quality: 0.1, accuracy: 0.2, novelty: 0.3, efficiency: 0.4)
        var out: [Double] = []
        ReasonForgeDomains.mathematics.checkResults(for: dims, difficulty: 5, into: &out)
        #expect(out == [0.1, 0.2, 0.3])
        ReasonForgeDomains.ethical.checkResults(for: dims, difficulty: 5, into: &out)
        #expect(out == [0.1, 0.2])
    }
}
