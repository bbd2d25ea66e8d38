public import ScoringCore

// The input model of the HTML reports: plain values, decoupled from the simulator's and the
// pipelines' own types, so any producer (the CLI, the service, a test, a script reading JSON) can
// build one.

/// A labelled value shown in a report's header or in a formula's parameter list.
public struct ReportField: Sendable, Hashable {
    public var label: String
    public var value: String

    public init(_ label: String, _ value: String) {
        self.label = label
        self.value = value
    }
}

/// A formula as a report shows it: the role it fills, the registered key, its equation and the
/// parameter values the run used.
///
/// Build it from a registry descriptor and the resolved config with
/// ``FormulaInfo/init(descriptor:options:)``, or by hand.
public struct FormulaInfo: Sendable, Hashable {
    /// The role (`consensus`, `miner-emission`, …), or an empty string for a free-standing formula.
    public var role: String
    /// The registered key (`consensus-trimmed-mean`).
    public var key: String
    /// One line saying what it does.
    public var summary: String
    /// The equation in plain text (`CMS = 0.40·Q + 0.30·A + 0.15·N + 0.15·Eff`).
    public var equation: String?
    /// Where it comes from (`ReasonForge Eq. 12`).
    public var reference: String?
    /// The parameter values used, in declaration order.
    public var parameters: [ReportField]

    public init(role: String, key: String, summary: String = "", equation: String? = nil,
                reference: String? = nil, parameters: [ReportField] = []) {
        self.role = role
        self.key = key
        self.summary = summary
        self.equation = equation
        self.reference = reference
        self.parameters = parameters
    }
}

/// The four dimension scores of a miner (each in [0, 1]): quality, accuracy, novelty, efficiency —
/// the core's ``ScoringCore/DimensionScores``, as reports show them.
public typealias DimensionProfile = DimensionScores

extension DimensionScores {
    /// The dimensions with their display names, in the order Q, A, N, Eff.
    public var named: [(name: String, value: Double)] {
        [("Quality", quality), ("Accuracy", accuracy), ("Novelty", novelty), ("Efficiency", efficiency)]
    }
}

/// Everything the simulation report shows: the run's facts, every epoch's miner and validator
/// lines (as the simulator's JSON output has them), the formulas used and, optionally, each
/// miner's dimension profile.
///
/// The report's charts and leaderboard are drawn from ``epochs``; the leaderboard and the miner
/// details use the last epoch. Build one from the simulator's JSON document with
/// ``SimulationReport/init(json:title:)``, or from plain values with the memberwise initializer.
public struct SimulationReport: Sendable, Hashable {
    /// One miner's line of one epoch.
    public struct Miner: Sendable, Hashable {
        public var rank: Int
        public var id: String
        public var name: String
        /// The simulated tier (`elite`, `adversarial`, …), when known.
        public var tier: String?
        public var sEpoch: Double
        public var peb: Double
        public var streak: Int
        public var epochTao: Double
        public var totalTao: Double
        public var trapPenalty: Double
        /// Breakthroughs since the run started.
        public var breakthroughs: Int
        /// Submissions flagged as plagiarised this epoch, when detection ran.
        public var plagiarismFlags: Int?
        /// The mean measured dimensions of the miner's submissions this epoch, when the simulator
        /// reported them (all zero when the miner submitted nothing).
        public var dimensions: DimensionProfile?
        /// The last chain epoch's figures, when the run had a chain.
        public var chain: MinerChain? = nil

        public init(rank: Int, id: String, name: String, tier: String? = nil, sEpoch: Double, peb: Double,
                    streak: Int, epochTao: Double, totalTao: Double, trapPenalty: Double, breakthroughs: Int,
                    plagiarismFlags: Int? = nil, dimensions: DimensionProfile? = nil) {
            self.rank = rank
            self.id = id
            self.name = name
            self.tier = tier
            self.sEpoch = sEpoch
            self.peb = peb
            self.streak = streak
            self.epochTao = epochTao
            self.totalTao = totalTao
            self.trapPenalty = trapPenalty
            self.breakthroughs = breakthroughs
            self.plagiarismFlags = plagiarismFlags
            self.dimensions = dimensions
        }
    }

    /// One validator's line of one epoch.
    public struct Validator: Sendable, Hashable {
        public var id: String
        public var name: String
        /// The simulated profile (`honest`, `malicious`, …), when known.
        public var profile: String?
        public var stake: Double
        public var vas: Double
        public var reputation: Double
        public var epochTao: Double
        public var totalTao: Double
        public var slashed: Double
        /// The weight-setting behaviour (`honest`, `weight-copier`, …), when the run had a chain.
        public var behaviour: String? = nil
        /// The last chain epoch's figures, when the run had a chain.
        public var chain: ValidatorChain? = nil

        public init(id: String, name: String, profile: String? = nil, stake: Double, vas: Double,
                    reputation: Double, epochTao: Double, totalTao: Double, slashed: Double) {
            self.id = id
            self.name = name
            self.profile = profile
            self.stake = stake
            self.vas = vas
            self.reputation = reputation
            self.epochTao = epochTao
            self.totalTao = totalTao
            self.slashed = slashed
        }
    }

