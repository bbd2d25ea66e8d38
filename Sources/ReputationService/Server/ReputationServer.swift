import Foundation
public import Logging
import Hummingbird
import NIOCore
import Reputation
import ReputationStore
public import ScoringCore
import ServiceLifecycle
import UnixSignals
import NIOConcurrencyHelpers

/// The reputation service on Hummingbird 2: build it, run it until a signal, or start it in-process.
///
/// ```swift
/// var config = ServiceConfiguration(dataDirectory: dir, snapshotPath: snap, allowedValidators: [hotkey])
/// let server = try await ReputationServer.start(configuration: config, registry: registry)
/// // … talk to http://127.0.0.1:\(server.port) …
/// try await server.stop()
/// ```
public enum ReputationServer {
    /// Runs the service until SIGTERM or SIGINT, then shuts down gracefully: the listener closes,
    /// in-flight requests (including allocation writes) complete, and the call returns.
    ///
    /// First applies `configuration.executor` to the process (``ServiceExecutor``).
    ///
    /// - Parameter mounts: routes of other modules served beside the service's own (``MountedRoutes``).
    public static func run(configuration: ServiceConfiguration, registry: ScoringRegistry,
                           mounting mounts: [any MountedRoutes] = [], logger: Logger? = nil) async throws {
        let logger = logger ?? makeLogger(configuration)
        let onEventLoops = configuration.executor.apply()
        logger.info("swift concurrency jobs run on", metadata: ["executor": "\(onEventLoops ? "event_loops" : "global")"])
        let (sink, closeSink) = try await AllocationSinkOpener.open(configuration, logger: logger)
        let app: any Service
        do {
            app = try makeApplication(configuration: configuration, registry: registry, mounts: mounts,
                                      allocationSink: sink, logger: logger) { port in
                logger.info("reputation service listening", metadata: ["host": "\(configuration.host)", "port": "\(port)"])
            }.0
        } catch {
            await closeSink()
            throw error
        }
        let group = ServiceGroup(services: [app], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        do { try await group.run() } catch {
            await closeSink()
            throw error
        }
        await closeSink()
        logger.info("reputation service stopped")
    }

    /// Starts the service in this process and returns once it is listening.
    ///
    /// Use `configuration.port = 0` (the default of ``ServiceConfiguration/init(dataDirectory:snapshotPath:allowedValidators:adminHotkeys:)``)
    /// for an ephemeral port, read back from ``RunningServer/port``.
    public static func start(configuration: ServiceConfiguration, registry: ScoringRegistry = ScoringRegistry(),
                             mounting mounts: [any MountedRoutes] = [], logger: Logger? = nil) async throws -> RunningServer {
        let logger = logger ?? makeLogger(configuration)
        let ready = PortPromise()
        let (sink, closeSink) = try await AllocationSinkOpener.open(configuration, logger: logger)
        let app: any Service, service: ReputationService
        do {
            let made = try makeApplication(configuration: configuration, registry: registry, mounts: mounts,
                                           allocationSink: sink, logger: logger) { port in
                ready.fulfill(.success(port))
            }
            app = made.0
            service = made.1
        } catch {
            await closeSink()
            throw error
        }
        let group = ServiceGroup(services: [app], logger: logger)
        let task = Task {
            do {
                try await group.run()
                ready.fulfill(.failure(ServiceStartupError(message: "the server stopped before it was listening")))
            } catch {
                ready.fulfill(.failure(error))
                throw error
            }
        }
        let port: Int
        do {
            port = try await ready.value
        } catch {
            await group.triggerGracefulShutdown()
            _ = await task.result
            await closeSink()
            throw error
        }
        return RunningServer(port: port, host: configuration.host, group: group, task: task, service: service,
                             onStop: closeSink)
    }

    /// The paths and methods the router serves (what `/openapi.yaml` documents).
    public static func routes(configuration: ServiceConfiguration, registry: ScoringRegistry = ScoringRegistry(),
                              mounting mounts: [any MountedRoutes] = []) throws
        -> [(method: String, path: String)]
    {
        let service = try ReputationService(configuration: configuration, registry: registry,
                                            logger: Logger(label: "routes", factory: { _ in SwiftLogNoOpLogHandler() }))
        return makeRouter(service, mounts: mounts).routes.map { (method: $0.method.rawValue, path: $0.path.description) }
    }

    /// The OpenAPI document `/openapi.yaml` serves with these mounts.
    public static func openAPIDocument(mounting mounts: [any MountedRoutes] = []) -> String {
        OpenAPIDocument.yaml(mounting: mounts)
    }

    /// Routes served but not documented in ``openAPIDocument(mounting:)``, and documented but not
    /// served, as `"METHOD /path"` (both empty when the document matches the router).
    public static func undocumentedRoutes(configuration: ServiceConfiguration, registry: ScoringRegistry = ScoringRegistry(),
                                          mounting mounts: [any MountedRoutes] = []) throws
        -> (undocumented: Set<String>, unserved: Set<String>)
    {
        let served = Set(try routes(configuration: configuration, registry: registry, mounting: mounts).map {
            "\($0.method.uppercased()) \($0.path.hasPrefix("/") ? $0.path : "/" + $0.path)"
        })
        let documented = OpenAPIDocument.operations(in: openAPIDocument(mounting: mounts))
        return (served.subtracting(documented), documented.subtracting(served))
    }

    static func makeLogger(_ configuration: ServiceConfiguration) -> Logger {
        var logger = Logger(label: "reputation-service")
        logger.logLevel = Logger.Level(rawValue: configuration.logLevel) ?? .info
        return logger
    }

    static func makeApplication(configuration: ServiceConfiguration, registry: ScoringRegistry,
                                mounts: [any MountedRoutes], allocationSink: (any AllocationSink)? = nil, logger: Logger,
                                onListening: @escaping @Sendable (Int) -> Void) throws
        -> (some Service, ReputationService)
    {
        let service = try ReputationService(configuration: configuration, registry: registry, logger: logger,
                                            allocationSink: allocationSink)
        let router = makeRouter(service, mounts: mounts)
        var services: [any Service] = []
        if let interval = configuration.snapshotPollInterval {
            services.append(SnapshotPoller(service: service, interval: interval))
        }
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                 serverName: "reputation-service"),
            services: services,
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
        return (app, service)
    }

