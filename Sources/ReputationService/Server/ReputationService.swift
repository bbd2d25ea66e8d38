import Foundation
import Hummingbird
import HTTPTypes
import Logging
import NIOCore
import Reputation
import ReputationStore
import ScoringCore

/// The reputation service's state and request handling, independent of how it is served.
///
/// Holds the snapshot store, allow-list, replay cache, reward store and metrics; ``ReputationServer``
/// wires its handlers into a Hummingbird router.
final class ReputationService: Sendable {
    let configuration: ServiceConfiguration
    let registry: ScoringRegistry
    let logger: Logger
    let snapshots: SnapshotStore
    let allowList: AllowList
    let admins: Set<String>
    let replay: ReplayCache
    let authenticator: RequestAuthenticator
    let rewards: RewardStore
    /// The reputation store's side of `/reward_allocation` (`allocations: store|both`); nil for files only.
    let allocationSink: (any AllocationSink)?
    let metrics: ServiceMetrics

    init(configuration: ServiceConfiguration, registry: ScoringRegistry, logger: Logger,
         allocationSink: (any AllocationSink)? = nil) throws {
        self.allocationSink = allocationSink
        self.configuration = configuration
        self.registry = registry
        self.logger = logger
        snapshots = SnapshotStore(path: configuration.snapshotPath, knownTiers: Set(configuration.knownTiers),
                                  logger: logger, clock: configuration.clock)
        allowList = AllowList(path: configuration.allowListPath, fixed: configuration.allowedValidators, logger: logger)
        admins = Set(configuration.adminHotkeys)
        replay = ReplayCache(capacity: configuration.replayCacheCapacity)
        authenticator = RequestAuthenticator(window: configuration.signatureWindow, compat: configuration.compat,
                                             replay: replay, clock: configuration.clock)
        let metrics = ServiceMetrics()
        self.metrics = metrics
        rewards = RewardStore(dataDirectory: configuration.dataDirectory, durable: configuration.fsync,
                              onBatch: { metrics.commitBatch(size: $0) })
        try rewards.prepare()
        if let error = allowList.reload(force: true) { throw ServiceStartupError(message: error) }
        if case .rejected = snapshots.reload(force: true) { metrics.snapshotLoadFailed() }
    }

    /// One poll: re-read the snapshot and allow-list files if they changed.
    func poll() {
        if case .rejected = snapshots.reload() { metrics.snapshotLoadFailed() }
        allowList.reload()
    }

    // MARK: - Health

    func health() -> HealthReport {
        let s = snapshots.current
        let now = configuration.clock()
        let age: Double? = s.snapshot.flatMap { snap in
            (snap.generatedDate ?? s.loadedAt).map { now.timeIntervalSince($0) }
        }
        let allowError = allowList.lastError
        return HealthReport(
            status: s.snapshot == nil || s.lastError != nil || allowError != nil ? "degraded" : "ok",
            snapshotVersion: s.snapshot?.version,
            generatedAt: s.snapshot?.generatedAt,
            ageSeconds: age,
            minerCount: s.snapshot?.miners.count ?? 0,
            loadedAt: s.loadedAt.map(Timestamps.iso8601),
            lastLoadError: s.lastError,
            lastLoadErrorAt: s.lastErrorAt.map(Timestamps.iso8601),
            snapshotLoads: s.loads,
            snapshotLoadFailures: s.failures,
            allowListSize: allowList.count,
            allowListError: allowError,
            compat: configuration.compat)
    }

    // MARK: - Common checks

    /// The validator hotkey must be an SS58 address (strict) and allow-listed (403 otherwise).
    func checkValidator(_ hotkey: String, field: String = "validator_hotkey", allowed: (String) -> Bool) throws(ServiceError) {
        if hotkey.isEmpty {
            throw .badRequest("Missing \(field) or signature", field: field, reason: "missing_field")
        }
        if !configuration.compat || !Identifiers.isPlausibleSS58(hotkey) {
            guard HotkeyCheck.isValid(hotkey) else {
                throw .badRequest("'\(field)' is not a valid SS58 address", field: field, reason: "invalid_hotkey")
            }
        }
        guard allowed(hotkey) else { throw .forbidden("Unauthorized hotkey", field: field) }
    }

    func authenticate(document: String, endpoint: String, validator: String,
                      skipReplay: Bool = false) throws(ServiceError) -> RequestAuthenticator.Accepted {
        if document.isEmpty {
            throw .badRequest("Missing validator_hotkey or signature", field: "signature", reason: "missing_field")
        }
        do {
            return try authenticator.authenticate(document: document, endpoint: endpoint, validator: validator,
                                                  skipReplay: skipReplay)
        } catch {
            metrics.signatureFailure(reason: error.reason)
            var e = error
            if configuration.compat && e.status == .unauthorized { e.status = .badRequest } // the seed's 400
            throw e
        }
    }

    // MARK: - /reputation_request

