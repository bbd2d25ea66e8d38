public import AsyncHTTPClient
public import Foundation
public import Logging
import NIOCore
import NIOHTTP1
public import Reputation
public import ScoringCore
public import Signatures

/// The validator's side of the reputation service: fetch reputation, send allocations.
///
/// Every request is signed with the validator's hotkey exactly as the seed's `sign_message` does
/// (`reputation_request validator={ss58} timestamp={ts}`, `reward_allocation validator=… timestamp=…`),
/// has a deadline, and is retried with backoff after transient failures (see ``ClientConfiguration``).
///
/// Failure handling (seed §5):
/// - every good reputation answer is merged into an on-disk ``ReputationCache``; when the service
///   cannot be reached the cache answers, so miners are **never** reset to Neutral while a cache
///   exists. Only a first run with no cache falls back to Neutral, and says so in the log;
/// - every allocation is first written to the on-disk ``AllocationOutbox`` and then delivered,
///   oldest first, with its idempotency key; what cannot be delivered stays queued and is re-sent
///   by the next ``submit(_:idempotencyKey:)`` or ``flushOutbox()``, also after a restart.
public actor ReputationClient {
    public nonisolated let configuration: ClientConfiguration
    public nonisolated let hotkey: Keypair
    /// The service base URL (the configuration's, unless changed with ``setServer(_:)``).
    public private(set) var server: String
    public private(set) var statistics = ClientStatistics()
    public private(set) var cache: ReputationCache?
    public nonisolated let outbox: AllocationOutbox
    private let httpClient: HTTPClient
    private let logger: Logger

    /// - Throws: when an existing cache file cannot be read (it is reported rather than silently replaced).
    public init(configuration: ClientConfiguration, hotkey: Keypair, logger: Logger = Logger(label: "validator-client"),
                httpClient: HTTPClient = ReputationClient.sharedHTTPClient) throws {
        self.configuration = configuration
        self.hotkey = hotkey
        self.server = configuration.server
        self.httpClient = httpClient
        self.logger = logger
        self.outbox = AllocationOutbox(stateDirectory: configuration.stateDirectory)
        self.cache = try ReputationCache.load(directory: configuration.stateDirectory)
    }

    /// The HTTP client validators share by default: like `HTTPClient.shared` (process lifetime, never
    /// shut down), but a refused connection fails the attempt at once instead of being retried by
    /// the connection pool until the deadline, so the client's own retries and backoff (and the
    /// cache fallback) apply promptly when the service is down.
    public static let sharedHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// Points the client at another base URL (a restarted service on a new port).
    public func setServer(_ url: String) { server = url }

    // MARK: - Reputation

    /// Fetches the reputation of `miners`, falling back to the cache, then (first run only) to Neutral.
    public func fetchReputation(miners: [String]) async -> ReputationFetch {
        statistics.fetches += 1
        let failure: String
        do {
            let request = ReputationRequest(validatorHotkey: hotkey.address.string, miners: miners,
                                            signature: sign(AuthMessage.reputationRequest))
            let data = try await post("/reputation_request", body: request, idempotencyKey: nil)
            let response = try JSONDecoder().decode(ReputationResponse.self, from: data)
            if response.repSnapshotVersion == nil, let cache, cache.repSnapshotVersion != nil {
                failure = "the service has no snapshot loaded"
            } else {
                let merged = ReputationCache.merging(response, into: cache, at: Date())
                do {
                    try merged.save(directory: configuration.stateDirectory)
                } catch {
                    logger.error("could not write the reputation cache: \(error)")
                }
                cache = merged
                statistics.serviceAnswers += 1
                var reps: [String: SnapshotReputation] = [:]
                for m in response.miners { reps[m.minerHotkey] = m.reputation }
                return ReputationFetch(source: .service, repSnapshotVersion: response.repSnapshotVersion,
                                       reputations: fill(miners, from: reps), missing: miners.filter { reps[$0] == nil }.count)
            }
        } catch {
            failure = "\(error)"
        }
        if let cache {
            statistics.cacheHits += 1
            let missing = miners.filter { cache.miners[$0] == nil }.count
            logger.warning("reputation service unavailable (\(failure)); using the cached snapshot \(cache.repSnapshotVersion ?? "(no version)") from \(cache.fetchedAt)\(missing > 0 ? ", \(missing) miner(s) not in the cache count as Neutral" : "")")
            return ReputationFetch(source: .cache, repSnapshotVersion: cache.repSnapshotVersion,
                                   reputations: fill(miners, from: cache.miners), missing: missing, failure: failure)
        }
        statistics.neutralFallbacks += 1
        logger.warning("reputation service unavailable (\(failure)) and no cache yet (first run): every miner is Neutral this pass")
        return ReputationFetch(source: .neutralFirstRun, repSnapshotVersion: nil,
                               reputations: fill(miners, from: [:]), missing: miners.count, failure: failure)
    }

    /// Answers from the cache without contacting the service (`scoring weigh --offline`): the cached
    /// reputation when there is a cache, else Neutral (logged as a first run).
    public func cachedReputation(miners: [String]) -> ReputationFetch {
        statistics.fetches += 1
        if let cache {
            statistics.cacheHits += 1
            return ReputationFetch(source: .cache, repSnapshotVersion: cache.repSnapshotVersion,
                                   reputations: fill(miners, from: cache.miners),
                                   missing: miners.filter { cache.miners[$0] == nil }.count, failure: "offline")
        }
        statistics.neutralFallbacks += 1
        logger.warning("offline and no cache yet (first run): every miner is Neutral")
        return ReputationFetch(source: .neutralFirstRun, repSnapshotVersion: nil, reputations: fill(miners, from: [:]),
                               missing: miners.count, failure: "offline")
    }

    private func fill(_ miners: [String], from reps: [String: SnapshotReputation]) -> [String: SnapshotReputation] {
        var out: [String: SnapshotReputation] = [:]
        for m in miners { out[m] = reps[m] ?? .neutral }
        return out
    }

    // MARK: - Allocations

    /// Queues `allocation` on disk, then delivers the outbox in order (older undelivered ones first).
    ///
    /// - Parameter idempotencyKey: The key the service deduplicates on; by default derived from the
    ///   validator, cycle, step and timestamp, so the same allocation always gets the same key.
    /// - Throws: only when the outbox cannot be written (then nothing was queued).
    @discardableResult
    public func submit(_ allocation: RewardAllocation, idempotencyKey: String? = nil) async throws -> OutboxFlush {
        let key = idempotencyKey ?? Self.idempotencyKey(for: allocation)
        let entry = try outbox.enqueue(allocation, idempotencyKey: key, at: Date())
        statistics.allocationsQueued += 1
        return try await flush(current: entry.sequence)
    }

    /// Queues `allocation` without sending it (it goes out with the next flush).
    @discardableResult
    public func enqueue(_ allocation: RewardAllocation, idempotencyKey: String? = nil) throws -> AllocationOutbox.Entry {
        let entry = try outbox.enqueue(allocation, idempotencyKey: idempotencyKey ?? Self.idempotencyKey(for: allocation), at: Date())
        statistics.allocationsQueued += 1
        return entry
    }

    /// Re-sends everything in the outbox, oldest first, stopping at the first transient failure.
    @discardableResult
    public func flushOutbox() async throws -> OutboxFlush {
        try await flush(current: nil)
    }

    private func flush(current: Int?) async throws -> OutboxFlush {
        var report = OutboxFlush()
        for entry in try outbox.pending() {
            var allocation = entry.allocation
            allocation.idempotencyKey = entry.idempotencyKey
            allocation.signature = sign(AuthMessage.rewardAllocation)
            do {
                let data = try await post("/reward_allocation", body: allocation, idempotencyKey: entry.idempotencyKey)
                let response = try? JSONDecoder().decode(RewardAllocationResponse.self, from: data)
                try outbox.remove(entry)
                report.delivered.append(entry.sequence)
                statistics.allocationsDelivered += 1
                if response?.duplicate == true { statistics.duplicatesAcknowledged += 1 }
                if entry.sequence != current {
                    statistics.outboxReplays += 1
                    logger.info("re-sent queued allocation #\(entry.sequence) (key \(entry.idempotencyKey)) after \(entry.attempts) failed attempt(s)")
                }
            } catch let failure as RequestFailure where failure.isPermanent {
                try outbox.reject(entry, reason: failure.description)
                report.rejected.append(entry.sequence)
                statistics.allocationsRejected += 1
                logger.error("the service refused allocation #\(entry.sequence): \(failure); kept in \(outbox.rejectedDirectory)")
            } catch {
                try outbox.recordFailure(entry)
                report.failure = "\(error)"
                logger.warning("could not deliver allocation #\(entry.sequence) (\(error)); it stays queued in \(outbox.directory)")
                break
            }
        }
        report.pending = try outbox.pending().count
        return report
    }

    /// A stable key for an allocation: `alloc-` and 32 hex digits of hashes of its identity.
    public static func idempotencyKey(for allocation: RewardAllocation) -> String {
        let identity = [allocation.validatorHotkey, allocation.cycleId ?? "", allocation.stepId ?? "",
                        allocation.timestamp ?? "", allocation.repSnapshotVersion ?? ""].joined(separator: "\u{1F}")
        let a = StreamSeed.fnv1a64("a\u{1F}" + identity)
        let b = StreamSeed.fnv1a64("b\u{1F}" + identity)
        return "alloc-" + hex64(a) + hex64(b)
    }

    private static func hex64(_ v: UInt64) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }

    // MARK: - HTTP

    private func sign(_ endpoint: String) -> String {
        hotkey.sign(message: AuthMessage(endpoint: endpoint, validator: hotkey.address.string, date: Date()).text).text
    }

    private func post(_ path: String, body: some Encodable, idempotencyKey: String?) async throws -> Data {
        let payload = try JSONEncoder().encode(body)
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await send(path, payload: payload, idempotencyKey: idempotencyKey)
            } catch {
                guard let failure = error as? RequestFailure, !failure.isPermanent, attempt <= configuration.retries else {
                    throw error
                }
                statistics.retries += 1
                let delay = configuration.backoff(beforeRetry: attempt)
                logger.debug("\(path) failed (\(error)); retry \(attempt) of \(configuration.retries) in \(delay)s")
                if delay > 0 { try? await Task.sleep(nanoseconds: UInt64(delay * 1e9)) }
            }
        }
    }

    private func send(_ path: String, payload: Data, idempotencyKey: String?) async throws -> Data {
        var request = HTTPClientRequest(url: server.hasSuffix("/") ? String(server.dropLast()) + path : server + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let idempotencyKey { request.headers.add(name: "Idempotency-Key", value: idempotencyKey) }
        request.body = .bytes(ByteBuffer(bytes: payload))
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await httpClient.execute(request, timeout: .nanoseconds(Int64(configuration.timeoutSeconds * 1e9)))
            body = try await response.body.collect(upTo: 64 << 20)
        } catch {
            throw RequestFailure(status: nil, message: "\(error)")
        }
        let data = Data(body.readableBytesView)
        guard response.status.code == 200 else {
            let message = (try? JSONDecoder().decode(ServiceErrorBody.self, from: data))?.error
                ?? String(decoding: data.prefix(300), as: UTF8.self)
            throw RequestFailure(status: Int(response.status.code), message: message)
        }
        return data
    }
}

