import Foundation

extension MonteCarloReport {
    /// Reads the simulator's Monte Carlo output (`scoring simulate --runs N --format json`):
    /// `{"runs": [{"run", "seed", "metrics", "miner_total_tao"}], "summary": {"metrics": {name:
    /// {"mean", "std_dev", "ci95_low", "ci95_high"}}, "miners": [{"miner_id", "name", "tier",
    /// "total_tao": {…}}]}, "manifest"}`. The manifest, when present, gives the run facts and the
    /// formulas selected in the resolved config.
    ///
    /// - Parameters:
    ///   - json: the JSON document.
    ///   - title: the heading; defaults to the config's name from the manifest.
    /// - Throws: ``ReportInputError`` naming the first missing or mistyped field.
    public init(json: String, title: String? = nil) throws(ReportInputError) {
        let data = Data(json.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
        guard let whole = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw ReportInputError("expected a JSON object (the output of a Monte Carlo run with --format json)")
        }
        guard let summary = whole["summary"] as? [String: Any] else {
            throw ReportInputError("$.summary: expected the Monte Carlo summary object (run with --runs N, N > 1, and --format json)")
        }
        let root = Reader(whole, "$")
        let s = Reader(summary, "$.summary")
        guard let metricObjects = summary["metrics"] as? [String: Any] else { throw s.missing("metrics", "an object") }
        var metrics: [String: Statistic] = [:]
        for (name, value) in metricObjects {
            guard let o = value as? [String: Any] else { throw ReportInputError("$.summary.metrics.\(name): expected an object") }
            metrics[name] = try Self.statistic(Reader(o, "$.summary.metrics.\(name)"))
        }
        let miners = try s.objects("miners").enumerated().map { (i, m) throws(ReportInputError) -> Miner in
            let r = Reader(m, "$.summary.miners[\(i)]")
            guard let total = m["total_tao"] as? [String: Any] else { throw r.missing("total_tao", "an object") }
            return Miner(id: try r.string("miner_id"), name: try r.string("name"), tier: r.optionalString("tier"),
                         totalTao: try Self.statistic(Reader(total, "$.summary.miners[\(i)].total_tao")))
        }
        let runs = try root.objects("runs").enumerated().map { (i, o) throws(ReportInputError) -> Run in
            let r = Reader(o, "$.runs[\(i)]")
            let values = (o["metrics"] as? [String: Any] ?? [:]).compactMapValues { ($0 as? NSNumber)?.doubleValue }
            return Run(index: try r.int("run"), seed: try r.int("seed"), metrics: values)
        }
        let manifest = whole["manifest"] as? [String: Any]
        let resolved = manifest?["config"] as? [String: Any]
        let sim = resolved?["simulation"] as? [String: Any]
        let known = ["gini", "adversarial_share", "copycat_share", "total_slashed", "rank_stability", "tier_rank_correlation"]
        let names = known.filter { metrics[$0] != nil } + metrics.keys.filter { !known.contains($0) }.sorted()

        var facts: [ReportField] = []
        if let name = resolved?["name"] as? String { facts.append(ReportField("config", name)) }
        facts.append(ReportField("runs", String(runs.count)))
        if let e = sim?["epochs"] { facts.append(ReportField("epochs per run", SimulationReport.text(e))) }
        if let e = sim?["emission"] { facts.append(ReportField("emission/epoch", SimulationReport.text(e))) }
        facts.append(ReportField("miners", String(miners.count)))
        if let seed = manifest?["seed"] { facts.append(ReportField("master seed", SimulationReport.text(seed))) }
        if let g = manifest?["generator"] as? String { facts.append(ReportField("generator", g)) }
        if let v = manifest?["version"] as? String { facts.append(ReportField("scoring", v)) }
        if let c = manifest?["git_commit"] as? String { facts.append(ReportField("commit", String(c.prefix(10)))) }
        if let h = manifest?["config_sha256"] as? String { facts.append(ReportField("config sha256", String(h.prefix(12)))) }
        let name = resolved?["name"] as? String
        self.init(title: title ?? "Monte Carlo report" + (name.map { ": \($0)" } ?? ""),
                  summary: resolved?["description"] as? String ?? "",
                  run: facts, metricNames: names, metrics: metrics, miners: miners, runs: runs,
                  formulas: SimulationReport.formulas(resolved))
    }

    static func statistic(_ r: Reader) throws(ReportInputError) -> Statistic {
        Statistic(mean: try r.double("mean"), standardDeviation: try r.double("std_dev"),
                  low: try r.double("ci95_low"), high: try r.double("ci95_high"))
    }
}