    /// A miner's figures from the last chain epoch.
    public struct MinerChain: Sendable, Hashable {
        public var incentive: Double
        public var consensus: Double
        public var trust: Double
        public init(incentive: Double, consensus: Double, trust: Double) {
            self.incentive = incentive
            self.consensus = consensus
            self.trust = trust
        }
    }

    /// A validator's figures from the last chain epoch.
    public struct ValidatorChain: Sendable, Hashable {
        public var dividends: Double
        public var validatorTrust: Double
        /// The sum of its bond row.
        public var bonds: Double
        public init(dividends: Double, validatorTrust: Double, bonds: Double) {
            self.dividends = dividends
            self.validatorTrust = validatorTrust
            self.bonds = bonds
        }
    }

    /// One epoch: its totals, miners (rank order) and validators (roster order).
    public struct Epoch: Sendable, Hashable {
        public var id: Int
        public var totalEmission: Double
        public var minerPool: Double
        public var validatorPool: Double
        public var tasksProcessed: Int
        public var trapsInjected: Int
        /// Breakthroughs in this epoch.
        public var breakthroughs: Int
        public var avgCMS: Double
        public var miners: [Miner]
        public var validators: [Validator]

        public init(id: Int, totalEmission: Double, minerPool: Double, validatorPool: Double,
                    tasksProcessed: Int, trapsInjected: Int, breakthroughs: Int, avgCMS: Double,
                    miners: [Miner], validators: [Validator]) {
            self.id = id
            self.totalEmission = totalEmission
            self.minerPool = minerPool
            self.validatorPool = validatorPool
            self.tasksProcessed = tasksProcessed
            self.trapsInjected = trapsInjected
            self.breakthroughs = breakthroughs
            self.avgCMS = avgCMS
            self.miners = miners
            self.validators = validators
        }
    }

    /// The report's heading.
    public var title: String
    /// A sentence or two under the heading (the config's description).
    public var summary: String
    /// Facts about the run: config name, seed, epochs, emission, generator, commit, config hash.
    public var run: [ReportField]
    public var epochs: [Epoch]
    /// The formulas used, one per role, with their parameters.
    public var formulas: [FormulaInfo]
    /// Dimension profile per miner id (a run's mean, or the tier's base scores).
    public var dimensions: [String: DimensionProfile]
    /// What ``dimensions`` hold (shown next to them), e.g. "tier base scores (before noise)".
    public var dimensionsNote: String
    /// A reference profile per miner drawn as a marker on each dimension bar (e.g. the tier's base
    /// scores when ``dimensions`` are measured means); empty for none.
    public var dimensionBaselines: [String: DimensionProfile] = [:]

    public init(title: String, summary: String = "", run: [ReportField] = [], epochs: [Epoch],
                formulas: [FormulaInfo] = [], dimensions: [String: DimensionProfile] = [:],
                dimensionsNote: String = "") {
        self.title = title
        self.summary = summary
        self.run = run
        self.epochs = epochs
        self.formulas = formulas
        self.dimensions = dimensions
        self.dimensionsNote = dimensionsNote
    }

    /// The last epoch, if any.
    public var lastEpoch: Epoch? { epochs.last }
}

/// A reputation pipeline run: how much weight each reputation tier received with and without the
/// reputation weighting, per miner and over the rounds.
public struct ReputationReport: Sendable, Hashable {
    /// One tier's share of the total weight.
    public struct TierShare: Sendable, Hashable {
        public var tier: String
        public var miners: Int
        /// Share of the weight without reputation weighting (in [0, 1]).
        public var unweighted: Double
        /// Share of the weight with reputation weighting (in [0, 1]).
        public var weighted: Double
        /// Share of the chain's incentive without and with reputation, when the run had a chain.
        public var incentiveUnweighted: Double? = nil
        public var incentiveWeighted: Double? = nil

        public init(tier: String, miners: Int, unweighted: Double, weighted: Double,
                    incentiveUnweighted: Double? = nil, incentiveWeighted: Double? = nil) {
            self.tier = tier
            self.miners = miners
            self.unweighted = unweighted
            self.weighted = weighted
            self.incentiveUnweighted = incentiveUnweighted
            self.incentiveWeighted = incentiveWeighted
        }
    }

    /// One miner's weight, and optionally how the policy arrived at it.
    public struct MinerWeight: Sendable, Hashable {
        /// The miner's identity (a hotkey), used as the row's `data-miner`.
        public var id: String
        public var tier: String
        /// Share of the weight without reputation weighting (in [0, 1]).
        public var unweighted: Double
        /// Share of the weight with reputation weighting (in [0, 1]).
        public var weighted: Double
        /// The chain uid, when known (shown before the id).
        public var uid: Int?
        /// How the policy weighed the miner; `nil` when only the shares are known.
        public var factors: Factors?

        public init(id: String, tier: String, unweighted: Double, weighted: Double, uid: Int? = nil, factors: Factors? = nil) {
            self.id = id
            self.tier = tier
            self.unweighted = unweighted
            self.weighted = weighted
            self.uid = uid
            self.factors = factors
        }
    }

