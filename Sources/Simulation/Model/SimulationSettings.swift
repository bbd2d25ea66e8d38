public import ScoringCore
import ReasonForge

/// Everything one simulation run is made of, read from the `simulation:` section of a config.
///
/// Keys (every one optional; defaults reproduce the ReasonForge reference's sizes):
/// - `epochs` (integer ≥ 1, 20), `emission` (number > 0, 100.0), `seed` (integer, 42),
///   `runs` (integer ≥ 1, 1: Monte Carlo runs with derived seeds);
/// - `generator` (`xoshiro` | `python-compat`, `xoshiro`), `seeding` (`reference` | `streams`;
///   `reference` for `python-compat`, `streams` for `xoshiro`);
/// - `tasks_per_epoch` (integer ≥ 1, 12), `trap_rate` (number in [0, 1], 0.15; a positive rate gives
///   at least one trap), `validators_per_task` (integer ≥ 1, 3; capped at the validator count),
///   `unsolved_rate` (number in [0, 1], 0.05), `difficulty` ([min, max] integers in 1…10, [2, 9]),
///   `trap_difficulty` ([2, 5]);
/// - `domains`: list of domain keys (uniform) or mapping key → weight (default: the six ReasonForge domains);
/// - `miner_tiers`, `validator_profiles`: table slots (default `reasonforge`);
/// - `miners`: omitted for the reference roster, a mapping `{tiers: {elite: 2, …}, copycats: 0,
///   copycat_noise: 0.01, copycat_target: leader}`, or a list of `{id, name, tier, behaviour, target, noise}`;
/// - `validators`: omitted for the reference roster, a mapping `{profiles: {honest: 2, …}, stakes: [min, max]}`
///   (stakes spread evenly, rounded to integers), or a list of `{id, name, stake, profile}`;
/// - `plagiarism` (see ``PlagiarismSettings``), `formulas` (see ``FormulaSet``);
/// - `history` (bool, false): keep every epoch's report in memory (JSON output always does);
/// - `chain` (`none` or a mapping, `none`): see ``SimulationChainSettings``.
public struct SimulationSettings: Sendable {
    public var epochs: Int
    public var emission: Double
    public var seed: Int
    public var runs: Int
    public var generator: GeneratorKind
    public var seeding: SeedingScheme
    public var tasksPerEpoch: Int
    public var trapRate: Double
    public var validatorsPerTask: Int
    public var unsolvedRate: Double
    public var difficulty: ClosedRange<Int>
    public var trapDifficulty: ClosedRange<Int>
    public var domains: DomainMix
    public var roster: Roster
    public var plagiarism: PlagiarismSettings
    public var formulas: FormulaSet
    public var keepHistory: Bool
    /// The chain that splits the TAO (`chain:`); `nil` keeps ReasonForge's own emission formulas.
    public var chain: SimulationChainSettings?

    /// The number of trap tasks per epoch: `max(1, ⌊count·rate⌋)` for a positive rate (as the reference), else 0.
    public var trapsPerEpoch: Int {
        guard trapRate > 0 else { return 0 }
        return min(tasksPerEpoch, max(1, Int(Double(tasksPerEpoch) * trapRate)))
    }

    /// Validators assigned to each submission.
    public var assignedValidators: Int { min(validatorsPerTask, roster.validators.count) }

    /// Reads and validates the section. Unknown keys are left for the caller's `finish()`.
    public static func read(_ r: ConfigReader, registry: ScoringRegistry) throws(ConfigError) -> SimulationSettings {
        let epochs = try r.int("epochs", default: 20, range: 1...10_000_000)
        let emission = try r.double("emission", default: 100.0, range: 1e-12...1e15)
        let seed = try r.int("seed", default: 42, range: -(1 << 62)...(1 << 62))
        let runs = try r.int("runs", default: 1, range: 1...1_000_000)
        let generator = GeneratorKind(rawValue: try r.string("generator", default: GeneratorKind.xoshiro.rawValue,
                                                             choices: GeneratorKind.allCases.map(\.rawValue)))!
        let seeding = SeedingScheme(rawValue: try r.string(
            "seeding", default: (generator == .pythonCompat ? SeedingScheme.reference : .streams).rawValue,
            choices: SeedingScheme.allCases.map(\.rawValue)))!
        let tasks = try r.int("tasks_per_epoch", default: 12, range: 1...1_000_000)
        let trapRate = try r.double("trap_rate", default: 0.15, range: 0...1)
        let perTask = try r.int("validators_per_task", default: 3, range: 1...100_000)
        let unsolved = try r.double("unsolved_rate", default: 0.05, range: 0...1)
        let difficulty = try readRange(r, "difficulty", default: 2...9)
        let trapDifficulty = try readRange(r, "trap_difficulty", default: 2...5)
        let domains = try DomainMix.read(r, key: "domains", registry: registry)
        let tiers = try r.component("miner_tiers", kind: .minerTiers, default: "reasonforge", in: registry,
                                    as: MinerTierTable.self)
        let profiles = try r.component("validator_profiles", kind: .validatorProfiles, default: "reasonforge",
                                       in: registry, as: ValidatorProfileTable.self)
        let miners = try RosterReader.miners(r, tiers: tiers)
        let validators = try RosterReader.validators(r, profiles: profiles, registry: registry)
        try RosterReader.checkBehaviours(validators, miners: miners, r)
        let p = try r.section("plagiarism")
        let plagiarism = PlagiarismSettings(
            enabled: try p.bool("enabled", default: false), threshold: try p.double("threshold", default: 0.95, range: 0...1),
            penalty: try p.double("penalty", default: 0.5, range: 0...1),
            bufferEpochs: try p.int("buffer_epochs", default: 30, range: 0...10_000))
        let formulas = try FormulaSet.read(try r.section("formulas"), registry: registry)
        let history = try r.bool("history", default: false)
        let chain = try SimulationChainSettings.read(r, simulationEmission: emission, registry: registry)
        let domainsWithTraps = domains.domains.filter { !$0.traps.isEmpty }
        if trapRate > 0, domainsWithTraps.isEmpty {
            throw ConfigError(.invalidValue, at: r.location(of: "trap_rate"), path: r.path(of: "trap_rate"),
                              "trap_rate is positive but no selected domain has trap templates; set trap_rate: 0")
        }
        return SimulationSettings(
            epochs: epochs, emission: emission, seed: seed, runs: runs, generator: generator, seeding: seeding,
            tasksPerEpoch: tasks, trapRate: trapRate, validatorsPerTask: perTask, unsolvedRate: unsolved,
            difficulty: difficulty, trapDifficulty: trapDifficulty, domains: domains,
            roster: Roster(miners: miners, validators: validators), plagiarism: plagiarism, formulas: formulas,
            keepHistory: history, chain: chain)
    }

    private static func readRange(_ r: ConfigReader, _ key: String, default d: ClosedRange<Int>) throws(ConfigError) -> ClosedRange<Int> {
        let values = try r.doubles(key, default: [Double(d.lowerBound), Double(d.upperBound)])
        guard values.count == 2, values.allSatisfy({ $0 == $0.rounded() && (1...10).contains($0) }), values[0] <= values[1] else {
            throw ConfigError(.invalidValue, at: r.location(of: key), path: r.path(of: key),
                              "'\(r.path(of: key))' must be [min, max] with integers 1 ≤ min ≤ max ≤ 10")
        }
        return Int(values[0])...Int(values[1])
    }
}
