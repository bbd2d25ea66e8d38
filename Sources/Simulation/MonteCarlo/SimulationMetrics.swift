public import ScoringCore

/// Summary numbers of one simulation run, for reports, Monte Carlo statistics and expectations.
///
/// Other code reads them by name (``SimulationMetrics/names``, ``SimulationMetrics/subscript(_:)``,
/// or ``runMetrics`` as the core's `RunMetrics`), so an expectation such as
/// `adversarial_share < 0.05` can be checked without knowing this type.
public struct SimulationMetrics: Sendable, Hashable {
    /// Gini coefficient of the miners' total rewards (0 = equal, → 1 = one miner takes all).
    public var gini: Double
    /// Share of the miners' total reward earned by miners of tier `adversarial`.
    public var adversarialShare: Double
    /// Share of the miners' total reward earned by copycat miners.
    public var copycatShare: Double
    /// Stake Eq. 10 would have slashed, summed over validators and epochs.
    public var totalSlashed: Double
    /// Mean Spearman correlation of miner ranks between consecutive epochs (1 = ranks never change;
    /// 1 when there is a single epoch or a single miner).
    public var rankStability: Double
    /// Spearman correlation (average ranks for ties) between each miner's tier strength — the
    /// composite of its tier's base dimensions — and its total reward: near 1 when the mechanism pays
    /// better tiers more; 0 when every miner has the same tier.
    public var tierRankCorrelation: Double
    /// Metrics a configuration adds after the six above (the chain's, when a chain is configured;
    /// `sybil_share` when the roster has sybils), in report order. Empty otherwise, so runs without
    /// them report exactly the six.
    public var extras: [Extra] = []

    /// One added metric.
    public struct Extra: Sendable, Hashable {
        public var name: String
        public var value: Double
        public init(name: String, value: Double) {
            self.name = name
            self.value = value
        }
    }

    public init(gini: Double, adversarialShare: Double, copycatShare: Double, totalSlashed: Double, rankStability: Double,
                tierRankCorrelation: Double = 0) {
        self.gini = gini
        self.adversarialShare = adversarialShare
        self.copycatShare = copycatShare
        self.totalSlashed = totalSlashed
        self.rankStability = rankStability
        self.tierRankCorrelation = tierRankCorrelation
    }

    /// The metric names, in report order.
    public static let names = ["gini", "adversarial_share", "copycat_share", "total_slashed", "rank_stability",
                               "tier_rank_correlation"]

    /// The metric called `name` (one of ``names``), or `nil`.
    public subscript(_ name: String) -> Double? {
        switch name {
        case "gini": gini
        case "adversarial_share": adversarialShare
        case "copycat_share": copycatShare
        case "total_slashed": totalSlashed
        case "rank_stability": rankStability
        case "tier_rank_correlation": tierRankCorrelation
        default: extras.first { $0.name == name }?.value
        }
    }

    /// Every metric name of this run: ``names`` then the extras'.
    public var allNames: [String] { Self.names + extras.map(\.name) }

    /// The metrics as the core's named `RunMetrics` (what `expect:` and matrices read).
    public var runMetrics: ScoringCore.RunMetrics { ScoringCore.RunMetrics(values.map { ($0.name, $0.value) }) }

    /// `(name, value)` pairs in ``names`` order.
    public var values: [(name: String, value: Double)] {
        Self.names.map { ($0, self[$0]!) } + extras.map { ($0.name, $0.value) }
    }

    /// Gini coefficient of non-negative values: `Σ (2i − n − 1)·x₍ᵢ₎ / (n·Σx)` over ascending order; 0 when Σx = 0.
    public static func gini(_ values: [Double]) -> Double {
        let n = values.count
        let sorted = values.sorted()
        let total = sorted.reduce(0, +)
        guard n > 0, total > 0 else { return 0 }
        var acc = 0.0
        for (i, x) in sorted.enumerated() { acc += Double(2 * (i + 1) - n - 1) * x }
        return acc / (Double(n) * total)
    }

    /// Spearman correlation of two samples with average ranks for ties (Pearson correlation of the
    /// ranks); 0 when either sample is constant or has fewer than two values.
    public static func spearmanCorrelation(_ x: [Double], _ y: [Double]) -> Double {
        let n = x.count
        guard n > 1, y.count == n else { return 0 }
        let rx = averageRanks(x), ry = averageRanks(y)
        let mx = rx.reduce(0, +) / Double(n), my = ry.reduce(0, +) / Double(n)
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in 0..<n {
            sxy += (rx[i] - mx) * (ry[i] - my)
            sxx += (rx[i] - mx) * (rx[i] - mx)
            syy += (ry[i] - my) * (ry[i] - my)
        }
        guard sxx > 0, syy > 0 else { return 0 }
        return sxy / (sxx * syy).squareRoot()
    }

    /// Ranks from 1, ties sharing the mean of the ranks they span.
    static func averageRanks(_ values: [Double]) -> [Double] {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, values[order[j + 1]] == values[order[i]] { j += 1 }
            let rank = Double(i + j) / 2 + 1
            for k in i...j { ranks[order[k]] = rank }
            i = j + 1
        }
        return ranks
    }

    /// Spearman correlation of two rank vectors (permutations of 1…n): `1 − 6Σd²/(n(n²−1))`.
    public static func spearman(_ a: [Int], _ b: [Int]) -> Double {
        let n = a.count
        guard n > 1 else { return 1 }
        var d2 = 0.0
        for i in 0..<n {
            let d = Double(a[i] - b[i])
            d2 += d * d
        }
        let nn = Double(n)
        return 1 - 6 * d2 / (nn * (nn * nn - 1))
    }
}
