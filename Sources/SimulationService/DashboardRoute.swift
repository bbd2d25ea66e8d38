import Hummingbird
import Reports
import ReputationService

/// `GET /`: the live simulation dashboard (``Reports/Dashboard``), listing the simulation configs
/// of `simulation.configs_dir` for the stream's `config` parameter.
enum DashboardRoute {
    static func register(on router: Router<BasicRequestContext>, configsDirectory: String, epochLimit: Int) {
        router.get("/") { _, _ -> Response in
            let configs = Dashboard.bundledConfigs(in: configsDirectory)
            return HTTPSupport.text(Dashboard.html(configs: configs, defaultConfig: configs.first, epochLimit: epochLimit),
                                    contentType: "text/html; charset=utf-8")
        }
    }
}
