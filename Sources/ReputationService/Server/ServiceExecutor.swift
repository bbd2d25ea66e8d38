import NIOCore
import NIOPosix

/// Where the service's Swift concurrency jobs (request handlers, the body collection they await) run
/// when the server is started with ``ReputationServer/run(configuration:registry:mounting:logger:)``:
/// the `executor` key of the `service:` section.
///
/// - `global` (the default): Swift's own cooperative pool. Each request is read on an event loop,
///   handed to the pool for its handler, and its response handed back to the event loop to be written.
/// - `event_loops`: SwiftNIO's own `MultiThreadedEventLoopGroup.singleton`, the group Hummingbird
///   already serves its connections on, becomes Swift concurrency's global executor
///   (`NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()`), so a
///   handler usually runs on the event-loop thread that read its request: two thread switches fewer
///   per request.
///
/// Why `global` stays the default: on a quiet machine `event_loops` used about 10 % less CPU per
/// `/reputation_request` and the same per fsynced `/reward_allocation` (Benchmarks/ServiceBench/README.md,
/// "On the quiet machine"; under load, alternated rounds showed no gain), which does not outweigh the
/// warning below for a service that also serves the simulation API. Compare with
/// `Scripts/service/side_by_side.sh "global=.build/release/scoring" "loops=.build/release/scoring --set service.executor=event_loops"`.
///
/// The choice is process-wide and cannot be undone, so only the long-running entry point `run` applies
/// it (once per process); in-process servers (``ReputationServer/start(configuration:registry:mounting:logger:)``,
/// the tests, the reputation pipeline) keep the process's executor. Work that blocks stays off the
/// event loops either way: allocation files are written and fsynced on ``GroupCommitter/threads``.
///
/// > Warning: with `event_loops`, a CPU-heavy handler (a large `POST /api/simulate`) occupies an
/// > event loop, so the connections served by that loop wait for it, where with `global` it occupied
/// > one of the cooperative pool's threads (also one per core).
public enum ServiceExecutor: String, CaseIterable, Sendable {
    case eventLoops = "event_loops"
    case global

    /// Applies this choice to the process (at most once; later calls do nothing). Returns whether Swift
    /// concurrency's global executor is the event loops now.
    @discardableResult
    func apply() -> Bool {
        switch self {
        case .eventLoops: return Self.eventLoopsInstalled
        case .global: return false
        }
    }

    /// Installed on first use, once per process (NIO refuses a second installation).
    private static let eventLoopsInstalled: Bool =
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
}
