public import Hummingbird

/// Routes another module adds to the service's router, with their documentation.
///
/// `scoring serve` mounts the simulation API and the dashboard (the `SimulationService` module) this
/// way, so the reputation service itself depends on neither the simulator nor the reports.
/// ``ReputationServer`` registers each mount's routes after its own, counts its ``paths`` as metrics
/// route labels, and splices its OpenAPI fragments into `/openapi.yaml`.
public protocol MountedRoutes: Sendable {
    /// Every path the routes answer (leading `/`), each counted as a metrics route label of its own.
    var paths: Set<String> { get }
    /// The routes' OpenAPI `paths` entries, indented as under `paths:` (two spaces before `/…:`).
    var openAPIPaths: String { get }
    /// OpenAPI `components.schemas` entries they refer to, indented as under `schemas:` (four spaces);
    /// empty when there are none.
    var openAPISchemas: String { get }

    func register(on router: Router<BasicRequestContext>)
}
