public import ReasonForge

/// What a simulated miner does with a task.
public enum MinerBehaviour: Sendable, Hashable {
    /// Solves every task itself, from its tier profile.
    case honest
    /// Resubmits another miner's answer: the copied submission's dimension scores, and its text
    /// with each word replaced with probability `noise`.
    case copycat(target: CopyTarget, noise: Double)

    public var isCopycat: Bool {
        if case .copycat = self { return true }
        return false
    }
}

/// Whose answers a copycat resubmits.
public enum CopyTarget: Sendable, Hashable {
    /// The honest miner ranked best in the previous epoch (the first honest miner in epoch 1).
    case leader
    /// A fixed miner, by id.
    case miner(String)
}

/// One simulated miner of a roster.
public struct SimulatedMiner: Sendable, Hashable {
    public var id: String
    public var name: String
    /// Tier name (`elite` … `adversarial`), shown in tables and used for run metrics.
    public var tier: String
    public var profile: MinerTierProfile
    public var behaviour: MinerBehaviour
    /// The operator of a sybil miner (one operator, many UIDs, each resubmitting one answer stream);
    /// `nil` for every other miner. A sybil's ``behaviour`` is a noiseless copy of its target.
    public var sybilOperator: String?

    public init(id: String, name: String, tier: String, profile: MinerTierProfile, behaviour: MinerBehaviour = .honest,
                sybilOperator: String? = nil) {
        self.id = id
        self.name = name
        self.tier = tier
        self.profile = profile
        self.behaviour = behaviour
        self.sybilOperator = sybilOperator
    }
}

/// One simulated validator of a roster.
public struct SimulatedValidator: Sendable, Hashable {
    public var id: String
    public var name: String
    /// Stake; written as an integer in outputs when it is integral (as the reference does).
    public var stake: Double
    /// Profile name (`honest`, `good`, `lazy`, `malicious`).
    public var profileName: String
    public var profile: ReasonForge.ValidatorProfile
    /// What it does with its weights when a chain is configured (``ValidatorBehaviour``).
    public var behaviour: ValidatorBehaviour

    public init(id: String, name: String, stake: Double, profileName: String, profile: ReasonForge.ValidatorProfile,
                behaviour: ValidatorBehaviour = .honest) {
        self.id = id
        self.name = name
        self.stake = stake
        self.profileName = profileName
        self.profile = profile
        self.behaviour = behaviour
    }
}

/// The participants of a simulation, in roster order (which fixes generator seeds and tie order).
public struct Roster: Sendable, Hashable {
    public var miners: [SimulatedMiner]
    public var validators: [SimulatedValidator]

    public init(miners: [SimulatedMiner], validators: [SimulatedValidator]) {
        self.miners = miners
        self.validators = validators
    }

    /// The reference roster's miners: (id, name, tier), in the reference's order.
    public static let referenceMiners: [(id: String, name: String, tier: String)] = [
        ("m-001", "DeepReason-v3", "elite"), ("m-002", "LogicForge-7B", "elite"),
        ("m-003", "ProofMaster", "strong"), ("m-004", "ReasonSwarm", "strong"), ("m-005", "CausalNet", "strong"),
        ("m-006", "ThinkChain", "mid"), ("m-007", "InferBot", "mid"), ("m-008", "NovaMind", "mid"),
        ("m-009", "BasicReasoner", "weak"), ("m-010", "CheapInference", "weak"),
        ("m-011", "SpamBot-X", "adversarial"), ("m-012", "CopyCat-3", "adversarial"),
    ]

    /// The reference roster's validators: (id, name, stake, profile), in the reference's order.
    public static let referenceValidators: [(id: String, name: String, stake: Double, profile: String)] = [
        ("v-001", "TruthGuard", 5000, "honest"), ("v-002", "AccuScore", 3000, "honest"),
        ("v-003", "FairCheck", 4000, "good"), ("v-004", "QuickVal", 2000, "good"),
        ("v-005", "LazyNode", 1500, "lazy"), ("v-006", "BadActor", 1000, "malicious"),
    ]
}
