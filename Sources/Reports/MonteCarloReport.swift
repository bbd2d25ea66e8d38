/// A Monte Carlo simulation: the same config run many times with derived seeds, summarised as each
/// miner's mean TAO and each run metric with a 95 % interval of the mean, plus, optionally, the
/// first run in full detail.
///
/// Build one from `scoring simulate --runs N --format json` output with
/// ``MonteCarloReport/init(json:title:)``, or from plain values.
public struct MonteCarloReport: Sendable, Hashable {
    /// A quantity over the runs: mean, sample standard deviation and the 95 % interval of the mean
    /// (`mean ∓ 1.96·sd/√n`).
    public struct Statistic: Sendable, Hashable {
        public var mean: Double
        public var standardDeviation: Double
        public var low: Double
        public var high: Double

        public init(mean: Double, standardDeviation: Double, low: Double, high: Double) {
            self.mean = mean
            self.standardDeviation = standardDeviation
            self.low = low
            self.high = high
        }
    }

    /// One miner's total TAO over the runs.
    public struct Miner: Sendable, Hashable {
        public var id: String
        public var name: String
        public var tier: String?
        public var totalTao: Statistic

        public init(id: String, name: String, tier: String? = nil, totalTao: Statistic) {
            self.id = id
            self.name = name
            self.tier = tier
            self.totalTao = totalTao
        }
    }

    /// One run's seed and metric values.
    public struct Run: Sendable, Hashable {
        public var index: Int
        public var seed: Int
        /// Metric name → value.
        public var metrics: [String: Double]

        public init(index: Int, seed: Int, metrics: [String: Double]) {
            self.index = index
            self.seed = seed
            self.metrics = metrics
        }
    }

    public var title: String
    public var summary: String
    /// Facts about the run: config, runs, epochs, seed, generator, commit.
    public var run: [ReportField]
    /// Metric names in display order.
    public var metricNames: [String]
    /// Metric name → statistic over the runs.
    public var metrics: [String: Statistic]
    /// Miners in roster order.
    public var miners: [Miner]
    /// Every run, in run order.
    public var runs: [Run]
    /// The formulas used, one per role.
    public var formulas: [FormulaInfo]
    /// The first run in full (epochs, leaderboard, validators), when it was made available.
    public var firstRun: SimulationReport?
    /// Why ``firstRun`` is absent or what it is, shown above its section.
    public var firstRunNote: String

    public init(title: String, summary: String = "", run: [ReportField] = [], metricNames: [String],
                metrics: [String: Statistic], miners: [Miner], runs: [Run] = [], formulas: [FormulaInfo] = [],
                firstRun: SimulationReport? = nil, firstRunNote: String = "") {
        self.title = title
        self.summary = summary
        self.run = run
        self.metricNames = metricNames
        self.metrics = metrics
        self.miners = miners
        self.runs = runs
        self.formulas = formulas
        self.firstRun = firstRun
        self.firstRunNote = firstRunNote
    }
}