/// One failed request: the HTTP status when there was a response, and what went wrong.
public struct RequestFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var status: Int?
    public var message: String
    /// A 4xx other than 408, 425 and 429: retrying the same request will not help.
    public var isPermanent: Bool {
        guard let status else { return false }
        return (400..<500).contains(status) && ![408, 425, 429].contains(status)
    }
    public var description: String { status.map { "HTTP \($0): \(message)" } ?? message }
}

/// Where one reputation answer came from.
public struct ReputationFetch: Sendable, Hashable {
    public enum Source: String, Sendable, Hashable, Codable {
        /// The service answered.
        case service
        /// The service was unreachable (or had no snapshot); the on-disk cache answered.
        case cache
        /// The service was unreachable and there was no cache yet: every miner Neutral.
        case neutralFirstRun = "neutral-first-run"
    }
    public var source: Source
    public var repSnapshotVersion: String?
    /// One entry per requested miner.
    public var reputations: [String: SnapshotReputation]
    /// Requested miners the answer did not cover (Neutral).
    public var missing: Int
    /// Why the service's answer was not used, when it was not.
    public var failure: String?

    public init(source: Source, repSnapshotVersion: String?, reputations: [String: SnapshotReputation],
                missing: Int, failure: String? = nil) {
        self.source = source
        self.repSnapshotVersion = repSnapshotVersion
        self.reputations = reputations
        self.missing = missing
        self.failure = failure
    }

