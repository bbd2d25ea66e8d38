/// What a multi-cycle reputation run measured, cycle by cycle (written as `cycles.json`).
public struct ReputationCycleMetrics: Sendable, Hashable, Codable {
    /// One cycle, after its engine pass and its validators' weighing.
    public struct Cycle: Sendable, Hashable, Codable {
        public var cycle: Int
        /// Miners per tier in the cycle's snapshot.
        public var populations: [String: Int]
        /// Miners whose tier changed in this cycle's pass.
        public var migrations: Int
        /// Each tier's mean share of the chain weights the validators set this cycle.
        public var weightShare: [String: Double]
        /// Spearman rank correlation between latent quality and rep_score after the pass.
        public var rankCorrelation: Double
        /// History rows the pass wrote.
        public var historyRows: Int
        /// Weighings whose served snapshot version was not this cycle's (the reload did not take).
        public var staleFetches: Int
        /// Mean share of the chain weights set on the emission split's reserved UIDs (burn, pools); 0 without one.
        public var reservedShare: Double = 0

        enum CodingKeys: String, CodingKey {
            case cycle, populations, migrations
            case weightShare = "weight_share"
            case rankCorrelation = "rank_correlation"
            case historyRows = "history_rows"
            case staleFetches = "stale_fetches"
            case reservedShare = "reserved_share"
        }
    }

    /// Tiers, best first (the assignment's order).
    public var tiers: [String]
    public var cycles: [Cycle]
    /// Tier migrations over the run: `flows[from][to]` miners moved from `from` to `to` (summed over cycles).
    public var flows: [String: [String: Int]]
    /// The store the run used (`sqlite:…` or `postgres://user@host:port/db`).
    public var store: String
    /// The engine's updates in order.
    public var rule: String
    public var allocationsIngested: Int
    public var seconds: Double

    enum CodingKeys: String, CodingKey {
        case tiers, cycles, flows, store, rule
        case allocationsIngested = "allocations_ingested"
        case seconds
    }

    /// Flat values for `expect:`: `cycles`, `migrations_total`, `rank_correlation_final`,
    /// `rank_correlation_first`, `allocations_ingested`, `stale_fetches`, `reserved_share`, `population.<Tier>` and
    /// `weight_share.<Tier>` of the last cycle.
    public var values: [String: Double] {
        var v: [String: Double] = [
            "cycles": Double(cycles.count),
            "migrations_total": Double(cycles.reduce(0) { $0 + $1.migrations }),
            "rank_correlation_final": cycles.last?.rankCorrelation ?? 0,
            "rank_correlation_first": cycles.first?.rankCorrelation ?? 0,
            "allocations_ingested": Double(allocationsIngested),
            "stale_fetches": Double(cycles.reduce(0) { $0 + $1.staleFetches }),
            "reserved_share": cycles.last?.reservedShare ?? 0,
        ]
        if let last = cycles.last {
            for t in tiers {
                v["population.\(t)"] = Double(last.populations[t] ?? 0)
                v["weight_share.\(t)"] = last.weightShare[t] ?? 0
            }
        }
        return v
    }
}

/// Spearman's rank correlation (average ranks for ties); 0 when either side is constant.
enum RankCorrelation {
    static func spearman(_ x: [Double], _ y: [Double]) -> Double {
        precondition(x.count == y.count)
        let rx = ranks(x), ry = ranks(y)
        let n = Double(x.count)
        guard n > 1 else { return 0 }
        let mx = rx.reduce(0, +) / n, my = ry.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in 0..<x.count {
            sxy += (rx[i] - mx) * (ry[i] - my)
            sxx += (rx[i] - mx) * (rx[i] - mx)
            syy += (ry[i] - my) * (ry[i] - my)
        }
        guard sxx > 0, syy > 0 else { return 0 }
        return sxy / (sxx * syy).squareRoot()
    }

    static func ranks(_ v: [Double]) -> [Double] {
        let order = v.indices.sorted { v[$0] < v[$1] }
        var r = Array(repeating: 0.0, count: v.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count && v[order[j + 1]] == v[order[i]] { j += 1 }
            let mean = Double(i + j) / 2 + 1
            for k in i...j { r[order[k]] = mean }
            i = j + 1
        }
        return r
    }
}
