public import ScoringCore

/// The run metrics of a replay through one mechanism, for `expect:` lines and matrices.
///
/// Shares are per epoch: `D` a validator's dividends (they sum to 1 over validators), `s` its
/// stake share (stake ÷ total stake). With `<v>` a validator's label as a slug
/// (``ChainReplay/slug(_:)``) and `<m>` a server's:
/// - `epochs`; checks that are 1 when they hold in every epoch and 0 otherwise:
///   `incentive_sum_ok` and `dividend_sum_ok` (sum to 1 within 1e-6, or all 0),
///   `emission_conserved` (server plus validator emission equals the epoch's emission within
///   1e-6 relative, or nothing was distributed), `bonds_in_range` (every bond in [0, 1]);
/// - `dividends.<v>`: Σ D over the epochs; `dividend_per_stake.<v>`: Σ D ÷ Σ s (1 = paid in
///   proportion to stake); `relative_dividends.<v>`: mean of D − s (yuma-simulation's relative
///   dividends); `final_bonds.<v>`: the validator's bond row summed, after the last epoch;
/// - `dividend_per_stake_vs_base.<v>`: its `dividend_per_stake` ÷ the base validator's (when the
///   replay names `base_validator`; below 1 the validator earns less per stake than the base);
/// - `incentive.<m>`: Σ incentive over the epochs; `final_incentive.<m>`: the last epoch's;
/// - `<behaviour>_relative_dividends` for each validator behaviour (`copier`, `late`, `early`,
///   `wta`): its `dividend_per_stake` ÷ the reference's, the reference being `base_validator`
///   (when it is not that validator) or else every validator without a behaviour, pooled.
///   Below 1 the behaviour earns less per stake than the reference.
public enum ChainReplayMetrics {
    public static func compute(_ replay: ChainReplay, steps: [ChainReplayRunner.Step]) -> RunMetrics {
        var m = RunMetrics()
        m["epochs"] = Double(steps.count)
        var incentiveOK = true, dividendOK = true, conserved = true, bondsOK = true
        let n = replay.uidCount
        var dividendSum = Array(repeating: 0.0, count: n)
        var stakeShareSum = Array(repeating: 0.0, count: n)
        var relative = Array(repeating: 0.0, count: n)
        var incentiveSum = Array(repeating: 0.0, count: n)
        for step in steps {
            let r = step.result
            incentiveOK = incentiveOK && sumsToOneOrZero(r.incentive)
            dividendOK = dividendOK && sumsToOneOrZero(r.dividends)
            let paid = r.serverEmission.reduce(0, +) + r.validatorEmission.reduce(0, +)
            if paid != 0, abs(paid - step.input.emission) > 1e-6 * max(1, step.input.emission) { conserved = false }
            for row in r.state.bonds.rows { for b in row where !(b.value >= 0 && b.value <= 1) { bondsOK = false } }
            let total = step.input.stakes.reduce(0, +)
            for u in 0..<n {
                let s = total > 0 ? step.input.stakes[u] / total : 0
                dividendSum[u] += r.dividends[u]
                stakeShareSum[u] += s
                relative[u] += r.dividends[u] - s
                incentiveSum[u] += r.incentive[u]
            }
        }
        m["incentive_sum_ok"] = incentiveOK ? 1 : 0
        m["dividend_sum_ok"] = dividendOK ? 1 : 0
        m["emission_conserved"] = conserved ? 1 : 0
        m["bonds_in_range"] = bondsOK ? 1 : 0
        let count = Double(max(steps.count, 1))
        func perStake(_ uids: [Int]) -> Double? {
            let s = uids.reduce(0) { $0 + stakeShareSum[$1] }
            return s > 0 ? uids.reduce(0) { $0 + dividendSum[$1] } / s : nil
        }
        let lastBonds = steps.last?.result.state.bonds
        for v in replay.validators {
            let slug = ChainReplay.slug(replay.labels[v])
            m["dividends.\(slug)"] = dividendSum[v]
            if let p = perStake([v]) { m["dividend_per_stake.\(slug)"] = p }
            m["relative_dividends.\(slug)"] = relative[v] / count
            m["final_bonds.\(slug)"] = lastBonds.map { v < $0.rowCount ? $0[row: v].reduce(0) { $0 + $1.value } : 0 } ?? 0
        }
        if let base = replay.baseValidator, let b = perStake([base]), b > 0 {
            for v in replay.validators {
                if let p = perStake([v]) { m["dividend_per_stake_vs_base.\(ChainReplay.slug(replay.labels[v]))"] = p / b }
            }
        }
        for s in replay.servers {
            let slug = ChainReplay.slug(replay.labels[s])
            m["incentive.\(slug)"] = incentiveSum[s]
            m["final_incentive.\(slug)"] = steps.last?.result.incentive[s] ?? 0
        }
        let plain = replay.validators.filter { replay.behaviours[$0] == nil }
        for (uid, behaviour) in replay.behaviours.sorted(by: { $0.key < $1.key }) {
            let name: String
            switch behaviour {
            case .copiesConsensus: name = "copier"
            case .shifted(let k): name = k >= 0 ? "late" : "early"
            case .winnerTakesAll: name = "wta"
            }
            let reference = replay.baseValidator.flatMap { $0 == uid ? nil : [$0] } ?? plain
            if let mine = perStake([uid]), let theirs = perStake(reference), theirs > 0, m["\(name)_relative_dividends"] == nil {
                m["\(name)_relative_dividends"] = mine / theirs
            }
        }
        return m
    }

    static func sumsToOneOrZero(_ xs: [Double]) -> Bool {
        let s = xs.reduce(0, +)
        return abs(s - 1) <= 1e-6 || xs.allSatisfy { $0 == 0 }
    }
}