    /// Checks the request and answers from the pre-rendered snapshot (one consistent version).
    ///
    /// A miners list answered before for the served version comes from its ``ResponseCache``
    /// (validator, signature, freshness and replay are still checked); any other goes the full way
    /// and, once the request is authenticated, is cached.
    func reputationRequest(raw data: Data) throws(ServiceError) -> Response {
        let served = snapshots.current
        let parts = PlainRequestParser.reputationRequestParts(data)
        if let parts, let cached = data.withUnsafeBytes({ served.responses.body(for: UnsafeRawBufferPointer(rebasing: $0[parts.miners])) }) {
            try checkValidator(parts.validatorHotkey, allowed: allowList.contains)
            _ = try authenticate(document: parts.signature, endpoint: AuthMessage.reputationRequest, validator: parts.validatorHotkey)
            return Self.jsonResponse(cached)
        }
        let body: ReputationRequest
        if let fast = PlainRequestParser.reputationRequest(data) {
            body = fast
        } else {
            body = try HTTPSupport.decode(ReputationRequest.self, from: data)
        }
        let answer = try reputationRequest(body, rendered: served.rendered)
        if let parts {
            data.withUnsafeBytes { served.responses.insert(UnsafeRawBufferPointer(rebasing: $0[parts.miners]), body: answer) }
        }
        return Self.jsonResponse(answer)
    }

    /// Checks a decoded request; returns the answer body rendered from `rendered`.
    func reputationRequest(_ body: ReputationRequest, rendered: RenderedSnapshot) throws(ServiceError) -> ByteBuffer {
        try checkValidator(body.validatorHotkey, allowed: allowList.contains)
        if !configuration.compat {
            for (i, m) in body.miners.enumerated() where !Identifiers.isPlausibleSS58(m) {
                throw .badRequest("'miners[\(i)]' is not an SS58 address", field: "miners[\(i)]", reason: "invalid_hotkey")
            }
            if body.miners.count > 65_536 {
                throw .badRequest("'miners' lists more than 65536 hotkeys", field: "miners", reason: "too_many_miners")
            }
        }
        _ = try authenticate(document: body.signature, endpoint: AuthMessage.reputationRequest, validator: body.validatorHotkey)
        return rendered.body(for: body.miners)
    }

