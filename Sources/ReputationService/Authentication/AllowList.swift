import Foundation
import Logging
import ScoringCore
import NIOConcurrencyHelpers

/// The validator hotkeys allowed to call the service: the config's `allowed_validators` plus the
/// `validators:` list of the `allow_list` file, re-read when that file changes.
///
/// A file that fails to parse, or lists an invalid SS58 address, is rejected as a whole and the
/// previous list stays in force.
final class AllowList: Sendable {
    private struct State {
        var fromFile: Set<String> = []
        var examined: FileIdentity?
        var lastError: String?
    }

    let path: String?
    let fixed: Set<String>
    let logger: Logger
    private let state = NIOLockedValueBox(State())

    init(path: String?, fixed: [String], logger: Logger) {
        self.path = path
        self.fixed = Set(fixed)
        self.logger = logger
    }

    func contains(_ hotkey: String) -> Bool {
        fixed.contains(hotkey) || state.withLockedValue { $0.fromFile.contains(hotkey) }
    }

    var count: Int { fixed.union(state.withLockedValue({ $0 }).fromFile).count }
    var lastError: String? { state.withLockedValue({ $0 }).lastError }

    /// Re-reads the allow-list file when it changed (or always, when `force`).
    /// - Returns: nil on success or no change, else the error.
    @discardableResult
    func reload(force: Bool = false) -> String? {
        guard let path else { return nil }
        guard let identity = FileIdentity.of(path) else {
            let message = "allow-list file not found at \(path)"
            let changed = state.withLockedValue { s -> Bool in
                defer { s.lastError = message; s.examined = nil }
                return s.lastError != message
            }
            if changed || force { logger.error("\(message); keeping the previous list") }
            return message
        }
        if !force, state.withLockedValue({ $0 }).examined == identity { return nil }
        do {
            let node = try ConfigLoader().load(file: path)
            let reader = try ConfigReader(node)
            let keys = try reader.strings("validators")
            try reader.finish()
            for (i, k) in keys.enumerated() where !HotkeyCheck.isValid(k) {
                throw ConfigError(.invalidValue, at: reader.location(of: "validators"), path: "validators[\(i)]",
                                  "'\(k)' is not a valid SS58 address")
            }
            state.withLockedValue { s in
                s.fromFile = Set(keys)
                s.examined = identity
                s.lastError = nil
            }
            logger.info("loaded validator allow-list", metadata: ["path": "\(path)", "validators": "\(keys.count)"])
            return nil
        } catch {
            let message = "\(error)"
            state.withLockedValue { s in
                s.examined = identity
                s.lastError = message
            }
            logger.error("rejected allow-list file; keeping the previous list", metadata: ["error": "\(message)"])
            return message
        }
    }
}
