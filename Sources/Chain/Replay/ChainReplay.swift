public import ScoringCore

/// A recorded sequence of epochs of one subnet, ready to run through any ``ChainConsensus``:
/// stakes and weights per UID, plus optional blocks, last updates, registrations, emission and
/// bond resets, and validator behaviours that depend on the mechanism's own output (a weight
/// copier, a late validator, client-side winner-takes-all).
///
/// Read with ``ChainReplayReader`` from YAML, JSON or CSV (docs/chain-replay.md describes the
/// formats, including the shape of yuma-simulation's cases); run with ``ChainReplayRunner``.
public struct ChainReplay: Sendable, Hashable {
    /// One recorded epoch. Every per-UID array has ``ChainReplay/uidCount`` entries.
    public struct Epoch: Sendable, Hashable {
        /// The block the epoch runs at.
        public var block: UInt64
        public var stakes: [Double]
        /// u16 weights as stored on chain, one row per UID (explicit zeros kept as written).
        public var weights: SparseMatrix<UInt16>
        public var lastUpdate: [UInt64]
        public var registeredAt: [UInt64]
        public var emission: Double
        /// UIDs whose bond column is cleared before this epoch runs (a re-registered miner).
        public var resetBonds: [Int]
        /// Where the epoch was written (for errors raised while running it).
        public var location: SourceLocation?

        public init(block: UInt64, stakes: [Double], weights: SparseMatrix<UInt16>, lastUpdate: [UInt64],
                    registeredAt: [UInt64], emission: Double, resetBonds: [Int] = [], location: SourceLocation? = nil) {
            self.block = block
            self.stakes = stakes
            self.weights = weights
            self.lastUpdate = lastUpdate
            self.registeredAt = registeredAt
            self.emission = emission
            self.resetBonds = resetBonds
            self.location = location
        }
    }

    /// What a validator does instead of (or to) its recorded weights, decided while the replay runs.
    public enum Behaviour: Sendable, Hashable {
        /// Sets its weights to the consensus of the previous epoch, as computed by the mechanism
        /// being run (its recorded row is used in the first epoch).
        case copiesConsensus
        /// Sets, in epoch e, the row it recorded for epoch e − `epochs` (late when positive; early
        /// when negative, as yuma-simulation's `introduce_shift`); clamped to the first and last epoch.
        case shifted(epochs: Int)
        /// Keeps only its largest weight (lowest UID on ties), at 65535.
        case winnerTakesAll
    }

    /// A name for the replay (file stem or `name:`).
    public var name: String
    /// A short label per UID (`uid3` when none was given), used in outputs and metric names.
    public var labels: [String]
    /// The UIDs the outputs treat as validators (set weights or hold stake in some epoch, unless listed).
    public var validators: [Int]
    /// The UID whose results other validators are compared with (yuma-simulation's `base_validator`).
    public var baseValidator: Int?
    /// The subnet owner's UID, when it is registered (it keeps a validator permit and its self-weight).
    public var owner: Int?
    public var behaviours: [Int: Behaviour]
    public var epochs: [Epoch]

    public init(name: String, labels: [String], validators: [Int], baseValidator: Int? = nil, owner: Int? = nil,
                behaviours: [Int: Behaviour] = [:], epochs: [Epoch]) {
        self.name = name
        self.labels = labels
        self.validators = validators
        self.baseValidator = baseValidator
        self.owner = owner
        self.behaviours = behaviours
        self.epochs = epochs
    }

    public var uidCount: Int { labels.count }

    /// UIDs that are not validators (the servers, or miners).
    public var servers: [Int] {
        let v = Set(validators)
        return (0..<uidCount).filter { !v.contains($0) }
    }

    /// Blocks between two epochs when a replay does not give them: subtensor's default tempo, so
    /// an epoch's `block − tempo` (where Yuma's bond registration mask starts) lies after the
    /// default registration block 0 from the second epoch on.
    public static let defaultTempo = 360

    /// Emission per epoch when a replay does not give it: one TAO in rao (10⁹), since `yuma`'s
    /// fixed arithmetic truncates emission amounts to whole units.
    public static let defaultEmission = 1e9

    /// The default label of `uid`.
    public static func defaultLabel(_ uid: Int) -> String { "uid\(uid)" }

    /// `label` made safe for a metric name: lower case, runs of other characters as `_`.
    public static func slug(_ label: String) -> String {
        var out = ""
        var gap = false
        for ch in label.lowercased() {
            if ch.isASCII, ch.isLetter || ch.isNumber || ch == "-" {
                if gap, !out.isEmpty { out.append("_") }
                out.append(ch)
                gap = false
            } else {
                gap = true
            }
        }
        return out.isEmpty ? "x" : out
    }

    /// Validators: every UID that sets a weight or holds stake in some epoch.
    static func inferredValidators(uidCount: Int, epochs: [Epoch]) -> [Int] {
        var set = Set<Int>()
        for e in epochs {
            for (uid, row) in e.weights.rows.enumerated() where !row.isEmpty { set.insert(uid) }
            for (uid, s) in e.stakes.enumerated() where s > 0 { set.insert(uid) }
        }
        return set.sorted()
    }
}
