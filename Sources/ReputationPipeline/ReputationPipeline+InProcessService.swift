import Foundation
import Logging
import Reputation
import ReputationService
import Signatures
import ValidatorClient

/// The in-process reputation service and validator clients that both the single-pass run and the
/// cycles run start, wired the same way.
extension ReputationPipeline {
    /// The service's configuration: data under `serviceDirectory/data`, the snapshot at
    /// `snapshotPath` reloaded by the pipeline after each pass (no polling timer), only these
    /// validators allowed, these tiers known, errors only in its log.
    static func inProcessServiceConfiguration(serviceDirectory: String, snapshotPath: String, validators: [String],
                                              tiers: [String]) -> ServiceConfiguration {
        var configuration = ServiceConfiguration(dataDirectory: (serviceDirectory as NSString).appendingPathComponent("data"),
                                                 snapshotPath: snapshotPath, allowedValidators: validators)
        configuration.snapshotPollInterval = nil
        configuration.knownTiers = tiers.map { ReputationTier(rawValue: $0) }
        configuration.logLevel = "error"
        return configuration
    }

    /// The service's logger: errors only.
    static var inProcessServiceLogger: Logger {
        var logger = Logger(label: "reputation-service")
        logger.logLevel = .error
        return logger
    }

    /// One client per validator key, pointed at `server`, validator `k`'s state under
    /// `out/validators/k`.
    func validatorClients(keys: [Keypair], server: String, out: String, log: Logger) throws -> [ReputationClient] {
        try keys.enumerated().map { k, key in
            var c = settings.client
            c.server = server
            c.stateDirectory = (out as NSString).appendingPathComponent("validators/\(k)")
            return try ReputationClient(configuration: c, hotkey: key, logger: log)
        }
    }
}