    /// The reputation of `miner` as a weighting input (Neutral when not covered).
    public func reputation(of miner: String) -> ScoringCore.MinerReputation {
        let r = reputations[miner] ?? .neutral
        return ScoringCore.MinerReputation(score: r.repScore, tier: r.repTier.rawValue)
    }
}

/// What one outbox flush did.
public struct OutboxFlush: Sendable, Hashable {
    /// Sequence numbers delivered, in order.
    public var delivered: [Int] = []
    /// Sequence numbers the service refused for good (moved to `rejected/`).
    public var rejected: [Int] = []
    /// Entries still queued.
    public var pending: Int = 0
    /// The transient failure that stopped the flush, if any.
    public var failure: String?
    public init() {}
}

/// Counters of a client's life, for reports and tests.
public struct ClientStatistics: Sendable, Hashable, Codable {
    public var fetches = 0
    public var serviceAnswers = 0
    public var cacheHits = 0
    public var neutralFallbacks = 0
    public var retries = 0
    public var allocationsQueued = 0
    public var allocationsDelivered = 0
    /// Deliveries of allocations queued by an earlier call (after an outage or a restart).
    public var outboxReplays = 0
    /// Deliveries the service recognised as repeats of an earlier one (same idempotency key).
    public var duplicatesAcknowledged = 0
    public var allocationsRejected = 0
    public init() {}

    enum CodingKeys: String, CodingKey {
        case fetches
        case serviceAnswers = "service_answers"
        case cacheHits = "cache_hits"
        case neutralFallbacks = "neutral_fallbacks"
        case retries
        case allocationsQueued = "allocations_queued"
        case allocationsDelivered = "allocations_delivered"
        case outboxReplays = "outbox_replays"
        case duplicatesAcknowledged = "duplicates_acknowledged"
        case allocationsRejected = "allocations_rejected"
    }

    /// Adds another client's counters.
    public mutating func add(_ o: ClientStatistics) {
        fetches += o.fetches; serviceAnswers += o.serviceAnswers; cacheHits += o.cacheHits
        neutralFallbacks += o.neutralFallbacks; retries += o.retries; allocationsQueued += o.allocationsQueued
        allocationsDelivered += o.allocationsDelivered; outboxReplays += o.outboxReplays
        duplicatesAcknowledged += o.duplicatesAcknowledged; allocationsRejected += o.allocationsRejected
    }
}
