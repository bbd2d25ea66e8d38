import Foundation
import ReasonForge
import ScoringCore
import Testing
@testable import Simulation

struct SimulationBehaviourTests {
    @Test("same config and seed give byte-identical output apart from time fields", arguments: [OutputFormat.json, .jsonl, .csv, .table])
    func deterministicOutput(_ format: OutputFormat) async throws {
        let pipeline = try TestSupport.pipeline("configs/reasonforge/copycats.yaml", ["simulation.epochs=6"])
        let a = try await TestSupport.render(pipeline, format)
        let b = try await TestSupport.render(pipeline, format)
        func stripWallTime(_ s: String) -> String {
            s.replacingOccurrences(of: #""wall_time_seconds":[0-9.e-]+"#, with: "", options: .regularExpression)
        }
        #expect(stripWallTime(a) == stripWallTime(b))
        #expect(!a.isEmpty)
        let other = try await TestSupport.render(try TestSupport.pipeline("configs/reasonforge/copycats.yaml",
                                                                          ["simulation.epochs=6", "simulation.seed=6"]), format)
        #expect(stripWallTime(other) != stripWallTime(a))
    }

    @Test func everyEpochConservesEmissionAndRanksArePermutations() throws {
        let settings = try TestSupport.settings("  epochs: 15\n  emission: 250.5\n  seed: 3\n")
        var epochs = 0
        _ = try SimulationRunner.run(settings) { report in
            epochs += 1
            let miners = report.miners.reduce(0) { $0 + $1.epochTao }
            let validators = report.validators.reduce(0) { $0 + $1.epochTao }
            // 18 rewards each rounded to 6 decimals: within 18 · 5e-7.
            let deviation: Double = abs(miners + validators - 250.5)
            #expect(deviation <= 9.1e-6)
            #expect(Set(report.miners.map(\.rank)) == Set(1...12))
            #expect(Set(report.miners.map(\.miner)) == Set(0..<12))
            #expect(report.miners.allSatisfy { $0.epochTao >= 0 && $0.epochTao.isFinite })
            #expect(zip(report.miners, report.miners.dropFirst()).allSatisfy { $0.sEpoch >= $1.sEpoch })
        }
        #expect(epochs == 15)
    }

    @Test func pythonCompatWithReferenceSeedingMatchesTheFirstFixtureEpoch() throws {
        // Hand-checked against seed7_e1_em100.json: m-002 ranks first with S_epoch 1.291264.
        let settings = try TestSupport.settings("  epochs: 1\n  seed: 7\n  generator: python-compat\n")
        let run = try SimulationRunner.run(settings)
        let top = run.finalReport.miners[0]
        #expect(settings.roster.miners[top.miner].id == "m-002")
        #expect(abs(PythonRounding.round6(top.sEpoch) - 1.291264) < 1e-12)
        #expect(top.epochTao == 12.342993)
        #expect(run.finalReport.breakthroughs == 5)
    }

    @Test func trimmedMeanKernelMatchesTheRegisteredFormula() throws {
        let formula = try TestSupport.registry().makeFormula("consensus-trimmed-mean", as: (any ConsensusFormula).self)
        var rng = Xoshiro256(seed: 99)
        var order = [Int](repeating: 0, count: 32)
        for trial in 0..<5_000 {
            let n = 1 + trial % 12
            var scores = (0..<n).map { _ in rng.random() }
            if trial % 7 == 0, n > 1 { scores[1] = scores[0] }  // ties
            let stakes = (0..<n).map { _ in trial % 11 == 0 ? 0 : Double(rng.randbelow(5000)) }
            let fast = order.withUnsafeMutableBufferPointer { o in
                TrimmedMeanKernel.consensus(scores: scores, stakes: stakes, count: n, order: o.baseAddress!)
            }
            let slow = formula.consensus(scores: scores, stakes: stakes)
            #expect(fast.bitPattern == slow.bitPattern, "n=\(n) scores=\(scores) stakes=\(stakes)")
        }
    }

    /// The three-validator path with tabulated weights gives the formula's consensus bit for bit,
    /// including ties, zero stakes and an all-zero stake total.
    @Test func tabulatedThreeValidatorConsensusMatchesTheRegisteredFormula() throws {
        let formula = try TestSupport.registry().makeFormula("consensus-trimmed-mean", as: (any ConsensusFormula).self)
        var rng = Xoshiro256(seed: 7)
        for trial in 0..<20_000 {
            var scores = (0..<3).map { _ in trial % 5 == 0 ? Double(rng.randbelow(3)) / 2 : rng.random() }
            if trial % 7 == 0 { scores[2] = scores[0] }
            let stakes = (0..<3).map { i in trial % 13 == 0 || (trial % 3 == 0 && i == 1) ? 0 : Double(rng.randbelow(5000)) }
            let w = TrimmedMeanKernel.weights3(stakes[0], stakes[1], stakes[2])
            let weights = [w.0, w.1, w.2]
            let fast = TrimmedMeanKernel.consensus3(scores: scores, weights: weights)
            let slow = formula.consensus(scores: scores, stakes: stakes)
            #expect(fast.bitPattern == slow.bitPattern, "scores=\(scores) stakes=\(stakes)")
        }
    }

    @Test func rostersFromTierCountsAndExplicitLists() throws {
        let counted = try TestSupport.settings("""
              miners:
                tiers: {elite: 2, weak: 3}
                copycats: 2
              validators:
                profiles: {honest: 2, malicious: 1}
                stakes: [100, 300]
            """)
        #expect(counted.roster.miners.map(\.tier) == ["elite", "elite", "weak", "weak", "weak", "adversarial", "adversarial"])
        #expect(counted.roster.miners.filter(\.behaviour.isCopycat).count == 2)
        #expect(counted.roster.validators.map(\.stake) == [300, 200, 100])
        #expect(counted.roster.validators.map(\.profileName) == ["honest", "honest", "malicious"])
        let listed = try TestSupport.settings("""
              miners:
                - {name: Alice, tier: elite}
                - {name: Bob, tier: mid, behaviour: copycat, target: m-001, noise: 0}
              validators:
                - {name: V, stake: 10, profile: good}
            """)
        #expect(listed.roster.miners.map(\.name) == ["Alice", "Bob"])
        #expect(listed.roster.miners[1].behaviour == .copycat(target: .miner("m-001"), noise: 0))
        #expect(listed.assignedValidators == 1)
    }

    @Test func configErrorsAreLocatedAndListChoices() throws {
        #expect(throws: ConfigError.self) { try TestSupport.settings("  generator: mersenne\n") }
        do {
            _ = try TestSupport.settings("  formulas:\n    consensus: consensus-mediann\n")
            Issue.record("an unknown formula key was accepted")
        } catch let error as ConfigError {
            #expect(error.kind == .unknownComponent)
            #expect(error.suggestion == "consensus-median")
            #expect(error.location?.line == 4)
        }
        do {
            _ = try TestSupport.settings("  miners:\n    tiers: {genius: 3}\n")
            Issue.record("an unknown tier was accepted")
        } catch let error as ConfigError {
            #expect(error.choices.contains("elite"))
        }
        #expect(throws: ConfigError.self) { try TestSupport.settings("  epochz: 3\n") }
    }

    @Test func formulaAlternativesChangeResults() throws {
        let base = try SimulationRunner.run(try TestSupport.settings("  epochs: 5\n"))
        let median = try SimulationRunner.run(try TestSupport.settings("  epochs: 5\n  formulas:\n    consensus: consensus-median\n    miner-emission: {type: miner-emission-softmax}\n"))
        #expect(base.minerTotals != median.minerTotals)
        let paid: Double = median.minerTotals.reduce(0, +)
        let expected: Double = 450
        #expect(abs(paid - expected) < 1e-3)
    }

    @Test func domainMixWeightsAndListsAreHonoured() throws {
        let settings = try TestSupport.settings("  epochs: 2\n  trap_rate: 0\n  domains: {code: 1}\n")
        #expect(settings.domains.keys == ["code"])
        #expect(settings.trapsPerEpoch == 0)
        let run = try SimulationRunner.run(settings)
        #expect(run.finalReport.trapsInjected == 0)
        #expect(run.finalReport.tasksProcessed == 12)
    }
}

struct DefaultCheckMappingTests {
    @Test func domainsTheLoopFillsItselfReallyUseTheDefaultMapping() throws {
        let registry = try TestSupport.registry()
        var rng = Xoshiro256(seed: 5)
        for key in registry.domainKeys {
            let domain = try registry.make(.domain, key, as: (any TaskDomain).self)
            guard EpochEngine<Xoshiro256>.usesDefaultChecks(domain) else { continue }
            for _ in 0..<50 {
                let d = DimensionScores(quality: rng.random(), accuracy: rng.random(), novelty: rng.random(), efficiency: rng.random())
                var viaDomain: [Double] = []
                domain.checkResults(for: d, difficulty: 2 + rng.randbelow(8), into: &viaDomain)
                #expect(viaDomain == (0..<domain.checks.count).map { d[$0] }, "domain \(key)")
            }
        }
    }
}
