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

    public init(gini: Double, adversarialShare: Double, copycatShare: Double, totalSlashed: Double, rankStability: Double) {
        self.gini = gini
        self.adversarialShare = adversarialShare
        self.copycatShare = copycatShare
        self.totalSlashed = totalSlashed
        self.rankStability = rankStability
    }

    /// The metric names, in report order.
    public static let names = ["gini", "adversarial_share", "copycat_share", "total_slashed", "rank_stability"]

    /// The metric called `name` (one of ``names``), or `nil`.
    public subscript(_ name: String) -> Double? {
        switch name {
        case "gini": gini
        case "adversarial_share": adversarialShare
        case "copycat_share": copycatShare
        case "total_slashed": totalSlashed
        case "rank_stability": rankStability
        default: nil
        }
    }

    /// The metrics as the core's named `RunMetrics` (what `expect:` and matrices read).
    public var runMetrics: ScoringCore.RunMetrics { ScoringCore.RunMetrics(values.map { ($0.name, $0.value) }) }

    /// `(name, value)` pairs in ``names`` order.
    public var values: [(name: String, value: Double)] { Self.names.map { ($0, self[$0]!) } }

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