    static func makeRouter(_ service: ReputationService, mounts: [any MountedRoutes] = []) -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        let limit = service.configuration.maxBodyBytes
        let knownPaths = mounts.reduce(Routes.knownPaths) { $0.union($1.paths) }
        router.add(middleware: ServiceMiddleware(metrics: service.metrics, knownPaths: knownPaths,
                                                 corsOrigins: service.configuration.corsOrigins))

        router.post("reputation_request") { request, _ -> Response in
            try service.reputationRequest(raw: try await HTTPSupport.jsonBody(request, limit: limit))
        }
        router.post("reward_allocation") { request, context -> Response in
            let data = try await HTTPSupport.jsonBody(request, limit: limit)
            let body = try RewardAllocationScanner.scan(data, wrapped: false)?.allocation ?? HTTPSupport.decode(RewardAllocation.self, from: data)
            let header = request.headers[.init("Idempotency-Key")!]
            return try HTTPSupport.json(try await service.rewardAllocation(body, raw: data, headerKey: header, requestID: context.id))
        }
        router.post("admin/reload_snapshot") { request, _ -> Response in
            let data = try await HTTPSupport.jsonBody(request, limit: limit)
            let body = try HTTPSupport.decode(ReputationService.ReloadRequest.self, from: data)
            return try HTTPSupport.json(try service.reloadSnapshot(body))
        }
        router.get("healthz") { _, _ -> Response in
            try HTTPSupport.json(service.health())
        }
        router.get("metrics") { _, _ -> Response in
            HTTPSupport.text(service.metrics.render(health: service.health(), allowListSize: service.allowList.count,
                                                    replayEntries: service.replay.count),
                             contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        let document = OpenAPIDocument.yaml(mounting: mounts)
        router.get("openapi.yaml") { _, _ -> Response in
            HTTPSupport.text(document, contentType: "application/yaml; charset=utf-8")
        }
        for mount in mounts { mount.register(on: router) }
        return router
    }
}

/// A service started in-process by ``ReputationServer/start(configuration:registry:logger:)``.
public final class RunningServer: Sendable {
    /// The port it listens on (the ephemeral one the OS chose, when the config asked for 0).
    public let port: Int
    public let host: String
    private let group: ServiceGroup
    private let task: Task<Void, any Error>
    let service: ReputationService
    /// Closes what the server opened (the allocation store), after the listener is closed.
    private let onStop: @Sendable () async -> Void

    init(port: Int, host: String, group: ServiceGroup, task: Task<Void, any Error>, service: ReputationService,
         onStop: @escaping @Sendable () async -> Void = {}) {
        self.port = port
        self.host = host
        self.group = group
        self.task = task
        self.service = service
        self.onStop = onStop
    }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: String { "http://\(host):\(port)" }

    /// Checks the snapshot and allow-list files now instead of waiting for the next poll.
    public func pollNow() { service.poll() }

    /// Stops gracefully (in-flight requests finish) and waits until the listener is closed.
    public func stop() async throws {
        await group.triggerGracefulShutdown()
        do { try await task.value } catch {
            await onStop()
            throw error
        }
        await onStop()
    }
}

/// Re-reads the snapshot and allow-list files every `interval` until graceful shutdown.
struct SnapshotPoller: Service {
    let service: ReputationService
    let interval: Duration

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do { try await Task.sleep(for: interval) } catch { return }
                service.poll()
            }
        }
    }
}

/// Delivers the listening port (or the start-up failure) exactly once.
final class PortPromise: Sendable {
    private struct State {
        var result: Result<Int, any Error>?
        var waiter: CheckedContinuation<Int, any Error>?
    }
    private let state = NIOLockedValueBox(State())

    func fulfill(_ result: Result<Int, any Error>) {
        let waiter = state.withLockedValue { s -> CheckedContinuation<Int, any Error>? in
            guard s.result == nil else { return nil }
            s.result = result
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume(with: result)
    }

    var value: Int {
        get async throws {
            try await withCheckedThrowingContinuation { continuation in
                let ready = state.withLockedValue { s -> Result<Int, any Error>? in
                    if let r = s.result { return r }
                    s.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        }
    }
}
