public import Foundation
public import Reputation
public import ReputationStore
public import ScoringCore

/// Everything the reputation service needs to run, read from the `service:` section of a YAML file.
///
/// | key | type | default |
/// |-----|------|---------|
/// | `host` | string | `127.0.0.1` |
/// | `port` | int 0…65535 (0 = ephemeral) | `5000` |
/// | `data_dir` | path | `data/reputation` |
/// | `snapshot` | path | `<data_dir>/reputation_snapshot.json` |
/// | `snapshot_poll_seconds` | number 0.05…3600 (0 disables polling) | `2` |
/// | `allow_list` | path to a YAML file with `validators: [ss58…]` | none |
/// | `allowed_validators` | list of ss58, merged with the file | `[]` |
/// | `admin_hotkeys` | list of ss58 | `[]` |
/// | `max_body_bytes` | int 1 KiB…64 MiB | `1048576` |
/// | `signature_window_seconds` | number 1…86400 | `600` |
/// | `replay_cache_capacity` | int 1…10 000 000 | `200000` |
/// | `fsync` | bool | `true` |
/// | `compat` | bool | `false` |
/// | `log_level` | trace…critical | `info` |
/// | `known_tiers` | list of tier names | the six standard tiers |
/// | `cors_origins` | list of origins (`*` for any) | `[]` (no CORS headers) |
/// | `executor` | `global` or `event_loops`: where `scoring serve` runs request handlers (``ServiceExecutor``) | `global` |
/// | `allocations` | `files`, `store` or `both`: where `/reward_allocation` writes | `files` |
/// | `store` | `sqlite:PATH` or `postgres://user:password@host:port/database` (needed unless `allocations: files`) | none |
/// | `simulation.max_epochs` / `max_miners` / `max_validators` / `max_runs` | int | 1000 / 512 / 64 / 1 |
/// | `simulation.configs_dir` | directory of bundled simulation configs | `configs/reasonforge` |
///
/// Relative paths resolve against the working directory.
public struct ServiceConfiguration: Sendable {
    public var host: String = "127.0.0.1"
    /// 0 asks the OS for an ephemeral port (see ``RunningServer/port``).
    public var port: Int = 5000
    public var dataDirectory: String
    public var snapshotPath: String
    /// How often the snapshot and allow-list files are checked for changes; nil disables polling.
    public var snapshotPollInterval: Duration? = .seconds(2)
    public var allowListPath: String?
    public var allowedValidators: [String] = []
    public var adminHotkeys: [String] = []
    public var maxBodyBytes: Int = 1 << 20
    /// Signed messages must carry a timestamp within ± this many seconds of the server clock.
    public var signatureWindow: TimeInterval = 600
    public var replayCacheCapacity: Int = 200_000
    /// fsync allocation files and their directory before answering 200.
    public var fsync: Bool = true
    /// The seed's looser checks (see docs/service-security.md).
    public var compat: Bool = false
    public var logLevel: String = "info"
    public var knownTiers: [ReputationTier] = ReputationTier.standard
    public var corsOrigins: [String] = []
    /// Where ``ReputationServer/run(configuration:registry:mounting:logger:)`` runs Swift concurrency jobs.
    public var executor: ServiceExecutor = .global
    /// Where `/reward_allocation` writes: the design's JSON files (default), the reputation store, or both.
    public var allocations: AllocationTarget = .files
    /// The reputation store of `allocations: store|both`, opened when the server starts.
    public var allocationStore: StoreLocation?
    /// A sink given in-process (tests, the reputation pipeline), used instead of opening ``allocationStore``;
    /// the service does not close it.
    public var allocationSink: (any AllocationSink)?
    public var simulationLimits: SimulationLimits = SimulationLimits()
    /// The clock used for freshness checks, health ages and file names. Tests pin it.
    public var clock: @Sendable () -> Date = { Date() }

    /// Bounds on simulation API inputs; a request beyond them is answered 400.
    public struct SimulationLimits: Sendable, Hashable {
        public var maxEpochs: Int = 1000
        public var maxMiners: Int = 512
        public var maxValidators: Int = 64
        public var maxRuns: Int = 1
        /// Where `POST /api/simulate {"config": NAME}` finds `NAME.yaml`.
        public var configsDirectory: String = "configs/reasonforge"
        public init() {}
    }

