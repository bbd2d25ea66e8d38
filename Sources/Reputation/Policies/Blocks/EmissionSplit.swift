public import ScoringCore

extension ComponentKind {
    /// ``EmissionSplit`` values: how a validator's weights are shared between miners and reserved UIDs.
    public static let emissionSplit = ComponentKind(rawValue: "emission-split")
}

/// How a validator's weights are split between the miners and reserved UIDs: a burn UID (weight set
/// on it is burned, as subnets do with the owner's UID) and named reserved pools (each one or more
/// UIDs sharing a fixed fraction equally). The miners share what is left, in proportion to their
/// weighted rewards.
///
/// With miner rewards totalling `T > 0` and miner share `m = 1 − burn − Σ pool shares`, a reserved
/// UID of share `s` gets the amount `T · s / m`; normalised, the miners then hold exactly `m` of the
/// weight and each reserve exactly its `s`. With `T = 0` the reserves hold everything, in their
/// ratios. ``allToMiners`` (no reserves) is phase 3's split.
public struct EmissionSplit: Sendable, Hashable {
    /// A reserved pool: `share` of the weight, split equally among `uids`.
    public struct Pool: Sendable, Hashable {
        public var name: String
        public var uids: [Int]
        public var share: Double
        public init(name: String, uids: [Int], share: Double) {
            self.name = name
            self.uids = uids
            self.share = share
        }
    }

    /// One reserved UID's amount, to weigh beside the miners.
    public struct ReservedAmount: Sendable, Hashable {
        public var uid: Int
        /// `burn` or the pool's name.
        public var label: String
        public var amount: Double
    }

    /// The UID whose weight is burned, when any.
    public let burnUID: Int?
    public let burnShare: Double
    public let pools: [Pool]

    /// - Throws: ``TierTableError`` when a share is outside [0, 1], the reserves take 1 or more, a UID is
    ///   negative or reserved twice, or a pool has no UID.
    public init(burnUID: Int?, burnShare: Double, pools: [Pool]) throws(TierTableError) {
        guard burnShare.isFinite, (0...1).contains(burnShare) else {
            throw TierTableError("the burn share must be in [0, 1], found \(burnShare)")
        }
        if burnShare > 0, burnUID == nil { throw TierTableError("a burn share of \(burnShare) needs a burn UID") }
        var seen = Set<Int>()
        if let burnUID {
            guard burnUID >= 0 else { throw TierTableError("the burn UID must be non-negative, found \(burnUID)") }
            seen.insert(burnUID)
        }
        for p in pools {
            guard p.share.isFinite, (0...1).contains(p.share) else {
                throw TierTableError("the share of pool '\(p.name)' must be in [0, 1], found \(p.share)")
            }
            guard !p.uids.isEmpty else { throw TierTableError("pool '\(p.name)' names no UID") }
            for u in p.uids {
                guard u >= 0 else { throw TierTableError("pool '\(p.name)': UID \(u) must be non-negative") }
                guard seen.insert(u).inserted else {
                    throw TierTableError("UID \(u) is reserved twice (pool '\(p.name)' and the burn UID or another pool)")
                }
            }
        }
        let reserved = burnShare + pools.reduce(0) { $0 + $1.share }
        guard reserved < 1 else {
            throw TierTableError("the burn and pool shares add up to \(reserved): they must leave the miners a share (sum < 1)")
        }
        self.burnUID = burnUID
        self.burnShare = burnShare
        self.pools = pools
    }

    private init(unchecked burnUID: Int?, burnShare: Double, pools: [Pool]) {
        self.burnUID = burnUID
        self.burnShare = burnShare
        self.pools = pools
    }

    /// Everything to the miners (phase 3).
    public static let allToMiners = EmissionSplit(unchecked: nil, burnShare: 0, pools: [])

    /// The miners' share of the weight, `1 − burn − Σ pool shares`.
    public var minerShare: Double { 1 - burnShare - pools.reduce(0) { $0 + $1.share } }

