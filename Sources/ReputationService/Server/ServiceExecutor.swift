import NIOCore
import NIOPosix

/// Where the service's Swift concurrency jobs (request handlers, the body collection they await) run
/// when the server is started with ``ReputationServer/run(configuration:registry:mounting:logger:)``:
/// the `executor` key of the `service:` section.
///
/// - `event_loops` (the default): SwiftNIO's own `MultiThreadedEventLoopGroup.singleton`, the group
///   Hummingbird already serves its connections on, becomes Swift concurrency's global executor
///   (`NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()`). A
///   handler then usually runs on the event-loop thread that read its request and writes its response
///   there, instead of being handed to Swift's cooperative pool and its response handed back: two
///   thread switches (a wake-up, a futex or eventfd write, a cold cache) fewer per request.
/// - `global`: Swift's own cooperative pool, as without this setting.
///
/// Measured side by side with `make bench-service`'s load (same binary, the two values alternated,
/// 2 vCPUs, shared machine; Benchmarks/ServiceBench/README.md): see the README's section
/// "Handlers on the event loops".
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