    /// What a policy applied to one miner: `weighted reward = base reward × multiplier`, with
    /// `multiplier = tier factor × score factor`.
    public struct Factors: Sendable, Hashable {
        /// The miner's reputation score (before clamping).
        public var repScore: Double
        /// The score factor applied (for `tier-clamp`, the score clamped to the policy's range).
        public var scoreFactor: Double
        /// The tier multiplier applied.
        public var tierFactor: Double
        /// `tier factor × score factor`.
        public var multiplier: Double
        /// The reward before reputation weighting.
        public var baseReward: Double
        /// The reward after it.
        public var weightedReward: Double

        public init(repScore: Double, scoreFactor: Double, tierFactor: Double, multiplier: Double,
                    baseReward: Double, weightedReward: Double) {
            self.repScore = repScore
            self.scoreFactor = scoreFactor
            self.tierFactor = tierFactor
            self.multiplier = multiplier
            self.baseReward = baseReward
            self.weightedReward = weightedReward
        }
    }

    /// The weighted tier shares after one round (epoch) of the pipeline.
    public struct Round: Sendable, Hashable {
        public var round: Int
        /// Weighted share per tier name.
        public var weighted: [String: Double]
        /// A note for the round, e.g. "service outage: cached snapshot used".
        public var note: String?

        public init(round: Int, weighted: [String: Double], note: String? = nil) {
            self.round = round
            self.weighted = weighted
            self.note = note
        }
    }

    /// Miners per tier after one cycle of a multi-cycle run.
    public struct CyclePopulation: Sendable, Hashable {
        public var cycle: Int
        public var populations: [String: Int]
        public init(cycle: Int, populations: [String: Int]) {
            self.cycle = cycle
            self.populations = populations
        }
    }

    /// Miners that moved from one tier to another over a multi-cycle run.
    public struct Flow: Sendable, Hashable {
        public var from: String
        public var to: String
        public var count: Int
        public init(from: String, to: String, count: Int) {
            self.from = from
            self.to = to
            self.count = count
        }
    }

    public var title: String
    public var summary: String
    public var run: [ReportField]
    /// Tiers in display order (best first).
    public var tiers: [TierShare]
    public var miners: [MinerWeight]
    public var rounds: [Round]
    public var formulas: [FormulaInfo]
    /// Free-form findings (outages, failed expectations), one per line.
    public var notes: [String]
    /// What the per-miner numbers are (shown above the miner table), e.g. "means over 36 weighings".
    public var minersNote: String
    /// Tier populations cycle by cycle (multi-cycle runs; empty otherwise).
    public var populations: [CyclePopulation]
    /// Tier-to-tier migrations summed over the run (multi-cycle runs; empty otherwise).
    public var flows: [Flow]

    public init(title: String, summary: String = "", run: [ReportField] = [], tiers: [TierShare],
                miners: [MinerWeight] = [], rounds: [Round] = [], formulas: [FormulaInfo] = [], notes: [String] = [],
                minersNote: String = "", populations: [CyclePopulation] = [], flows: [Flow] = []) {
        self.title = title
        self.summary = summary
        self.run = run
        self.tiers = tiers
        self.miners = miners
        self.rounds = rounds
        self.formulas = formulas
        self.notes = notes
        self.minersNote = minersNote
        self.populations = populations
        self.flows = flows
    }
}

/// A config matrix: the same metrics measured in every cell (one combination of settings) over
/// several seeds, compared with their intervals.
public struct MatrixReport: Sendable, Hashable {
    /// A metric's value in one cell over the seeds: mean and an interval (e.g. a 95 % confidence
    /// interval, or min…max).
    public struct Interval: Sendable, Hashable {
        public var mean: Double
        public var low: Double
        public var high: Double
        /// How many seeds the value is taken over.
        public var samples: Int

        public init(mean: Double, low: Double, high: Double, samples: Int) {
            self.mean = mean
            self.low = low
            self.high = high
            self.samples = samples
        }
    }

    /// One combination of settings.
    public struct Cell: Sendable, Hashable {
        /// Short name shown on the chart (`consensus=median, emission=250`).
        public var label: String
        /// The settings that define the cell.
        public var settings: [ReportField]
        /// Metric name → interval over seeds.
        public var metrics: [String: Interval]

        public init(label: String, settings: [ReportField] = [], metrics: [String: Interval]) {
            self.label = label
            self.settings = settings
            self.metrics = metrics
        }
    }

    public var title: String
    public var summary: String
    public var run: [ReportField]
    /// Metric names in display order; each gets its own comparison chart.
    public var metrics: [String]
    /// What the intervals are ("95 % confidence interval of the mean over 8 seeds").
    public var intervalNote: String
    public var cells: [Cell]

    public init(title: String, summary: String = "", run: [ReportField] = [], metrics: [String],
                intervalNote: String = "", cells: [Cell]) {
        self.title = title
        self.summary = summary
        self.run = run
        self.metrics = metrics
        self.intervalNote = intervalNote
        self.cells = cells
    }
}
