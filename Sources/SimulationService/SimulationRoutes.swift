import Foundation
import Hummingbird
import ReputationService
import ScoringCore

/// The simulation API (`/api/…`), answered from the same ``ScoringRegistry`` the CLI uses.
///
/// - `GET /api/health`: liveness plus the registry's modules and component counts.
/// - `GET /api/formulas`: every registered formula with role, equation, reference and parameters.
/// - `GET /api/constants`: every component's parameter defaults, by kind and key.
/// - `POST /api/simulate`: runs a bundled config (`config`, `epochs`, `emission`, `seed`) and returns the
///   CLI's JSON output.
/// - `GET /api/simulate/stream?config=&epochs=&emission=&seed=`: Server-Sent Events, one per epoch.
struct SimulationRoutes {
    let api: SimulationAPI
    let maxBodyBytes: Int

    func register(on router: Router<BasicRequestContext>) {
        let registry = api.registry
        let api = self.api
        let limit = maxBodyBytes
        router.post("api/simulate") { request, _ -> Response in
            // No body (and no content type) means the defaults of the bundled "default" config.
            let empty = request.headers[.contentType] == nil && (request.headers[.contentLength] ?? "0") == "0"
            let parameters = empty ? SimulationAPI.Parameters()
                : try HTTPSupport.decode(SimulationAPI.Parameters.self, from: try await HTTPSupport.jsonBody(request, limit: limit))
            return try await api.simulate(parameters)
        }
        router.get("api/simulate/stream") { request, _ -> Response in
            try api.stream(try SimulationAPI.Parameters(query: request.uri.queryParameters))
        }
        router.get("api/health") { _, _ -> Response in
            let counts = registry.kinds.map { ConfigEntry(key: $0.rawValue, value: .int(registry.keys($0).count)) }
            let body = ConfigNode.map([
                "status": .string("ok"),
                "modules": .list(registry.modules.map { .string($0) }),
                "components": .map(counts),
                "pipelines": .list(registry.pipelines.map { .string($0.name) }),
            ])
            return Self.json(body)
        }
        router.get("api/formulas") { _, _ -> Response in
            Self.json(.map(["formulas": .list(registry.descriptors(.formula).map(Self.describe))]))
        }
        router.get("api/constants") { _, _ -> Response in
            var kinds: [ConfigEntry] = []
            for kind in registry.kinds {
                var components: [ConfigEntry] = []
                for d in registry.descriptors(kind) {
                    let params = d.parameters.map { ConfigEntry(key: $0.name, value: $0.defaultValue?.withoutLocations ?? .null) }
                    components.append(ConfigEntry(key: d.key.rawValue, value: .map(params)))
                }
                kinds.append(ConfigEntry(key: kind.rawValue, value: .map(components)))
            }
            return Self.json(.map(kinds))
        }
    }

    static func describe(_ d: ComponentDescriptor) -> ConfigNode {
        .map([
            "key": .string(d.key.rawValue),
            "role": d.role.map { .string($0.rawValue) } ?? .null,
            "summary": .string(d.summary),
            "equation": d.equation.map { .string($0) } ?? .null,
            "reference": d.reference.map { .string($0) } ?? .null,
            "module": .string(d.module),
            "parameters": .list(d.parameters.map { p in
                .map([
                    "name": .string(p.name), "type": .string(p.typeDescription),
                    "default": p.defaultValue?.withoutLocations ?? .null, "summary": .string(p.summary),
                ])
            }),
        ])
    }

    static func json(_ node: ConfigNode, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: node.jsonString(pretty: false))))
    }
}
