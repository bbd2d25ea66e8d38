public import ScoringCore

/// A simulated validator profile: the noise and bias of its evaluations.
public struct ValidatorProfile: Sendable, Hashable {
    public var name: String
    /// Standard deviation σ of the Gaussian noise added to each evaluation.
    public var noise: Double
    /// Constant added to each evaluation before clamping (negative for lazy, positive for inflating).
    public var bias: Double

    public init(name: String, noise: Double, bias: Double) {
        self.name = name
        self.noise = noise
        self.bias = bias
    }
}

/// The simulated validator profiles, in order (kind ``ComponentKind/validatorProfiles``, key `reasonforge`).
///
/// The reference table: honest σ0.03 bias 0 · good σ0.06 0 · lazy σ0.15 −0.10 · malicious σ0.25 +0.20.
///
/// Option `profiles` (mapping, default empty) overrides fields of existing profiles or adds new
/// ones in the order written: `noise` in [0, 1], `bias` in [−1, 1]; a new profile needs both.
/// ```yaml
/// validator_profiles: {type: reasonforge, options: {profiles: {lazy: {bias: -0.2}, colluding: {noise: 0.02, bias: 0.3}}}}
/// ```
public struct ValidatorProfileTable: Sendable, Hashable {
    public var profiles: [ValidatorProfile]

    public init(profiles: [ValidatorProfile]) { self.profiles = profiles }

    public static let reference = ValidatorProfileTable(profiles: [
        ValidatorProfile(name: "honest", noise: 0.03, bias: 0.0),
        ValidatorProfile(name: "good", noise: 0.06, bias: 0.0),
        ValidatorProfile(name: "lazy", noise: 0.15, bias: -0.10),
        ValidatorProfile(name: "malicious", noise: 0.25, bias: 0.20),
    ])

    /// The profile named `name`, if any.
    public subscript(name: String) -> ValidatorProfile? { profiles.first { $0.name == name } }

    public var names: [String] { profiles.map(\.name) }

    public static let descriptor = ComponentDescriptor(
        key: "reasonforge", kind: .validatorProfiles,
        summary: "ReasonForge's four simulated validator profiles (honest, good, lazy, malicious)",
        reference: "ReasonForge simulator validator profiles",
        parameters: [.structured("profiles", default: ConfigNode(.map([])),
                                 shape: "mapping of profile name to {noise, bias}",
                                 "overrides of existing profiles, or new profiles with both fields")])

    /// The reference table with the `profiles` option applied.
    /// - Throws: ``ConfigError`` located at the bad field.
    public init(parameters: ParameterValues) throws {
        var table = ValidatorProfileTable.reference
        let r = try parameters.reader("profiles")
        for name in r.writtenKeys {
            let p = try r.section(name)
            if let i = table.profiles.firstIndex(where: { $0.name == name }) {
                table.profiles[i].noise = try p.optionalDouble("noise", range: 0...1) ?? table.profiles[i].noise
                table.profiles[i].bias = try p.optionalDouble("bias", range: -1...1) ?? table.profiles[i].bias
            } else {
                table.profiles.append(ValidatorProfile(name: name, noise: try p.double("noise", range: 0...1),
                                                       bias: try p.double("bias", range: -1...1)))
            }
        }
        try r.finish()
        self = table
    }
}
