public import ScoringCore

/// How the validator client talks to the reputation service.
///
/// YAML keys (section `client:` of a reputation config), with defaults:
/// - `server` (string URL, `http://127.0.0.1:5000`): the service base URL;
/// - `timeout_seconds` (number in [0.01, 600], 30): the whole-request deadline, as the seed's `timeout=30`;
/// - `retries` (integer in [0, 20], 2): extra attempts after a transient failure (connection error,
///   timeout, 408/425/429, 5xx);
/// - `backoff_initial_seconds` (number in [0, 60], 0.5), `backoff_multiplier` (number in [1, 10], 2),
///   `backoff_max_seconds` (number in [0, 600], 8): the delay before retry *n* is
///   `min(initial × multiplier^(n−1), max)`;
/// - `state_directory` (string, `state/validator`): where the cache and the outbox live.
public struct ClientConfiguration: Sendable, Hashable {
    public var server: String
    public var timeoutSeconds: Double
    public var retries: Int
    public var backoffInitialSeconds: Double
    public var backoffMultiplier: Double
    public var backoffMaxSeconds: Double
    public var stateDirectory: String

    public init(server: String = "http://127.0.0.1:5000", timeoutSeconds: Double = 30, retries: Int = 2,
                backoffInitialSeconds: Double = 0.5, backoffMultiplier: Double = 2, backoffMaxSeconds: Double = 8,
                stateDirectory: String = "state/validator") {
        self.server = server
        self.timeoutSeconds = timeoutSeconds
        self.retries = retries
        self.backoffInitialSeconds = backoffInitialSeconds
        self.backoffMultiplier = backoffMultiplier
        self.backoffMaxSeconds = backoffMaxSeconds
        self.stateDirectory = stateDirectory
    }

    /// Reads the `client:` section.
    public init(reading reader: ConfigReader) throws(ConfigError) {
        let server = try reader.string("server", default: "http://127.0.0.1:5000")
        guard server.hasPrefix("http://") || server.hasPrefix("https://") else {
            throw ConfigError(.invalidValue, at: reader.location(of: "server"), path: reader.path(of: "server"),
                              "'\(reader.path(of: "server"))' must be an http:// or https:// URL, found '\(server)'")
        }
        self.init(
            server: server,
            timeoutSeconds: try reader.double("timeout_seconds", default: 30, range: 0.01...600),
            retries: try reader.int("retries", default: 2, range: 0...20),
            backoffInitialSeconds: try reader.double("backoff_initial_seconds", default: 0.5, range: 0...60),
            backoffMultiplier: try reader.double("backoff_multiplier", default: 2, range: 1...10),
            backoffMaxSeconds: try reader.double("backoff_max_seconds", default: 8, range: 0...600),
            stateDirectory: try reader.string("state_directory", default: "state/validator"))
    }

    /// The delay before retry `attempt` (1-based).
    public func backoff(beforeRetry attempt: Int) -> Double {
        var delay = backoffInitialSeconds
        for _ in 1..<max(attempt, 1) { delay *= backoffMultiplier }
        return min(delay, backoffMaxSeconds)
    }
}
