public import ScoringCore
public import Chain

/// The `chain:` section of a simulation: which chain splits the TAO, how often validators set
/// weights, and how they turn their own scores into weights.
///
/// ```yaml
/// chain:
///   mechanism: {type: yuma, options: {arithmetic: float, yuma3: true, liquid_alpha: true}}
///   tempo: 1                    # epochs between weight settings and chain epochs (integer ≥ 1, 1)
///   emission: 100               # TAO per tempo (number > 0; default: the simulation's emission × tempo)
///   owner_cut: 0.18             # share of each tempo's emission to the subnet owner (0…1, 0.18 as subtensor)
///   weight_setter: reasonforge-peb   # a weight-setting component (reasonforge-peb | moving-average | miid-phase3)
///   min_allowed_weights: 1      # SDK weight processing (integer ≥ 0, 1)
///   max_weight_limit: 1.0       # SDK weight processing, fraction (0…1, 1.0)
///   exclude_quantile: 0         # SDK weight processing, u16 (0…65535, 0)
/// ```
/// `chain: none` (the default, or `mechanism: none`) keeps ReasonForge's own emission formulas:
/// nothing of this section enters the run, its outputs or its manifest.
public struct SimulationChainSettings: Sendable {
    /// The mechanism's key as written (`yuma`, `yuma1`, …) and the mechanism.
    public var mechanismKey: String
    public var mechanism: any ChainConsensus
    /// Epochs per chain tempo.
    public var tempo: Int
    /// TAO emitted per tempo (before the owner's cut).
    public var emissionPerTempo: Double
    public var ownerCut: Double
    public var weightSetterKey: String
    public var weightSetter: any WeightSetter
    public var emission: WeightEmission
    /// Blocks between two chain epochs (the mechanism's `tempo` option when it has one, else 360).
    public var blocksPerTempo: UInt64

    public init(mechanismKey: String = "yuma", mechanism: any ChainConsensus, tempo: Int = 1, emissionPerTempo: Double,
                ownerCut: Double = 0.18, weightSetterKey: String = "reasonforge-peb",
                weightSetter: any WeightSetter = ReasonForgeWeightSetter(), emission: WeightEmission = WeightEmission(),
                blocksPerTempo: UInt64 = 360) {
        self.mechanismKey = mechanismKey
        self.mechanism = mechanism
        self.tempo = tempo
        self.emissionPerTempo = emissionPerTempo
        self.ownerCut = ownerCut
        self.weightSetterKey = weightSetterKey
        self.weightSetter = weightSetter
        self.emission = emission
        self.blocksPerTempo = blocksPerTempo
    }

    /// Reads `chain` from the simulation section; `nil` when absent or `none` (records nothing then).
    static func read(_ r: ConfigReader, simulationEmission: Double, registry: ScoringRegistry) throws(ConfigError) -> SimulationChainSettings? {
        guard r.contains("chain") else { return nil }
        guard let node = r.raw("chain"), !node.isNull else { return nil }
        if let s = node.stringValue {
            guard s == "none" else {
                throw ConfigError(.invalidValue, at: node.location, path: r.path(of: "chain"),
                                  "'\(r.path(of: "chain"))' must be 'none' or a mapping with 'mechanism'", choices: ["none"])
            }
            return nil
        }
        let c = try r.section("chain")
        if c.node["mechanism"]?.stringValue == "none" {
            _ = c.raw("mechanism")
            try c.finish()
            return nil
        }
        let mechanism = try c.component("mechanism", kind: .chainConsensus, default: "yuma", in: registry,
                                        as: (any ChainConsensus).self)
        let resolvedMechanism = c.resolved["mechanism"]
        let key = resolvedMechanism?["type"]?.stringValue ?? "yuma"
        let blocks: UInt64
        if case .int(let t)? = resolvedMechanism?["options"]?["tempo"]?.value, t > 0 { blocks = UInt64(t) } else { blocks = 360 }
        let tempo = try c.int("tempo", default: 1, range: 1...1_000_000)
        let emission = try c.double("emission", default: simulationEmission * Double(tempo), range: 1e-12...1e15)
        let ownerCut = try c.double("owner_cut", default: 0.18, range: 0...1)
        let setter = try c.component("weight_setter", kind: .weightSetting, default: "reasonforge-peb", in: registry,
                                     as: (any WeightSetter).self)
        let setterKey = c.resolved["weight_setter"]?["type"]?.stringValue ?? "reasonforge-peb"
        let processing = WeightEmission(
            minAllowedWeights: try c.int("min_allowed_weights", default: 1, range: 0...65_535),
            maxWeightLimit: try c.double("max_weight_limit", default: 1.0, range: 0...1),
            excludeQuantile: try c.int("exclude_quantile", default: 0, range: 0...65_535))
        return SimulationChainSettings(mechanismKey: key, mechanism: mechanism, tempo: tempo, emissionPerTempo: emission,
                                       ownerCut: ownerCut, weightSetterKey: setterKey, weightSetter: setter,
                                       emission: processing, blocksPerTempo: blocks)
    }
}
