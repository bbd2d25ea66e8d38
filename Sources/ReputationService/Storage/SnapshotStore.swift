import Foundation
import Logging
import Reputation
import NIOConcurrencyHelpers

/// The served reputation snapshot and its load history.
///
/// Loads happen off the request path (at start, from the poller, from the admin route) and swap an
/// immutable ``ReputationSnapshot`` value in under a lock, so every request reads wholly one version.
/// A file that fails to parse or validate (including a half-written one) is recorded as the last load
/// error and never replaces the served snapshot.
final class SnapshotStore: Sendable {
    struct Served: Sendable {
        var snapshot: ReputationSnapshot?
        /// The snapshot's `/reputation_request` JSON, pre-rendered at load (same version as `snapshot`).
        var rendered: RenderedSnapshot = .neutral
        /// Answers already given for `rendered` (a new, empty cache with every new version).
        var responses = ResponseCache()
        var loadedAt: Date?
        var identity: FileIdentity?
        /// Identity of the last file examined, loaded or not (so a bad file is not re-parsed every poll).
        var examined: FileIdentity?
        var lastError: String?
        var lastErrorAt: Date?
        var loads = 0
        var failures = 0
    }

    enum Outcome: Sendable, Equatable {
        case loaded(version: String, miners: Int)
        case unchanged
        case missing
        case rejected(String)
    }

    let path: String
    let knownTiers: Set<ReputationTier>
    let logger: Logger
    let clock: @Sendable () -> Date
    private let state = NIOLockedValueBox(Served())
    private let loadLock = NIOLock()

    init(path: String, knownTiers: Set<ReputationTier>, logger: Logger, clock: @escaping @Sendable () -> Date) {
        self.path = path
        self.knownTiers = knownTiers
        self.logger = logger
        self.clock = clock
    }

    /// The snapshot being served, if any.
    var current: Served { state.withLockedValue({ $0 }) }

    /// Re-reads the file when its identity changed (or always, when `force`), validating before swapping.
    @discardableResult
    func reload(force: Bool = false) -> Outcome {
        // One loader at a time (poller and admin route may race); readers never wait on this lock.
        loadLock.lock()
        defer { loadLock.unlock() }
        guard let before = FileIdentity.of(path) else {
            let alreadyMissing = state.withLockedValue { s -> Bool in
                let was = s.examined == nil && s.lastError != nil
                s.examined = nil
                if !was || force {
                    s.lastError = "snapshot file not found at \(path)"
                    s.lastErrorAt = clock()
                }
                return was
            }
            if !alreadyMissing || force {
                logger.warning("reputation snapshot not found; serving \(current.snapshot == nil ? "Neutral defaults" : "the last good snapshot")",
                               metadata: ["path": "\(path)"])
            }
            return .missing
        }
        if !force, state.withLockedValue({ $0 }).examined == before { return .unchanged }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            return reject("cannot read \(path): \(error.localizedDescription)", identity: before)
        }
        // The file changed while we read it: a writer is mid-way. Try again at the next poll.
        guard FileIdentity.of(path) == before else {
            return reject("snapshot changed while being read", identity: nil)
        }
        let snapshot: ReputationSnapshot
        do {
            snapshot = try ReputationSnapshot.decode(data, knownTiers: knownTiers)
        } catch {
            return reject(error.description, identity: before)
        }
        let now = clock()
        let rendered = RenderedSnapshot(snapshot)
        state.withLockedValue { s in
            s.snapshot = snapshot
            s.rendered = rendered
            s.responses = ResponseCache()
            s.loadedAt = now
            s.identity = before
            s.examined = before
            s.lastError = nil
            s.lastErrorAt = nil
            s.loads += 1
        }
        logger.info("loaded reputation snapshot", metadata: [
            "version": "\(snapshot.version)", "miners": "\(snapshot.miners.count)", "path": "\(path)",
        ])
        return .loaded(version: snapshot.version, miners: snapshot.miners.count)
    }

    private func reject(_ message: String, identity: FileIdentity?) -> Outcome {
        let serving = state.withLockedValue { s -> String? in
            s.examined = identity
            s.lastError = message
            s.lastErrorAt = clock()
            s.failures += 1
            return s.snapshot?.version
        }
        logger.error("rejected reputation snapshot; keeping the served one", metadata: [
            "path": "\(path)", "error": "\(message)", "serving": "\(serving ?? "none (Neutral defaults)")",
        ])
        return .rejected(message)
    }
}