    static func jsonResponse(_ body: ByteBuffer) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
    }

    // MARK: - /reward_allocation

    func rewardAllocation(_ body: RewardAllocation, raw: Data, headerKey: String?, requestID: String) async throws(ServiceError)
        -> RewardAllocationResponse
    {
        try checkValidator(body.validatorHotkey, allowed: allowList.contains)
        let cycleId: String
        if let c = body.cycleId {
            cycleId = c
        } else if configuration.compat {
            cycleId = "unknown" // the seed's default
        } else {
            throw .badRequest("missing required field 'cycle_id'", field: "cycle_id", reason: "missing_field")
        }
        guard Identifiers.isSafeCycleID(cycleId) else {
            throw .badRequest("'cycle_id' must be 1–\(Identifiers.maxCycleIDLength) characters of A–Z a–z 0–9 . _ - starting with a letter or digit",
                              field: "cycle_id", reason: "invalid_cycle_id")
        }
        let key: String?
        switch (body.idempotencyKey, headerKey) {
        case let (b?, h?) where b != h:
            throw .badRequest("idempotency_key and the Idempotency-Key header differ", field: "idempotency_key",
                              reason: "invalid_idempotency_key")
        case let (b, h): key = b ?? h
        }
        if let key, !Identifiers.isSafeIdempotencyKey(key) {
            throw .badRequest("'idempotency_key' must be 1–\(Identifiers.maxIdempotencyKeyLength) characters of A–Z a–z 0–9 . _ - starting with a letter or digit",
                              field: "idempotency_key", reason: "invalid_idempotency_key")
        }
        if !configuration.compat, let problem = body.entryProblem() {
            throw .badRequest(problem.message, field: problem.field, reason: "invalid_entry")
        }
        // A retry under an idempotency key may resend the very same signed document: the stored
        // answer is returned without a new write, so the replay check would only get in the way.
        let accepted = try authenticate(document: body.signature, endpoint: AuthMessage.rewardAllocation,
                                        validator: body.validatorHotkey, skipReplay: key != nil)
        let now = configuration.clock()
        if configuration.allocations == .store {
            return try await storeOnly(body, cycleId: cycleId, key: key, requestID: requestID, now: now,
                                       signature: accepted.signature)
        }
        let outcome: RewardStore.Outcome
        do {
            outcome = try await rewards.store(body, body: raw, cycleId: cycleId, idempotencyKey: key, requestID: requestID,
                                              now: now)
        } catch {
            if key == nil { replay.remove(accepted.signature) } // nothing was stored: let the validator retry
            if error.status == .internalServerError {
                logger.error("allocation storage failed", metadata: ["error": "\(error.message)", "request_id": "\(requestID)"])
            }
            throw error
        }
        if configuration.allocations == .both {
            // The file is durable; the store follows. A failure here answers 500 and a retry under the same
            // idempotency key (a duplicate of the file) writes the store row then: the store is idempotent.
            let file: RewardStore.Stored
            switch outcome { case .stored(let f), .duplicate(let f): file = f }
            try await recordInStore(body, cycleId: cycleId, now: now, fallbackStep: file.filename,
                                    sourceFile: rewards.root + "/rewards/" + file.cycleId + "/" + file.validator + "/" + file.filename,
                                    requestID: requestID)
        }
        switch outcome {
        case .stored(let s):
            metrics.allocationStored()
            logger.info("stored reward allocation", metadata: [
                "cycle_id": "\(s.cycleId)", "validator": "\(s.validator)", "file": "\(s.filename)",
                "miners": "\(body.miners.count)", "request_id": "\(requestID)",
            ])
            return RewardAllocationResponse(filename: s.filename)
        case .duplicate(let s):
            logger.info("idempotent repeat; returning the stored answer", metadata: [
                "validator": "\(s.validator)", "file": "\(s.filename)", "request_id": "\(requestID)",
            ])
            return RewardAllocationResponse(filename: s.filename, duplicate: true)
        }
    }

    /// `allocations: store`: one transaction in the reputation store, idempotent on (validator, cycle, step).
    /// The step is `step_id`, else `timestamp`, else the idempotency key, else the request id. The answer's
    /// `filename` is `store:<cycle_id>/<step>`.
    private func storeOnly(_ body: RewardAllocation, cycleId: String, key: String?, requestID: String, now: Date,
                           signature: [UInt8]) async throws(ServiceError) -> RewardAllocationResponse {
        let step = body.stepId ?? body.timestamp ?? key ?? requestID
        let inserted: Bool
        do {
            inserted = try await recordInStore(body, cycleId: cycleId, now: now, fallbackStep: step, sourceFile: nil,
                                               requestID: requestID)
        } catch {
            if key == nil { replay.remove(signature) } // nothing was stored: let the validator retry
            throw error
        }
        let name = "store:\(cycleId)/\(step)"
        if inserted {
            metrics.allocationStored()
            logger.info("stored reward allocation in the reputation store", metadata: [
                "cycle_id": "\(cycleId)", "validator": "\(body.validatorHotkey)", "step": "\(step)",
                "miners": "\(body.miners.count)", "request_id": "\(requestID)",
            ])
            return RewardAllocationResponse(filename: name)
        }
        logger.info("allocation already in the reputation store; nothing written", metadata: [
            "validator": "\(body.validatorHotkey)", "cycle_id": "\(cycleId)", "step": "\(step)", "request_id": "\(requestID)",
        ])
        return RewardAllocationResponse(filename: name, duplicate: true)
    }

    /// Writes one allocation into the reputation store; true when it is new.
    @discardableResult
    private func recordInStore(_ body: RewardAllocation, cycleId: String, now: Date, fallbackStep: String, sourceFile: String?,
                               requestID: String) async throws(ServiceError) -> Bool {
        guard let sink = allocationSink else {
            throw .storage("allocations: \(configuration.allocations.rawValue) but no reputation store is open")
        }
        do {
            return try await sink.record(body, cycleId: cycleId, receivedAt: Timestamps.iso8601(now), sourceFile: sourceFile,
                                         fallbackStep: fallbackStep)
        } catch {
            logger.error("reputation store write failed", metadata: ["error": "\(error)", "request_id": "\(requestID)"])
            throw .storage("cannot store the allocation in the reputation store: \(error)")
        }
    }

    // MARK: - /admin/reload_snapshot

    struct ReloadRequest: Decodable, Sendable {
        var validatorHotkey: String
        var signature: String
        enum CodingKeys: String, CodingKey {
            case validatorHotkey = "validator_hotkey"
            case signature
        }
    }

    func reloadSnapshot(_ body: ReloadRequest) throws(ServiceError) -> HealthReport {
        try checkValidator(body.validatorHotkey, allowed: admins.contains)
        _ = try authenticate(document: body.signature, endpoint: AuthMessage.reloadSnapshot, validator: body.validatorHotkey)
        allowList.reload(force: true)
        let outcome = snapshots.reload(force: true)
        switch outcome {
        case .rejected(let message):
            metrics.snapshotLoadFailed()
            throw ServiceError(.unprocessableContent, "snapshot rejected; still serving the previous one: \(message)",
                               field: nil, reason: "snapshot_rejected")
        case .missing:
            throw ServiceError(.unprocessableContent, "snapshot file not found at \(snapshots.path)", field: nil,
                               reason: "snapshot_missing")
        case .loaded, .unchanged:
            return health()
        }
    }
}

/// The service could not start (unreadable allow-list, unwritable data directory, bad config).
public struct ServiceStartupError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { "reputation service cannot start: \(message)" }
}
