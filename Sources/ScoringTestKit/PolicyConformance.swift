public import ScoringCore

/// Checks the guarantees of ``WeightingPolicy`` over random inputs.
///
/// Checked: one result per input in input order, carrying the input's miner, base and reputation;
/// `finalReward == baseReward × tierFactor × scoreFactor` (unless ``productShape`` is off for a
/// policy that documents another shape); finite, non-negative rewards; a zero base stays zero; a
/// neutral reputation leaves the reward unchanged (unless ``neutralIsIdentity`` is off); non-finite
/// or negative base rewards and scores are refused with a ``WeightingError``; an unknown tier counts
/// as neutral with `unknownTier` set (unless ``usesTiers`` is off); the same inputs give the same result.
public struct PolicyConformance: Sendable {
    public var iterations: Int
    public var seed: UInt64
    /// Tier names the policy's table knows; random inputs draw from these.
    public var knownTiers: [String]
    public var productShape: Bool
    public var neutralIsIdentity: Bool
    /// Whether the policy has a tier table, so an unknown tier must be flagged (`unknownTier`) and
    /// count as neutral; turn off for a policy that ignores tiers altogether.
    public var usesTiers: Bool
    public var tolerance: Double

    public init(knownTiers: [String] = ["Neutral"], iterations: Int = 100, seed: UInt64 = 0x9011C7,
                productShape: Bool = true, neutralIsIdentity: Bool = true, usesTiers: Bool = true,
                tolerance: Double = 1e-12) {
        self.knownTiers = knownTiers
        self.iterations = iterations
        self.seed = seed
        self.productShape = productShape
        self.neutralIsIdentity = neutralIsIdentity
        self.usesTiers = usesTiers
        self.tolerance = tolerance
    }

    /// Checks the policy registered under `key`, made with its defaults (or `parameters`).
    public func check(_ key: ComponentKey, in registry: ScoringRegistry, parameters: ParameterValues? = nil) -> [String] {
        do {
            return check(try registry.make(.policy, key, parameters: parameters, as: (any WeightingPolicy).self))
        } catch {
            return ["policy '\(key)' cannot be made: \(error)"]
        }
    }

    public func check(_ policy: any WeightingPolicy) -> [String] {
        var problems: [String] = []
        let name = type(of: policy).descriptor.key
        func fail(_ m: String) { if !problems.contains("'\(name)': \(m)") { problems.append("'\(name)': \(m)") } }
        func near(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= tolerance * max(1, abs(a), abs(b)) }
        var random = Xoshiro256(seed: seed)
        let unknownTier = "NoSuchTier-\(seed)"

        for i in 0..<iterations {
            let n = random.randbelow(12)
            var inputs: [WeightingInput] = []
            for j in 0..<n {
                let base = random.randbelow(6) == 0 ? 0 : random.random() * 100
                let score = random.random() * 2
                let tier = random.randbelow(8) == 0 ? unknownTier : knownTiers[random.randbelow(knownTiers.count)]
                inputs.append(WeightingInput(miner: "m\(i)-\(j)", baseReward: base, reputation: MinerReputation(score: score, tier: tier)))
            }
            let result: WeightingResult
            do {
                result = try policy.weigh(inputs)
                if try policy.weigh(inputs) != result { fail("the same inputs gave different results") }
            } catch {
                fail("refused valid inputs: \(error)")
                continue
            }
            guard result.entries.count == inputs.count else {
                fail("returned \(result.entries.count) results for \(inputs.count) inputs")
                continue
            }
            for (input, out) in zip(inputs, result.entries) {
                if out.miner != input.miner || out.baseReward != input.baseReward || out.reputation != input.reputation {
                    fail("results must keep input order and carry the input's miner, base and reputation")
                }
                if !(out.finalReward >= 0 && out.finalReward.isFinite) { fail("final reward \(out.finalReward) is not finite and ≥ 0") }
                if productShape && !near(out.finalReward, out.baseReward * out.tierFactor * out.scoreFactor) {
                    fail("finalReward \(out.finalReward) ≠ base × tierFactor × scoreFactor")
                }
                if input.baseReward == 0 && out.finalReward != 0 { fail("a zero base reward became \(out.finalReward)") }
                if usesTiers && input.reputation.tier == unknownTier {
                    if !out.unknownTier { fail("tier '\(unknownTier)' is not in the table but unknownTier is false") }
                    if out.tierFactor != 1 { fail("an unknown tier must count as neutral (tierFactor 1), got \(out.tierFactor)") }
                }
            }
        }
        if neutralIsIdentity {
            let input = WeightingInput(miner: "neutral", baseReward: 42.5, reputation: .neutral)
            if let r = try? policy.weigh([input]), let e = r.entries.first, !near(e.finalReward, 42.5) {
                fail("a neutral reputation changed the reward 42.5 into \(e.finalReward)")
            }
        }
        let bad: [(String, WeightingInput)] = [
            ("a negative base reward", WeightingInput(miner: "x", baseReward: -1, reputation: .neutral)),
            ("a NaN base reward", WeightingInput(miner: "x", baseReward: .nan, reputation: .neutral)),
            ("an infinite base reward", WeightingInput(miner: "x", baseReward: .infinity, reputation: .neutral)),
            ("a negative score", WeightingInput(miner: "x", baseReward: 1, reputation: MinerReputation(score: -0.5, tier: "Neutral"))),
            ("a NaN score", WeightingInput(miner: "x", baseReward: 1, reputation: MinerReputation(score: .nan, tier: "Neutral"))),
        ]
        for (what, input) in bad {
            do {
                _ = try policy.weigh([input])
                fail("\(what) must be refused with a WeightingError")
            } catch is WeightingError {
            } catch {
                fail("\(what) was refused with \(type(of: error)), not a WeightingError")
            }
        }
        return problems
    }
}
