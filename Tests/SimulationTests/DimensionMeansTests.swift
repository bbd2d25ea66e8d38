import Foundation
import ReasonForge
import ScoringCore
import Testing
@testable import Simulation

/// `MinerEpochResult.dimensions`: the mean measured dimensions of a miner's submissions.
struct DimensionMeansTests {
    /// Zero noise, one domain, difficulty 5 (penalty 0): every submission of miner `i` measures
    /// exactly `clamp01(base + bonus_i)`, where `bonus_i` is the one domain bonus its generator
    /// draws at creation (`uniform(-0.05, 0.10)`), so the epoch mean is that value.
    @Test func zeroNoiseMeansAreTheTierBaseplusTheDomainBonus() throws {
        let settings = try TestSupport.settings("""
              epochs: 3
              tasks_per_epoch: 5
              trap_rate: 0
              difficulty: [5, 5]
              domains: [mathematics]
              miner_tiers: {type: reasonforge, options: {tiers: {elite: {noise: 0}, weak: {noise: 0}}}}
              miners: {tiers: {elite: 1, weak: 1}}
            """)
        let plan = SeedPlan(scheme: settings.seeding, seed: settings.seed, run: 0)
        let bases = [(0.88, 0.90, 0.80, 0.85), (0.45, 0.50, 0.40, 0.55)]  // elite, weak (reference table)
        var epochs = 0
        _ = try SimulationRunner.run(settings) { report in
            epochs += 1
            for row in report.miners {
                var rng: Xoshiro256 = plan.miner(row.miner)
                let bonus = rng.uniform(-0.05, 0.10)
                let b = bases[row.miner]
                func clamp(_ x: Double) -> Double { max(0, min(1, x)) }
                let d = row.dimensions
                #expect(abs(d.quality - clamp(b.0 + bonus)) < 1e-12)
                #expect(abs(d.accuracy - clamp(b.1 + bonus)) < 1e-12)
                #expect(abs(d.novelty - clamp(b.2 + bonus)) < 1e-12)
                #expect(abs(d.efficiency - clamp(b.3 + bonus)) < 1e-12)
            }
        }
        #expect(epochs == 3)
    }

    /// With noise the means stay in [0, 1], order the tiers as their bases do, and a copycat of a
    /// fixed miner reports exactly that miner's means (it resubmits the same measured answer).
    @Test func noisyMeansAreBoundedAndCopycatsMirrorTheirTarget() throws {
        let settings = try TestSupport.settings("""
              epochs: 4
              miners:
                - {id: a, tier: elite}
                - {id: b, tier: adversarial}
                - {id: c, tier: adversarial, behaviour: copycat, target: a}
            """)
        _ = try SimulationRunner.run(settings) { report in
            var byMiner: [Int: DimensionScores] = [:]
            for row in report.miners {
                let d = row.dimensions
                for x in [d.quality, d.accuracy, d.novelty, d.efficiency] { #expect(x >= 0 && x <= 1) }
                byMiner[row.miner] = d
            }
            #expect(byMiner[2] == byMiner[0])
            #expect(byMiner[0]!.quality > byMiner[1]!.quality)
        }
    }

    @Test func jsonAndCSVCarryTheMeans() async throws {
        let pipeline = try TestSupport.pipeline("configs/reasonforge/reference-parity.yaml", ["simulation.epochs=2"])
        let root = try #require(try TestSupport.json(try await TestSupport.render(pipeline, .json)) as? [String: Any])
        let epochs = try #require(root["epochs"] as? [[String: Any]])
        let miner = try #require((epochs.last?["miners"] as? [[String: Any]])?.first)
        let dims = try #require(miner["dimensions"] as? [String: Any])
        #expect(Set(dims.keys) == ["quality", "accuracy", "novelty", "efficiency"])
        let csv = try await TestSupport.render(pipeline, .csv)
        let lines = csv.split(separator: "\n")
        let header = try #require(lines.first { $0.hasPrefix("record,") })
        #expect(header.hasSuffix(",quality,accuracy,novelty,efficiency"))
        let columns = header.split(separator: ",", omittingEmptySubsequences: false).count
        for line in lines where line.hasPrefix("miner,") || line.hasPrefix("validator,") {
            #expect(line.split(separator: ",", omittingEmptySubsequences: false).count == columns)
        }
    }
}
