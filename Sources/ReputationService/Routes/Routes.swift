/// The paths the service itself answers, for metric labels (a ``MountedRoutes`` adds its own;
/// anything else is counted as `other`).
enum Routes {
    static let knownPaths: Set<String> = [
        "/reputation_request", "/reward_allocation", "/admin/reload_snapshot", "/healthz", "/metrics", "/openapi.yaml",
    ]
}
