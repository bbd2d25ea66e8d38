public import ScoringCore

/// One miner's line of an epoch report (values unrounded except the rewards, which the loop rounds
/// to 6 decimals before accumulating them, as the reference does).
public struct MinerEpochResult: Sendable, Hashable {
    /// Index into the roster's miners.
    public var miner: Int
    /// 1-based rank this epoch.
    public var rank: Int
    public var sEpoch: Double
    public var peb: Double
    public var streak: Int
    /// Reward this epoch, rounded to 6 decimals.
    public var epochTao: Double
    /// Sum of the rounded rewards so far.
    public var totalTao: Double
    public var trapPenalty: Double
    /// Breakthroughs since the run started.
    public var breakthroughs: Int
    /// Submissions flagged as plagiarised this epoch (0 when detection is off).
    public var plagiarismFlags: Int
    /// The mean of the miner's measured dimensions over its submissions this epoch: the simulated
    /// (noisy, clamped) quality, accuracy, novelty and efficiency as fed to the composite score,
    /// before the consensus rescaling; a copycat's are those of the answer it copied. Zeros when
    /// the miner submitted nothing.
    public var dimensions: DimensionScores
    /// What the chain stored for the miner at its last epoch (`nil` without a chain).
    public var chain: MinerChainFigures? = nil
}

/// A miner's figures from the last chain epoch (values as the mechanism computed them, before u16 storage).
public struct MinerChainFigures: Sendable, Hashable {
    public var incentive: Double
    public var consensus: Double
    public var trust: Double
}

/// A validator's figures from the last chain epoch.
public struct ValidatorChainFigures: Sendable, Hashable {
    public var dividends: Double
    public var validatorTrust: Double
    /// The sum of the validator's bond row (each bond in [0, 1]).
    public var bonds: Double
    /// Whether its row was last set at this chain epoch (false for a lazy validator in between, a copier before consensus exists).
    public var setWeights: Bool
}

/// The chain side of an epoch.
public struct EpochChainFigures: Sendable, Hashable {
    /// Whether a chain epoch ran at the end of this simulation epoch (the tempo ended).
    public var ran: Bool
    /// Chain epochs run so far.
    public var chainEpochs: Int
    /// TAO to the subnet owner this epoch.
    public var ownerTao: Double
}

/// One validator's line of an epoch report.
public struct ValidatorEpochResult: Sendable, Hashable {
    /// Index into the roster's validators.
    public var validator: Int
    public var vas: Double
    public var reputation: Double
    /// Reward this epoch, rounded to 6 decimals.
    public var epochTao: Double
    public var totalTao: Double
    /// Stake that Eq. 10 would slash this epoch (reported, not deducted, as in the reference).
    public var slashed: Double
    /// What the chain stored for the validator at its last epoch (`nil` without a chain).
    public var chain: ValidatorChainFigures? = nil
}

/// What one epoch produced: the reference's per-epoch response plus our extras.
public struct EpochReport: Sendable, Hashable {
    public var epoch: Int
    public var totalEmission: Double
    public var minerPool: Double
    public var validatorPool: Double
    public var tasksProcessed: Int
    public var trapsInjected: Int
    /// Breakthroughs this epoch.
    public var breakthroughs: Int
    /// Mean final CMS over every (task, miner) pair, traps and breakthroughs included.
    public var avgCMS: Double
    /// In rank order.
    public var miners: [MinerEpochResult]
    /// In roster order.
    public var validators: [ValidatorEpochResult]
    /// Submissions flagged as plagiarised this epoch.
    public var plagiarismFlags: Int
    /// The chain side of the epoch (`nil` without a chain).
    public var chain: EpochChainFigures? = nil
}
