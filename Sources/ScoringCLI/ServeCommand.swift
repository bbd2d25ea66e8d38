public import ArgumentParser
import ReputationService
import ScoringCore
import SimulationService

/// `scoring serve [--config configs/reputation/service.yaml]`: the reputation service and simulation API.
public struct ServeCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the reputation service (and the simulation API) until SIGTERM or SIGINT.",
        discussion: """
            Serves POST /reputation_request, POST /reward_allocation, POST /admin/reload_snapshot, \
            GET /healthz, /metrics, /openapi.yaml and the /api/* simulation routes. On SIGTERM or SIGINT \
            it stops accepting connections, lets in-flight requests (and allocation writes) finish, and exits. \
            See docs/service-security.md.
            """)

    @Option(name: .shortAndLong, help: "The service config file.")
    public var config: String = "configs/reputation/service.yaml"
    @OptionGroup public var overrides: ConfigOptions
    @Option(parsing: .unconditional, help: "Listen on this port instead of the config's (0 = any free port).")
    public var port: Int?

    public init() {}

    public func run() async throws {
        var configuration: ServiceConfiguration
        do {
            configuration = try ServiceConfiguration.load(file: config, overrides: overrides.overrides)
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
        if let port {
            guard (0...65535).contains(port) else { throw ValidationError("--port must be in 0…65535") }
            configuration.port = port
        }
        let registry = try BuiltInModules.registry()
        do {
            // The simulation API and dashboard are a separate module, mounted beside the service's routes.
            let simulation = SimulationService(registry: registry, configuration: configuration)
            try await ReputationServer.run(configuration: configuration, registry: registry, mounting: [simulation])
        } catch let error as ServiceStartupError {
            printError(error.description)
            throw ExitCode(1)
        }
    }
}
