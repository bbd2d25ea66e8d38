import Chain
import Foundation
import ReasonForge
import ScoringCore
import ScoringTestKit
import Testing
@testable import Simulation

/// The simulation on chain (issue 16): validators set weights from their own scores, the chain
/// splits the TAO; `chain: none` changes nothing.
@Suite struct OnChainTests {
    static func registry() throws -> ScoringRegistry {
        try ScoringRegistry(modules: [ReasonForgeModule(), SimulationModule(), ChainModule()])
    }

    static func settings(_ yaml: String) throws -> SimulationSettings {
        let node = try ConfigLoader().parse(yaml: "pipeline: simulation\nsimulation:\n" + yaml, name: "inline")
        let loaded = try ScoringConfig.load(node: node, path: "inline.yaml", registry: try registry())
        guard let p = loaded.pipeline as? SimulationPipeline else { throw TestFailure("not a simulation pipeline") }
        return p.settings
    }

    static func pipeline(_ relative: String, _ overrides: [String] = []) throws -> SimulationPipeline {
        let loaded = try ScoringConfig.load(file: TestSupport.config(relative), overrides: overrides, registry: try registry())
        guard let p = loaded.pipeline as? SimulationPipeline else { throw TestFailure("not a simulation pipeline") }
        return p
    }

