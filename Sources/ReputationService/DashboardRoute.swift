import Hummingbird
import Reports

/// `GET /`: the live simulation dashboard (``Reports/Dashboard``), listing the simulation configs
/// bundled under `configs/` (relative to the working directory) for the stream's `config` parameter.
enum DashboardRoute {
    static func register(on router: Router<BasicRequestContext>, configsDirectory: String = "configs") {
        router.get("/") { _, _ -> Response in
            let configs = Dashboard.bundledConfigs(in: configsDirectory)
            return HTTPSupport.text(Dashboard.html(configs: configs, defaultConfig: configs.first),
                                    contentType: "text/html; charset=utf-8")
        }
    }
}
