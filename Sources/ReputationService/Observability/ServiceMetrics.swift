import Foundation
import HTTPTypes
import Metrics
import Prometheus
import NIOConcurrencyHelpers

/// The service's metrics, recorded through swift-metrics into a Prometheus registry owned by this
/// server (so several in-process servers never share series), and rendered by `GET /metrics`.
///
/// - `reputation_http_requests_total{route,method,status}`
/// - `reputation_http_request_duration_seconds{route}` (histogram, 0.25 ms … 5 s)
/// - `reputation_signature_failures_total{reason}`
/// - `reputation_allocations_stored_total`, `reputation_snapshot_load_failures_total`
/// - `reputation_commit_batches_total`, `reputation_commit_files_total` (group commit: a batch is one
///   directory sync round, or one file when not durable; files per batch on average is their ratio)
/// - at scrape time: `reputation_snapshot_info{version}`, `reputation_snapshot_age_seconds`,
///   `reputation_snapshot_miners`, `reputation_snapshot_loaded`, `reputation_allow_list_size`,
///   `reputation_replay_cache_entries`
final class ServiceMetrics: Sendable {
    let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory

    init() {
        registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
            .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
            .milliseconds(500), .seconds(1), .seconds(5),
        ]
        self.factory = factory
        allocationsStored = Counter(label: "reputation_allocations_stored_total", factory: factory)
        commitBatches = Counter(label: "reputation_commit_batches_total", factory: factory)
        commitFiles = Counter(label: "reputation_commit_files_total", factory: factory)
        snapshotLoadFailures = Counter(label: "reputation_snapshot_load_failures_total", factory: factory)
    }

    // Counters without dimensions, made once (like the request series below): every stored allocation
    // touches three of them, and making a counter looks it up in the registry under its lock.
    private let allocationsStored: Metrics.Counter
    private let commitBatches: Metrics.Counter
    private let commitFiles: Metrics.Counter
    private let snapshotLoadFailures: Metrics.Counter

    /// The counter and timer of one (route, method, status), made once and reused.
    private struct RequestSeries: Hashable {
        var route: String
        var method: HTTPRequest.Method
        var status: Int
    }
    private let requestHandles = NIOLockedValueBox<[RequestSeries: (Metrics.Counter, Metrics.Timer)]>([:])

    func request(route: String, method: HTTPRequest.Method, status: Int, nanoseconds: Int64) {
        let series = RequestSeries(route: route, method: method, status: status)
        let (counter, timer) = requestHandles.withLockedValue { handles in
            if let h = handles[series] { return h }
            let h = (Counter(label: "reputation_http_requests_total",
                             dimensions: [("route", route), ("method", method.rawValue), ("status", String(status))],
                             factory: factory),
                     Metrics.Timer(label: "reputation_http_request_duration_seconds", dimensions: [("route", route)],
                                   factory: factory))
            handles[series] = h
            return h
        }
        counter.increment()
        timer.recordNanoseconds(nanoseconds)
    }

    func signatureFailure(reason: String) {
        Counter(label: "reputation_signature_failures_total", dimensions: [("reason", reason)], factory: factory).increment()
    }

    func allocationStored() {
        allocationsStored.increment()
    }

    /// One group-commit batch of `size` files (see ``GroupCommitter/onBatch``).
    func commitBatch(size: Int) {
        commitBatches.increment()
        commitFiles.increment(by: size)
    }

    func snapshotLoadFailed() {
        snapshotLoadFailures.increment()
    }

    /// The Prometheus text exposition, with the snapshot gauges computed now.
    func render(health: HealthReport, allowListSize: Int, replayEntries: Int) -> String {
        var text = registry.emitToString()
        func gauge(_ name: String, _ help: String, _ value: String, labels: String = "") {
            text += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n\(name)\(labels) \(value)\n"
        }
        gauge("reputation_snapshot_loaded", "1 when a snapshot is being served, 0 when serving Neutral defaults",
              health.snapshotVersion == nil ? "0" : "1")
        if let version = health.snapshotVersion {
            gauge("reputation_snapshot_info", "The served snapshot version (value is always 1)", "1",
                  labels: "{version=\"\(Self.escape(version))\"}")
        }
        if let age = health.ageSeconds {
            gauge("reputation_snapshot_age_seconds", "Seconds since the served snapshot was generated", String(format: "%.3f", age))
        }
        gauge("reputation_snapshot_miners", "Miners in the served snapshot", String(health.minerCount))
        gauge("reputation_allow_list_size", "Validator hotkeys allowed", String(allowListSize))
        gauge("reputation_replay_cache_entries", "Signatures remembered for replay protection", String(replayEntries))
        return text
    }

    private static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
