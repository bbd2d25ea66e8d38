public import ScoringCore

/// A simulated miner tier: base dimension scores and the noise of each draw.
public struct MinerTierProfile: Sendable, Hashable {
    public var name: String
    public var quality: Double
    public var accuracy: Double
    public var novelty: Double
    public var efficiency: Double
    /// Standard deviation σ of the Gaussian noise added to each dimension.
    public var noise: Double

    public init(name: String, quality: Double, accuracy: Double, novelty: Double, efficiency: Double, noise: Double) {
        self.name = name
        self.quality = quality
        self.accuracy = accuracy
        self.novelty = novelty
        self.efficiency = efficiency
        self.noise = noise
    }

    /// The base scores as Q, A, N, Eff.
    public var base: DimensionScores {
        DimensionScores(quality: quality, accuracy: accuracy, novelty: novelty, efficiency: efficiency)
    }
}

/// The simulated miner tiers, in order (registered as kind ``ComponentKind/minerTiers``, key `reasonforge`).
///
/// The reference table: elite 0.88 0.90 0.80 0.85 σ0.06 · strong 0.78 0.80 0.70 0.75 σ0.08 ·
/// mid 0.65 0.68 0.55 0.65 σ0.10 · weak 0.45 0.50 0.40 0.55 σ0.12 · adversarial 0.20 0.15 0.10 0.30 σ0.15.
///
/// Option `tiers` (mapping, default empty) overrides fields of existing tiers or adds new ones,
/// appended in the order written. Every field is a number in [0, 1]; a new tier needs all five:
/// ```yaml
/// miner_tiers: {type: reasonforge, options: {tiers: {elite: {noise: 0.05},
///   genius: {quality: 0.95, accuracy: 0.95, novelty: 0.9, efficiency: 0.9, noise: 0.03}}}}
/// ```
public struct MinerTierTable: Sendable, Hashable {
    public var tiers: [MinerTierProfile]

    public init(tiers: [MinerTierProfile]) { self.tiers = tiers }

    public static let reference = MinerTierTable(tiers: [
        MinerTierProfile(name: "elite", quality: 0.88, accuracy: 0.90, novelty: 0.80, efficiency: 0.85, noise: 0.06),
        MinerTierProfile(name: "strong", quality: 0.78, accuracy: 0.80, novelty: 0.70, efficiency: 0.75, noise: 0.08),
        MinerTierProfile(name: "mid", quality: 0.65, accuracy: 0.68, novelty: 0.55, efficiency: 0.65, noise: 0.10),
        MinerTierProfile(name: "weak", quality: 0.45, accuracy: 0.50, novelty: 0.40, efficiency: 0.55, noise: 0.12),
        MinerTierProfile(name: "adversarial", quality: 0.20, accuracy: 0.15, novelty: 0.10, efficiency: 0.30, noise: 0.15),
    ])

    /// The tier named `name`, if any.
    public subscript(name: String) -> MinerTierProfile? { tiers.first { $0.name == name } }

    public var names: [String] { tiers.map(\.name) }

    static let fields = ["quality", "accuracy", "novelty", "efficiency", "noise"]

    public static let descriptor = ComponentDescriptor(
        key: "reasonforge", kind: .minerTiers,
        summary: "ReasonForge's five simulated miner tiers (elite, strong, mid, weak, adversarial)",
        reference: "ReasonForge simulator miner tiers",
        parameters: [.structured("tiers", default: ConfigNode(.map([])),
                                 shape: "mapping of tier name to {quality, accuracy, novelty, efficiency, noise}",
                                 "overrides of existing tiers, or new tiers with all five fields")])

    /// The reference table with the `tiers` option applied.
    /// - Throws: ``ConfigError`` located at the bad field (unknown field, out of range, missing for a new tier).
    public init(parameters: ParameterValues) throws {
        var table = MinerTierTable.reference
        let r = try parameters.reader("tiers")
        for name in r.writtenKeys {
            let t = try r.section(name)
            if let i = table.tiers.firstIndex(where: { $0.name == name }) {
                var p = table.tiers[i]
                p.quality = try t.optionalDouble("quality", range: 0...1) ?? p.quality
                p.accuracy = try t.optionalDouble("accuracy", range: 0...1) ?? p.accuracy
                p.novelty = try t.optionalDouble("novelty", range: 0...1) ?? p.novelty
                p.efficiency = try t.optionalDouble("efficiency", range: 0...1) ?? p.efficiency
                p.noise = try t.optionalDouble("noise", range: 0...1) ?? p.noise
                table.tiers[i] = p
            } else {
                table.tiers.append(MinerTierProfile(
                    name: name, quality: try t.double("quality", range: 0...1), accuracy: try t.double("accuracy", range: 0...1),
                    novelty: try t.double("novelty", range: 0...1), efficiency: try t.double("efficiency", range: 0...1),
                    noise: try t.double("noise", range: 0...1)))
            }
        }
        try r.finish()
        self = table
    }
}
