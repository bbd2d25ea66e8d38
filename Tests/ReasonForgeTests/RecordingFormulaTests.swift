import Testing
import ReasonForge
import ScoringCore
import ScoringTestKit

@Suite struct RecordingFormulaTests {
    @Test func recordsTypedCallsAndForwardsResults() throws {
        let log = FormulaCallLog()
        let consensus = RecordingFormula(TrimmedMeanConsensus(), log: log)
        #expect(consensus.consensus(scores: [0.2, 0.8, 0.5], stakes: [1, 1, 2]) == TrimmedMeanConsensus().consensus(scores: [0.2, 0.8, 0.5], stakes: [1, 1, 2]))
        let asRole: any ConsensusFormula = consensus
        _ = asRole.consensus(scores: [1], stakes: [1])
        #expect(log.calls(to: "consensus").count == 2)
        #expect(log.calls.first?.arguments == "scores: [0.2, 0.8, 0.5], stakes: [1.0, 1.0, 2.0]")
        #expect(type(of: consensus).role == .consensus)
        #expect(type(of: consensus).descriptor.key == "consensus-trimmed-mean")
    }

    @Test func recordsEvaluateAndPassesConformance() throws {
        let log = FormulaCallLog()
        let bonus = RecordingFormula(SqrtExcellenceBonus(), log: log)
        let out = try bonus.evaluate(.map(["rank": .int(1), "streak": .int(1)]))
        #expect(out["peb"]?.doubleValue == 0.2)
        #expect(log.calls(to: "evaluate").count == 1)
        #expect(FormulaConformance(iterations: 20).check(bonus).isEmpty)
        #expect(log.calls.count > 20)
        log.reset()
        #expect(log.calls.isEmpty)
    }
}
