import ScoringCore
import Chain
import Reports

/// Builds the ``ChainReport`` of a run and renders it.
enum ChainReportBuilder {
    /// At most this many servers get a bond chart per mechanism (the first ones by UID).
    static let maxBondCharts = 6

    static func report(_ x: ChainPipeline.Execution, title: String?, summary: String?, manifest: ChainManifest) -> ChainReport {
        let replay = x.replay
        let validators = replay.validators, servers = replay.servers
        let validatorSet = Set(validators)
        var mechanisms: [ChainReport.Mechanism] = []
        for run in x.runs {
            let steps = run.steps
            func series(_ uids: [Int], _ value: (ChainEpochResult, Int) -> Double) -> [ChainReport.Series] {
                uids.map { u in ChainReport.Series(uid: u, label: replay.labels[u], values: steps.map { value($0.result, u) }) }
            }
            let dividends = series(validators) { r, u in r.dividends[u] }
            let incentive = series(servers) { r, u in r.incentive[u] }
            let bonds = servers.prefix(maxBondCharts).map { s in
                ChainReport.BondChart(server: s, serverLabel: replay.labels[s], validators: series(validators) { r, u in
                    r.state.bonds[row: u].first { $0.column == s }?.value ?? 0
                })
            }
            var rows: [ChainReport.Row] = []
            if let last = steps.last {
                let r = last.result
                for u in 0..<replay.uidCount {
                    rows.append(ChainReport.Row(
                        uid: u, label: replay.labels[u], role: validatorSet.contains(u) ? "validator" : "server",
                        stake: last.input.stakes[u], incentive: r.incentive[u], dividends: r.dividends[u], emission: r.emission[u],
                        trust: r.trust[u], validatorTrust: r.validatorTrust[u], consensus: r.consensus[u],
                        totalDividends: steps.reduce(0) { $0 + $1.result.dividends[u] },
                        totalIncentive: steps.reduce(0) { $0 + $1.result.incentive[u] },
                        bonds: r.state.bonds[row: u].reduce(0) { $0 + $1.value }))
                }
            }
            mechanisms.append(ChainReport.Mechanism(label: run.selected.label, dividends: dividends, bonds: Array(bonds),
                                                    incentive: incentive, rows: rows,
                                                    metrics: run.metrics.map { ReportField($0.name, $0.value.description) }))
        }
        var fields = [ReportField("replay", replay.name), ReportField("UIDs", String(replay.uidCount)),
                      ReportField("epochs", String(replay.epochs.count)),
                      ReportField("mechanisms", x.runs.map(\.selected.label).joined(separator: ", ")),
                      ReportField("config sha256", String(manifest.configHash.prefix(12)))]
        if let commit = manifest.gitCommit { fields.append(ReportField("git", String(commit.prefix(10)))) }
        return ChainReport(title: title.map { "Chain replay: \($0)" } ?? "Chain replay: \(replay.name)",
                           summary: summary ?? "Dividends, bonds and incentive per epoch for each mechanism, from the replay \(replay.name).",
                           run: fields, epochs: replay.epochs.count, mechanisms: mechanisms)
    }

    static func html(_ x: ChainPipeline.Execution, title: String?, summary: String?, manifest: ChainManifest) -> String {
        ReportRenderer.html(report(x, title: title, summary: summary, manifest: manifest))
    }
}