    /// A configuration for an in-process server: 127.0.0.1, an ephemeral port, files under `dataDirectory`.
    public init(dataDirectory: String, snapshotPath: String? = nil, allowedValidators: [String] = [],
                adminHotkeys: [String] = []) {
        self.port = 0
        self.dataDirectory = dataDirectory
        self.snapshotPath = snapshotPath ?? (dataDirectory as NSString).appendingPathComponent("reputation_snapshot.json")
        self.allowedValidators = allowedValidators
        self.adminHotkeys = adminHotkeys
    }

    /// Loads the `service:` section of a YAML file through ``ConfigLoader`` (with `extends:` and
    /// `--set service.port=…` overrides), rejecting unknown keys with their location.
    public static func load(file: String, overrides: [String] = []) throws(ConfigError) -> ServiceConfiguration {
        let node = try ConfigLoader().load(file: file, overrides: overrides)
        return try ServiceConfiguration(node: node)
    }

    /// Reads a whole config tree whose root has a `service:` mapping.
    public init(node: ConfigNode) throws(ConfigError) {
        let root = try ConfigReader(node)
        let s = try root.section("service")
        host = try s.string("host", default: "127.0.0.1")
        port = try s.int("port", default: 5000, range: 0...65535)
        dataDirectory = try s.string("data_dir", default: "data/reputation")
        snapshotPath = try s.optionalString("snapshot")
            ?? (dataDirectory as NSString).appendingPathComponent("reputation_snapshot.json")
        let poll = try s.double("snapshot_poll_seconds", default: 2, range: 0...3600)
        snapshotPollInterval = poll == 0 ? nil : .milliseconds(Int64(max(50, poll * 1000)))
        allowListPath = try s.optionalString("allow_list")
        allowedValidators = try s.strings("allowed_validators", default: [])
        adminHotkeys = try s.strings("admin_hotkeys", default: [])
        maxBodyBytes = try s.int("max_body_bytes", default: 1 << 20, range: 1024...(64 << 20))
        signatureWindow = try s.double("signature_window_seconds", default: 600, range: 1...86_400)
        replayCacheCapacity = try s.int("replay_cache_capacity", default: 200_000, range: 1...10_000_000)
        fsync = try s.bool("fsync", default: true)
        compat = try s.bool("compat", default: false)
        logLevel = try s.string("log_level", default: "info",
                                choices: ["trace", "debug", "info", "notice", "warning", "error", "critical"])
        knownTiers = try s.strings("known_tiers", default: ReputationTier.standard.map(\.rawValue)).map { ReputationTier($0) }
        corsOrigins = try s.strings("cors_origins", default: [])
        executor = ServiceExecutor(rawValue: try s.string("executor", default: ServiceExecutor.global.rawValue,
                                                          choices: ServiceExecutor.allCases.map(\.rawValue)))!
        allocations = AllocationTarget(rawValue: try s.string("allocations", default: AllocationTarget.files.rawValue,
                                                              choices: AllocationTarget.allCases.map(\.rawValue)))!
        if let text = try s.optionalString("store") {
            do {
                allocationStore = try StoreLocation(parsing: text)
            } catch {
                throw ConfigError(.invalidValue, at: s.location(of: "store"), path: s.path(of: "store"), error.message)
            }
        }
        if allocations != .files, allocationStore == nil {
            throw ConfigError(.missingKey, at: s.location(of: "allocations"), path: s.path(of: "store"),
                              "'\(s.path(of: "allocations")): \(allocations.rawValue)' needs '\(s.path(of: "store"))': sqlite:PATH or postgres://user:password@host:port/database")
        }
        let sim = try s.section("simulation")
        simulationLimits.maxEpochs = try sim.int("max_epochs", default: 1000, range: 1...1_000_000)
        simulationLimits.maxMiners = try sim.int("max_miners", default: 512, range: 1...100_000)
        simulationLimits.maxValidators = try sim.int("max_validators", default: 64, range: 1...10_000)
        simulationLimits.maxRuns = try sim.int("max_runs", default: 1, range: 1...10_000)
        simulationLimits.configsDirectory = try sim.string("configs_dir", default: "configs/reasonforge")
        try checkHotkeys(allowedValidators, s, "allowed_validators")
        try checkHotkeys(adminHotkeys, s, "admin_hotkeys")
        try root.finish()
    }

    private func checkHotkeys(_ keys: [String], _ reader: ConfigReader, _ key: String) throws(ConfigError) {
        for (i, k) in keys.enumerated() where !HotkeyCheck.isValid(k) {
            throw ConfigError(.invalidValue, at: reader.location(of: key), path: "\(reader.path(of: key))[\(i)]",
                              "'\(k)' is not a valid SS58 address")
        }
    }
}
