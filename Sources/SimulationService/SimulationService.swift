public import Hummingbird
public import ReputationService
public import ScoringCore

/// The simulation API (`/api/…`) and the live dashboard (`/`), as routes `scoring serve` mounts into
/// the reputation service (``ReputationService/MountedRoutes``).
///
/// ```swift
/// let simulation = SimulationService(registry: registry, configuration: configuration)
/// try await ReputationServer.run(configuration: configuration, registry: registry, mounting: [simulation])
/// ```
///
/// Requests are bounded by the service config's `simulation:` section
/// (``ReputationService/ServiceConfiguration/SimulationLimits``) and its `max_body_bytes`.
public struct SimulationService: MountedRoutes {
    public let registry: ScoringRegistry
    public let limits: ServiceConfiguration.SimulationLimits
    public let maxBodyBytes: Int

    public init(registry: ScoringRegistry, configuration: ServiceConfiguration) {
        self.registry = registry
        self.limits = configuration.simulationLimits
        self.maxBodyBytes = configuration.maxBodyBytes
    }

    public var paths: Set<String> {
        ["/", "/api/health", "/api/formulas", "/api/constants", "/api/simulate", "/api/simulate/stream"]
    }

    public var openAPIPaths: String { SimulationOpenAPI.paths }
    public var openAPISchemas: String { SimulationOpenAPI.schemas }

    public func register(on router: Router<BasicRequestContext>) {
        let api = SimulationAPI(registry: registry, limits: limits, configsDirectory: limits.configsDirectory)
        SimulationRoutes(api: api, maxBodyBytes: maxBodyBytes).register(on: router)
        DashboardRoute.register(on: router, configsDirectory: limits.configsDirectory, epochLimit: limits.maxEpochs)
    }
}