    /// Every reserved UID.
    public var reservedUIDs: Set<Int> { Set((burnUID.map { [$0] } ?? []) + pools.flatMap(\.uids)) }

    /// The reserved UIDs' amounts beside miner rewards totalling `minerTotal` (see the type's equation),
    /// burn first, then the pools in the order written; UIDs with a zero share are left out.
    public func reservedAmounts(minerTotal: Double) -> [ReservedAmount] {
        let scale = minerTotal > 0 ? minerTotal / minerShare : 1
        var out: [ReservedAmount] = []
        if let burnUID, burnShare > 0 { out.append(ReservedAmount(uid: burnUID, label: "burn", amount: burnShare * scale)) }
        for p in pools where p.share > 0 {
            for u in p.uids { out.append(ReservedAmount(uid: u, label: p.name, amount: p.share / Double(p.uids.count) * scale)) }
        }
        return out
    }

    // MARK: - Components

    public static let allToMinersKey: ComponentKey = "all-to-miners"
    public static let burnAndPoolsKey: ComponentKey = "burn-and-pools"

    static let allToMinersDescriptor = ComponentDescriptor(
        key: allToMinersKey, kind: .emissionSplit,
        summary: "Every weight to the miners (phase 3)", equation: "miner share = 1", parameters: [])

    static let burnAndPoolsDescriptor = ComponentDescriptor(
        key: burnAndPoolsKey, kind: .emissionSplit,
        summary: "A burn UID and reserved pools take fixed shares of the weight; the miners share the rest",
        equation: "reserve amount = T · s / (1 − burn − Σ pools); miners keep 1 − burn − Σ pools of the weight",
        parameters: [
            .integer("burn_uid", default: 0, range: 0...65_535, "The UID whose weight is burned"),
            .number("burn", default: 0, range: 0...1, "Share of the weight set on the burn UID"),
            .structured("pools", default: .list([]), shape: "list of {name, uids: [int…], share}",
                        "Reserved pools, e.g. [{name: treasury, uids: [1], share: 0.05}]"),
        ])

    static func makeBurnAndPools(_ parameters: ParameterValues) throws -> EmissionSplit {
        let node = try parameters.node("pools")
        let path = parameters.path.isEmpty ? "pools" : "\(parameters.path).options.pools"
        guard let elements = node.elements else {
            throw ConfigError(.wrongType, at: node.location ?? parameters.location, path: path,
                              "'\(path)' must be a list of {name, uids, share}, found \(node.value.typeName)")
        }
        var pools: [Pool] = []
        for (i, element) in elements.enumerated() {
            let r = try ConfigReader(element, path: "\(path)[\(i)]")
            var uids: [Int] = []
            for (j, u) in (r.raw("uids")?.elements ?? []).enumerated() {
                guard let n = u.intValue else {
                    throw ConfigError(.wrongType, at: u.location ?? element.location, path: "\(path)[\(i)].uids[\(j)]",
                                      "a pool UID must be an integer, found \(u.value.typeName)")
                }
                uids.append(n)
            }
            pools.append(Pool(name: try r.string("name"), uids: uids, share: try r.double("share", range: 0...1)))
            try r.finish()
        }
        let burn = try parameters.double("burn")
        do {
            return try EmissionSplit(burnUID: try parameters.int("burn_uid"), burnShare: burn, pools: pools)
        } catch let error as TierTableError {
            throw ConfigError(.invalidValue, at: node.location ?? parameters.location, path: path, error.message)
        }
    }

    /// Registers `all-to-miners` and `burn-and-pools` in ``ComponentKind/emissionSplit``.
    static func register(into registry: inout ScoringRegistry) throws {
        try registry.register(allToMinersDescriptor) { _ in EmissionSplit.allToMiners }
        try registry.register(burnAndPoolsDescriptor) { try makeBurnAndPools($0) }
    }
}
