import ScoringCore
import Testing
@testable import Simulation

/// Issue 4 scale requirement: at 1,024 miners × 256 validators the engine's retained state does
/// not grow with the number of epochs (no full history asked for).
struct MemoryTests {
    /// Short windows (4 and 3 epochs) and a 3-epoch plagiarism buffer, so every bounded structure
    /// is saturated well before the first measurement; 2 tasks per epoch keep the debug build fast.
    static let yaml = """
          tasks_per_epoch: 2
          miners: {tiers: {elite: 200, strong: 200, mid: 200, weak: 200, adversarial: 200}, copycats: 24}
          validators: {profiles: {honest: 64, good: 64, lazy: 64, malicious: 64}, stakes: [1000, 5000]}
          plagiarism: {enabled: true, buffer_epochs: 3}
          formulas:
            reputation-multiplier: {type: reputation-multiplier, options: {window: 4}}
            slashing: {type: slashing-quadratic, options: {window: 3}}
        """

    @Test func retainedStateIsFlatFromNTo4NEpochs() throws {
        let settings = try TestSupport.settings(Self.yaml)
        #expect(settings.roster.miners.count == 1024)
        #expect(settings.roster.validators.count == 256)
        let engine = EpochEngine<Xoshiro256>(settings: settings, plan: SeedPlan(scheme: settings.seeding, seed: 1, run: 0))
        let n = 10
        for e in 1...n { _ = try engine.runEpoch(e) }
        let afterN = engine.retainedState
        var largest = afterN
        for e in (n + 1)...(4 * n) {
            _ = try engine.runEpoch(e)
            let s = engine.retainedState
            largest.longestVASHistory = max(largest.longestVASHistory, s.longestVASHistory)
            largest.logCapacity = max(largest.logCapacity, s.logCapacity)
            largest.arrayCapacity = max(largest.arrayCapacity, s.arrayCapacity)
            largest.plagiarismEpochs = max(largest.plagiarismEpochs, s.plagiarismEpochs)
            largest.plagiarismSubmissions = max(largest.plagiarismSubmissions, s.plagiarismSubmissions)
        }
        let after4N = engine.retainedState
        // Exact bounds, independent of the number of epochs.
        #expect(largest.longestVASHistory <= 2 * 4, "VAS history is trimmed to twice the longest window: \(largest)")
        #expect(largest.plagiarismEpochs == 3 && after4N.plagiarismEpochs == 3)
        #expect(largest.plagiarismSubmissions == 3 * 2 * 1024, "3 epochs × 2 tasks × 1,024 submissions: \(largest)")
        #expect(after4N.logCapacity == afterN.logCapacity, "the per-epoch logs are sized once: \(afterN) → \(after4N)")
        // Per-miner and per-validator arrays hold one epoch: 2 scores per miner (plus traps), and
        // 2 × 1,024 × 3 evaluations spread over the validators. Their capacities may round up
        // when one validator draws more evaluations than before, but stay within a fixed bound.
        let oneEpoch = 1024 * (2 + 2 + 2) + 2 * (2 * 1024 * 3)
        #expect(largest.arrayCapacity <= 4 * oneEpoch, "arrays: \(largest), one epoch holds \(oneEpoch) values")
    }
}
