/// One epoch of one subnet as the chain sees it: the inputs of subtensor's `epoch_mechanism`.
///
/// Every per-UID array has ``uidCount`` entries, indexed by UID.
public struct ChainEpochInput: Sendable, Hashable {
    /// The block the epoch runs at.
    public var block: UInt64
    /// Stake per UID (any unit; the mechanism normalises). Finite and ≥ 0.
    public var stakes: [Double]
    /// The weights as stored on chain: one row per UID, u16 values (rows of non-validators are
    /// usually empty). Rows need not be max-upscaled; the mechanism normalises them.
    public var weights: SparseMatrix<UInt16>
    /// Validator permits as stored before this epoch (subtensor recomputes them each epoch from
    /// stake; see ``ChainEpochResult/validatorPermits``).
    public var validatorPermits: [Bool]
    /// Block of each UID's last weight update (for the activity cutoff).
    public var lastUpdate: [UInt64]
    /// Block at which each UID registered (weights set before it are masked).
    public var registeredAt: [UInt64]
    /// Emission to split this epoch (any unit, e.g. TAO or rao); ≥ 0.
    public var emission: Double
    /// The UID of the subnet owner's hotkey, when it is registered: subtensor always gives it a
    /// validator permit, keeps its self-weight and exempts it from the stake threshold.
    public var ownerUID: Int?

    public init(block: UInt64, stakes: [Double], weights: SparseMatrix<UInt16>, validatorPermits: [Bool],
                lastUpdate: [UInt64], registeredAt: [UInt64], emission: Double, ownerUID: Int? = nil) {
        self.block = block
        self.stakes = stakes
        self.weights = weights
        self.validatorPermits = validatorPermits
        self.lastUpdate = lastUpdate
        self.registeredAt = registeredAt
        self.emission = emission
        self.ownerUID = ownerUID
    }

    /// The number of UIDs in the subnet.
    public var uidCount: Int { stakes.count }
}

/// What a mechanism carries from one epoch to the next (subtensor's stored bonds, and the epoch's
/// consensus for mechanisms that read the previous one; subtensor's liquid alpha at 14bc6f9f9 reads
/// the consensus of the epoch being computed, not the carried one).
public struct ChainState: Sendable, Hashable {
    /// Bonds, one row per validator UID, values in [0, 1] (the mechanism's own scale, e.g. u16/65535).
    public var bonds: SparseMatrix<Double>
    /// Consensus per UID from the previous epoch (empty before the first).
    public var consensus: [Double]
    /// Anything else a research mechanism keeps, by name (empty for the built-in ones).
    public var extra: [String: [Double]]

    public init(bonds: SparseMatrix<Double>, consensus: [Double] = [], extra: [String: [Double]] = [:]) {
        self.bonds = bonds
        self.consensus = consensus
        self.extra = extra
    }

    /// No bonds, no history: the state before the first epoch of a subnet of `uidCount` UIDs.
    public static func initial(uidCount: Int) -> ChainState {
        ChainState(bonds: SparseMatrix(count: uidCount))
    }
}

/// The outputs of one epoch, per UID, and the state to carry into the next.
///
/// Values are what subtensor computes before storing; ``stored`` holds the u16 quantisation the
/// chain keeps (consensus, incentive, dividends, trust, validator trust).
public struct ChainEpochResult: Sendable, Hashable {
    public var ranks: [Double]
    public var trust: [Double]
    public var consensus: [Double]
    public var incentive: [Double]
    public var validatorTrust: [Double]
    public var dividends: [Double]
    /// Emission to each UID as a server (miner).
    public var serverEmission: [Double]
    /// Emission to each UID as a validator.
    public var validatorEmission: [Double]
    /// Validator permits computed this epoch.
    public var validatorPermits: [Bool]
    /// Whether each UID counted as active (last update within the activity cutoff).
    public var active: [Bool]
    /// The per-UID outputs as the chain stores them (u16).
    public var stored: StoredOutputs
    /// The state for the next epoch (bonds included).
    public var state: ChainState

    /// u16 quantisations as subtensor stores them.
    public struct StoredOutputs: Sendable, Hashable {
        public var consensus: [UInt16]
        public var incentive: [UInt16]
        public var dividends: [UInt16]
        public var trust: [UInt16]
        public var validatorTrust: [UInt16]
        /// Bonds as stored (u16 per entry).
        public var bonds: SparseMatrix<UInt16>
        public init(consensus: [UInt16], incentive: [UInt16], dividends: [UInt16], trust: [UInt16],
                    validatorTrust: [UInt16], bonds: SparseMatrix<UInt16>) {
            self.consensus = consensus
            self.incentive = incentive
            self.dividends = dividends
            self.trust = trust
            self.validatorTrust = validatorTrust
            self.bonds = bonds
        }
    }

    public init(ranks: [Double], trust: [Double], consensus: [Double], incentive: [Double],
                validatorTrust: [Double], dividends: [Double], serverEmission: [Double],
                validatorEmission: [Double], validatorPermits: [Bool], active: [Bool],
                stored: StoredOutputs, state: ChainState) {
        self.ranks = ranks
        self.trust = trust
        self.consensus = consensus
        self.incentive = incentive
        self.validatorTrust = validatorTrust
        self.dividends = dividends
        self.serverEmission = serverEmission
        self.validatorEmission = validatorEmission
        self.validatorPermits = validatorPermits
        self.active = active
        self.stored = stored
        self.state = state
    }

    /// Total emission per UID (server plus validator).
    public var emission: [Double] { zip(serverEmission, validatorEmission).map { $0 + $1 } }
}

/// Why a chain epoch input was refused: the field, the UID when one is at fault, and what was expected.
public struct ChainInputError: Error, Sendable, Hashable, CustomStringConvertible {
    public var field: String
    public var uid: Int?
    public var message: String
    public init(field: String, uid: Int? = nil, _ message: String) {
        self.field = field
        self.uid = uid
        self.message = message
    }
    public var description: String {
        "\(field)\(uid.map { " (uid \($0))" } ?? ""): \(message)"
    }
}