    /// One validator, all the stake, no noise and no bias, scoring every submission: the chain's
    /// consensus is its weights, so each miner's incentive is the validator's stored u16 weight over
    /// the row's sum — in float and in subtensor's fixed point.
    @Test(arguments: ["float", "fixed"])
    func oneHonestValidatorGetsItsWeightsAsIncentive(_ arithmetic: String) throws {
        let settings = try Self.settings("""
              epochs: 6
              seed: 4
              validators_per_task: 1
              validator_profiles: {type: reasonforge, options: {profiles: {exact: {noise: 0, bias: 0}}}}
              validators:
                - {id: v-001, stake: 1000, profile: exact}
              chain:
                mechanism: {type: yuma, options: {arithmetic: \(arithmetic), yuma3: true}}
                tempo: 1
            """)
        let engine = EpochEngine<Xoshiro256>(settings: settings, plan: SeedPlan(scheme: settings.seeding, seed: settings.seed, run: 0))
        let miners = settings.roster.miners.count
        for epoch in 1...settings.epochs {
            let report = try engine.runEpoch(epoch)
            let stage = try #require(engine.chainStage)
            let row = stage.weights.rows[miners]
            #expect(!row.isEmpty)
            let total = Double(row.reduce(0) { $0 + Int($1.value) })
            var expected = [Double](repeating: 0, count: miners)
            for e in row { expected[e.column] = Double(e.value) / total }
            let incentive = try #require(stage.last).incentive
            for j in 0..<miners {
                #expect(abs(incentive[j] - expected[j]) <= (arithmetic == "fixed" ? 1e-6 : 1e-12),
                        "epoch \(epoch) miner \(j): incentive \(incentive[j]), weight \(expected[j])")
            }
            // Everything the chain distributed (the emission less the owner's 18 %) is paid out.
            let paid = report.miners.reduce(0) { $0 + $1.epochTao } + report.validators.reduce(0) { $0 + $1.epochTao }
            #expect(abs(paid - 100 * (1 - 0.18)) < 1e-4)
        }
    }

    /// `chain: none` is the default: same resolved config, same digest, no chain fields.
    @Test func chainNoneChangesNothing() throws {
        let base = try TestSupport.pipeline("configs/default.yaml", ["simulation.epochs=8"])
        let none = try Self.pipeline("configs/default.yaml", ["simulation.epochs=8", "simulation.chain=none"])
        #expect(none.settings.chain == nil)
        let a = try SimulationRunner.run(base.settings, keepHistory: true, threads: 1)
        let b = try SimulationRunner.run(none.settings, keepHistory: true, threads: 1)
        #expect(ReportDigest.of(a.history) == ReportDigest.of(b.history))
        #expect(a.history.allSatisfy { $0.chain == nil && $0.miners.allSatisfy { $0.chain == nil } })
        #expect(b.metrics.allNames == SimulationMetrics.names)
    }

    /// Every bundled on-chain simulation config loads, runs and meets its own `expect:` lines.
    @Test(arguments: ["configs/reasonforge/on-chain.yaml", "configs/reasonforge/weight-copier.yaml",
                      "configs/reasonforge/chain-adversaries.yaml"])
    func bundledConfigMeetsItsExpectations(_ path: String) async throws {
        let loaded = try ScoringConfig.load(file: TestSupport.config(path), registry: try Self.registry())
        let p = try #require(loaded.pipeline as? SimulationPipeline)
        #expect(p.settings.chain != nil)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("on-chain-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let outcome = try await p.run(RunOptions(outputDirectory: directory, quiet: true, format: "json"))
        #expect(!loaded.expectations.isEmpty)
        for e in loaded.expectations {
            let r = e.check(outcome.metrics)
            #expect(r.passed, "\(path): \(r.message)")
        }
    }

    /// The bundled weight-copier scenario: under Yuma 3 with liquid alpha the copier earns less
    /// dividend per stake than the honest validators (its config's `expect:` line).
    @Test func copierEarnsLessThanHonestUnderYuma3WithLiquidAlpha() throws {
        let p = try Self.pipeline("configs/reasonforge/weight-copier.yaml")
        let yuma = try #require(p.settings.chain?.mechanism as? Yuma)
        #expect(yuma.hyperparameters.yuma3 && yuma.hyperparameters.liquidAlpha)
        let run = try SimulationRunner.run(p.settings, threads: 1)
        let relative = try #require(run.metrics["copier_relative_dividends"])
        #expect(relative > 0 && relative < 1)
        #expect(run.metrics["honest_dividends_per_stake"]! > 0)
    }

    /// Same config and seed: the same results on one thread or two (the draw pipeline), the same
    /// Monte Carlo runs on 1 or 4 threads, and byte-identical JSONL and CSV (clock fields normalised).
    @Test(arguments: [OutputFormat.jsonl, .csv])
    func outputsAreIdenticalWhateverTheThreadCount(_ format: OutputFormat) async throws {
        var p = try Self.pipeline("configs/reasonforge/chain-adversaries.yaml", ["simulation.epochs=40"])
        let one = try SimulationRunner.run(p.settings, keepHistory: true, threads: 1)
        let two = try SimulationRunner.run(p.settings, keepHistory: true, threads: 2)
        #expect(ReportDigest.of(one.history) == ReportDigest.of(two.history))
        #expect(one.metrics == two.metrics)
        p.settings.runs = 4
        let a = try await MonteCarlo.run(p.settings, runs: 4, parallelism: 1)
        let b = try await MonteCarlo.run(p.settings, runs: 4, parallelism: 4)
        #expect(a.runs.map(\.metrics) == b.runs.map(\.metrics))
        p.settings.runs = 1
        let first = OutputBytesTests.normalised(try await TestSupport.render(p, format))
        let second = OutputBytesTests.normalised(try await TestSupport.render(p, format))
        #expect(first == second)
        #expect(first.contains(format == .csv ? "dividends" : "\"chain\""))
    }

    /// Every chain run conserves the emission the chain split, per epoch; sybils and colluders
    /// report their shares.
    @Test func adversaryMetricsAreReported() throws {
        let p = try Self.pipeline("configs/reasonforge/chain-adversaries.yaml", ["simulation.epochs=20"])
        let run = try SimulationRunner.run(p.settings, keepHistory: true, threads: 1)
        for name in ["copier_relative_dividends", "colluder_relative_dividends", "collusion_share", "lazy_relative_dividends",
                     "sybil_share", "honest_dividends_per_stake", "validator_tao_share"] {
            #expect(run.metrics[name] != nil, "\(name)")
        }
        for report in run.history {
            let paid = report.miners.reduce(0) { $0 + $1.epochTao } + report.validators.reduce(0) { $0 + $1.epochTao }
            #expect(abs(paid - 100 * (1 - 0.18)) < 1e-3)
        }
        // A lazy validator sets weights every fifth tempo only.
        let lazy = try #require(p.settings.roster.validators.firstIndex { $0.behaviour == .lazy(every: 5) })
        let sets = run.history.map { $0.validators[lazy].chain?.setWeights == true }
        #expect(sets == (0..<20).map { $0 % 5 == 0 })
    }

    /// Every built-in weight setter passes the conformance laws.
    @Test(arguments: ChainModule.weightSetters.map { $0.descriptor.key.rawValue })
    func weightSetterConforms(_ key: String) throws {
        let setter = try Self.registry().makeWeightSetter(ComponentKey(key))
        let failures = WeightSetterConformance.check(setter, seed: 7)
        #expect(failures.isEmpty, "\(failures)")
    }

    /// The registry lists the weight setters and validator behaviours (what `scoring modules` shows).
    @Test func weightSettersAreRegistered() throws {
        let registry = try Self.registry()
        #expect(Set(registry.keys(.weightSetting).map(\.rawValue)) == ["reasonforge-peb", "moving-average", "miid-phase3"])
        #expect(Set(registry.keys(.validatorBehaviour).map(\.rawValue)) == ["honest", "weight-copier", "colluding", "lazy"])
    }

    /// `moving-average` is the validator template's EMA: hand-computed values for α = 0.15.
    @Test func movingAverageFollowsTheTemplate() {
        let setter = MovingAverageWeightSetter(alpha: 0.15)
        var memory: [Double] = []
        let first = setter.weights(WeightObservation(scores: [1, 0.5], observed: [true, true]), memory: &memory)
        #expect(memory == [0.15, 0.075])
        #expect(abs(first[0] - 2.0 / 3) < 1e-12)
        _ = setter.weights(WeightObservation(scores: [0, 1], observed: [false, true]), memory: &memory)
        #expect(abs(memory[0] - 0.15) < 1e-12)
        #expect(abs(memory[1] - (0.15 + 0.85 * 0.075)) < 1e-12)
    }

    /// `reasonforge-peb`: w = S·(1 + PEB) normalised (hand-computed).
    @Test func reasonForgeMapIsScoreTimesOnePlusBonus() {
        var memory: [Double] = []
        let w = ReasonForgeWeightSetter().weights(WeightObservation(scores: [0.8, 0.4, 0], bonuses: [0.2, 0, 0]), memory: &memory)
        let total = 0.8 * 1.2 + 0.4
        #expect(abs(w[0] - 0.96 / total) < 1e-12 && abs(w[1] - 0.4 / total) < 1e-12 && w[2] == 0)
    }

    /// `miid-phase3`: base × tier × clamp(rep, 0.8, 1.2) normalised (the seed's example numbers).
    @Test func miidPhase3WeighsBaseTierAndClampedScore() {
        var memory: [Double] = []
        let w = MIIDPhase3WeightSetter().weights(
            WeightObservation(scores: [1, 1, 1], multipliers: [1.15, 1.0, 0.7], reputation: [2.0, 1.0, 0.1]), memory: &memory)
        let raw = [1.15 * 1.2, 1.0, 0.7 * 0.8], total = raw.reduce(0, +)
        for j in 0..<3 { #expect(abs(w[j] - raw[j] / total) < 1e-12) }
    }

    /// The short path of ``WeightEmission`` (no quantile, no cap) gives what the SDK's full
    /// processing, conversion and the chain's upscale give, on random rows.
    @Test func weightEmissionShortPathMatchesTheFullProcessing() throws {
        var rng = Xoshiro256(seed: 99)
        for round in 0..<300 {
            let n = 1 + Int(rng.next() % 300)
            let weights = (0..<n).map { _ in rng.uniform(0, 1) < 0.3 ? 0 : rng.uniform(0, 1) * (round % 2 == 0 ? 1 : 1e-6) }
            let columns = (0..<n).map { $0 + 7 }
            let fast = try WeightEmission().row(weights, columns: columns)
            guard weights.contains(where: { $0 > 0 }) else { #expect(fast.isEmpty); continue }
            let processed = try WeightProcessing.process(uids: Array(0..<n), weights: weights, neuronCount: n,
                                                         minAllowedWeights: 1, maxWeightLimit: 1)
            let (uids, values) = try ChainWeights.convertForEmit(uids: processed.uids, weights: processed.weights)
            let stored = ChainWeightStorage.maxUpscale(values.map { UInt16($0) })
            #expect(fast.map(\.column) == uids.map { columns[$0] })
            #expect(fast.map(\.value) == stored, "round \(round)")
        }
    }

    /// Weights reach the chain through the SDK's processing and u16 conversion: the largest is 65535.
    @Test func weightEmissionMaxUpscalesToU16() throws {
        let row = try WeightEmission().row([0.5, 0.25, 0, 0.25], columns: [10, 11, 12, 13])
        #expect(row.map(\.column) == [10, 11, 13])
        #expect(row.map(\.value) == [65535, 32768, 32768])
        #expect(try WeightEmission().row([0, 0], columns: [0, 1]).isEmpty)
    }
}
