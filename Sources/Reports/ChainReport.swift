import ScoringCore

/// The input of the chain replay report: per mechanism, each validator's dividends and bonds and
/// each server's incentive over the epochs (the charts yuma-simulation draws), and a per-UID
/// table. Plain values, so any producer (the chain pipeline, a test, a script) can build one.
public struct ChainReport: Sendable, Hashable {
    /// One UID's values over the epochs.
    public struct Series: Sendable, Hashable {
        public var uid: Int
        public var label: String
        public var values: [Double]
        public init(uid: Int, label: String, values: [Double]) {
            self.uid = uid
            self.label = label
            self.values = values
        }
    }

    /// Bonds of every validator in one server, over the epochs.
    public struct BondChart: Sendable, Hashable {
        public var server: Int
        public var serverLabel: String
        /// One series per validator: its bond in `server` after each epoch.
        public var validators: [Series]
        public init(server: Int, serverLabel: String, validators: [Series]) {
            self.server = server
            self.serverLabel = serverLabel
            self.validators = validators
        }
    }

    /// One row of the per-UID table (values of the last epoch unless named total).
    public struct Row: Sendable, Hashable {
        public var uid: Int
        public var label: String
        public var role: String
        public var stake: Double
        public var incentive: Double
        public var dividends: Double
        public var emission: Double
        public var trust: Double
        public var validatorTrust: Double
        public var consensus: Double
        /// Σ dividends over the epochs.
        public var totalDividends: Double
        /// Σ incentive over the epochs.
        public var totalIncentive: Double
        /// The UID's bond row summed, after the last epoch.
        public var bonds: Double
        public init(uid: Int, label: String, role: String, stake: Double, incentive: Double, dividends: Double,
                    emission: Double, trust: Double, validatorTrust: Double, consensus: Double,
                    totalDividends: Double, totalIncentive: Double, bonds: Double) {
            self.uid = uid
            self.label = label
            self.role = role
            self.stake = stake
            self.incentive = incentive
            self.dividends = dividends
            self.emission = emission
            self.trust = trust
            self.validatorTrust = validatorTrust
            self.consensus = consensus
            self.totalDividends = totalDividends
            self.totalIncentive = totalIncentive
            self.bonds = bonds
        }
    }

    public struct Mechanism: Sendable, Hashable {
        public var label: String
        public var dividends: [Series]
        public var bonds: [BondChart]
        public var incentive: [Series]
        public var rows: [Row]
        public var metrics: [ReportField]
        public init(label: String, dividends: [Series], bonds: [BondChart], incentive: [Series], rows: [Row], metrics: [ReportField]) {
            self.label = label
            self.dividends = dividends
            self.bonds = bonds
            self.incentive = incentive
            self.rows = rows
            self.metrics = metrics
        }
    }

    public var title: String
    public var summary: String
    public var run: [ReportField]
    public var epochs: Int
    public var mechanisms: [Mechanism]
    /// Expectation results to show (passed, message).
    public var checks: [ReportField]

    public init(title: String, summary: String, run: [ReportField], epochs: Int, mechanisms: [Mechanism], checks: [ReportField] = []) {
        self.title = title
        self.summary = summary
        self.run = run
        self.epochs = epochs
        self.mechanisms = mechanisms
        self.checks = checks
    }
}
