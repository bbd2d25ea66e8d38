import Foundation
import Testing
import ScoringCore
@testable import Chain
@testable import ChainPipeline

/// Running replays through a mechanism (a small proportional one, ``ProportionalChain``, whose
/// values are easy to compute by hand): state carried, bonds reset, behaviours, metrics.
struct ReplayRunTests {
    static func replay(_ yaml: String) throws -> ChainReplay {
        try ChainReplayReader.read(node: try ConfigLoader().parse(yaml: yaml, name: "test.yaml"), name: "test")
    }

    static let two = """
        labels: [a, b, s1, s2]
        epochs:
          - stakes: [3, 1, 0, 0]
            weights: {a: {s1: 65535}, b: {s2: 65535}}
          - weights: {a: {s1: 65535}, b: {s2: 65535}}
            reset_bonds: [s1]
        """

    @Test func handComputedEpochsWithCarriedStateAndReset() throws {
        let r = try Self.replay(Self.two)
        let steps = try ChainReplayRunner(replay: r).run(ProportionalChain(alpha: 0.5))
        #expect(steps.count == 2)
        let e0 = steps[0].result
        #expect(e0.incentive == [0, 0, 0.75, 0.25])
        // Bonds 0.5 · w; dividends ∝ bond × incentive: a 0.5·0.75, b 0.5·0.25 → 0.75, 0.25.
        #expect(e0.state.bonds.rows[0] == [.init(column: 2, value: 0.5)])
        #expect(abs(e0.dividends[0] - 0.75) < 1e-15 && abs(e0.dividends[1] - 0.25) < 1e-15)
        // Epoch 1 clears the bond column of s1 first: a's bond is 0.5 again, not 0.5 + 0.5·0.5.
        #expect(steps[1].result.state.bonds.rows[0] == [.init(column: 2, value: 0.5)])
        // b's bond in s2 was not reset: 0.5·1 + 0.5·0.5.
        #expect(steps[1].result.state.bonds.rows[1] == [.init(column: 3, value: 0.75)])
        #expect(steps[1].input.validatorPermits == [true, true, false, false], "permits carry from the previous result")

        let m = ChainReplayMetrics.compute(r, steps: steps)
        #expect(m["epochs"] == 2)
        #expect(m["incentive_sum_ok"] == 1 && m["dividend_sum_ok"] == 1 && m["emission_conserved"] == 1 && m["bonds_in_range"] == 1)
        // Epoch 1: bonds a 0.5 (reset), b 0.75; dividends ∝ bond × incentive: 0.5·0.75 : 0.75·0.25 → a 2/3.
        #expect(abs(steps[1].result.dividends[0] - 2.0 / 3.0) < 1e-12)
        #expect(m["dividend_per_stake.a"] != nil)
        #expect(abs(m["incentive.s1"]! - 1.5) < 1e-12)
        #expect(abs(m["final_incentive.s2"]! - 0.25) < 1e-12)
        #expect(abs(m["final_bonds.b"]! - 0.75) < 1e-12)
    }

    static let behaviours = """
        labels: [a, b, c, d, s1, s2]
        behaviours:
          - {uid: b, shift: 1}
          - {uid: c, copies: consensus}
          - {uid: d, winner_takes_all: true}
        epochs:
          - stakes: [2, 1, 1, 1, 0, 0]
            weights: {a: {s1: 65535}, b: {s1: 65535}, c: {s2: 65535}, d: {s1: 100, s2: 200}}
          - weights: {a: {s2: 65535}, b: {s2: 65535}, c: {s2: 65535}, d: {s1: 300, s2: 300}}
          - weights: {a: {s2: 65535}, b: {s1: 7}, c: {s2: 65535}, d: {s1: 300, s2: 300}}
        """

    @Test func behavioursReadTheMechanismsOwnOutput() throws {
        let r = try Self.replay(Self.behaviours)
        let steps = try ChainReplayRunner(replay: r).run(ProportionalChain(alpha: 0.5))
        // Late by one epoch: b sets in epoch e what it recorded for e − 1 (its own row in epoch 0).
        #expect(steps[0].input.weights.rows[1] == [.init(column: 4, value: 65535)])
        #expect(steps[1].input.weights.rows[1] == [.init(column: 4, value: 65535)])
        #expect(steps[2].input.weights.rows[1] == [.init(column: 5, value: 65535)])
        // The copier sets its recorded row first, then the previous consensus max-upscaled.
        #expect(steps[0].input.weights.rows[2] == [.init(column: 5, value: 65535)])
        let c0 = steps[0].result.consensus
        #expect(c0[4] > c0[5])
        #expect(steps[1].input.weights.rows[2] == ChainReplayReader.upscale(c0))
        #expect(steps[1].input.weights.rows[2].first == .init(column: 4, value: 65535))
        // Winner takes all: the largest weight at 65535, the lower UID on ties, the others explicit zeros.
        #expect(steps[0].input.weights.rows[3] == [.init(column: 4, value: 0), .init(column: 5, value: 65535)])
        #expect(steps[1].input.weights.rows[3] == [.init(column: 4, value: 65535), .init(column: 5, value: 0)])

        let m = ChainReplayMetrics.compute(r, steps: steps)
        #expect(m["copier_relative_dividends"] != nil)
        #expect(m["late_relative_dividends"] != nil)
        #expect(m["wta_relative_dividends"] != nil)
        // The reference is the validators without a behaviour (only a): its own ratio.
        let a = m["dividend_per_stake.a"]!, c = m["dividend_per_stake.c"]!
        #expect(abs(m["copier_relative_dividends"]! - c / a) < 1e-12)
    }

    @Test func refusedInputIsLocatedAtTheEpoch() throws {
        struct Refuses: ChainConsensus {
            static let descriptor = ComponentDescriptor(key: "refuses", kind: .chainConsensus, summary: "refuses epoch 1")
            init(parameters: ParameterValues) throws {}
            init() {}
            func epoch(_ input: ChainEpochInput, state: ChainState) throws -> ChainEpochResult {
                if input.block == 720 { throw ChainInputError(field: "stakes", uid: 1, "no") }
                return try ProportionalChain(alpha: 0.5).epoch(input, state: state)
            }
        }
        let r = try Self.replay(Self.two)
        #expect {
            _ = try ChainReplayRunner(replay: r).run(Refuses(), label: "refuses")
        } throws: { error in
            let e = error as? ConfigError
            return e?.location?.line == 5 && e?.description.contains("'refuses' refused epoch 1: stakes (uid 1): no") == true
        }
    }
}

extension ProportionalChain {
    init(alpha: Double) { self.alpha = alpha }
}
