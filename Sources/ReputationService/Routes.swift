/// The paths the service answers, for metric labels (anything else is counted as `other`).
enum Routes {
    static let knownPaths: Set<String> = [
        "/", "/reputation_request", "/reward_allocation", "/admin/reload_snapshot", "/healthz", "/metrics",
        "/openapi.yaml", "/api/health", "/api/formulas", "/api/constants", "/api/simulate", "/api/simulate/stream",
    ]
}
