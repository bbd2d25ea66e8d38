import Foundation

extension ReportRenderer {
    // MARK: - Monte Carlo

    /// What each run metric measures, in a newcomer's words (shown beside the numbers).
    static let metricMeaning: [String: String] = [
        "gini": "Inequality of the miners' total TAO: 0 = everyone equal, 1 = one miner takes all.",
        "adversarial_share": "Share of the miners' TAO earned by adversarial miners (lower is better).",
        "copycat_share": "Share of the miners' TAO earned by copycat miners (lower is better).",
        "total_slashed": "Validator stake flagged for slashing, summed over validators and epochs.",
        "rank_stability": "How much miner ranks stay the same from epoch to epoch (1 = never change).",
        "tier_rank_correlation": "Whether stronger tiers earn more (rank correlation; 1 = perfectly in tier order).",
    ]

    /// The HTML page for a Monte Carlo simulation: each run metric's mean with its 95 % interval
    /// (headline numbers, one strip chart per metric showing every run, a table), each miner's mean
    /// total TAO as bars with error whiskers, a per-miner and a per-run table, the first run in
    /// full detail when the report has it, and the formulas used.
    public static func html(_ report: MonteCarloReport) -> String {
        var page = Page(title: report.title)
        let n = report.runs.count
        page.header(title: report.title,
                    summary: report.summary.isEmpty
                        ? "One simulation configuration run \(n) times with different seeds: what holds in every run, and what was luck."
                        : report.summary,
                    fields: report.run)
        var s = "<section class=\"kpis\" id=\"kpis\" aria-label=\"Headline numbers\">"
        s += "<div class=\"kpi\" id=\"kpi-runs\"><div class=\"k\">Runs</div><div class=\"v\" data-value=\"\(n)\">\(n)</div><div class=\"s\">independent seeds, same config</div></div>"
        for name in report.metricNames {
            guard let m = report.metrics[name] else { continue }
            s += "<div class=\"kpi\" id=\"kpi-\(HTML.slug(name))\" data-metric=\"\(HTML.escape(name))\"><div class=\"k\">\(HTML.escape(name.replacingOccurrences(of: "_", with: " ")))</div>"
            s += "<div class=\"v\" data-value=\"\(HTML.exact(m.mean))\">\(HTML.fixed(m.mean, 4))</div>"
            s += "<div class=\"s\">95 % interval [\(HTML.fixed(m.low, 4)), \(HTML.fixed(m.high, 4))]</div></div>"
        }
        s += "</section>"
        s += """
            <details class="explain" open><summary>How to read this report</summary>
            <p>The same configuration was simulated <b>\(n) times</b>, each run with its own seed derived from the \
            master seed, so the tasks, noise and scores differ between runs. Every number here is a <b>mean over the \
            runs</b>; the whiskers and bracketed ranges are the <b>95 % interval of that mean</b> \
            (mean ± 1.96 · standard deviation / √\(n)): if the interval is narrow, more runs would not change the \
            picture much. Dots in the metric charts are single runs.</p>\
            \(report.firstRun == nil ? "" : "<p>Below the summary, the first run is shown in full detail: its epochs, leaderboard, miners and validators.</p>")\
            </details>
            """

        // Miners: bars with whiskers.
        let ranked = report.miners.sorted { $0.totalTao.mean != $1.totalTao.mean ? $0.totalTao.mean > $1.totalTao.mean : $0.id < $1.id }
        let rows = ranked.enumerated().map { i, m in
            SVGChart.IntervalRow(label: m.name, mean: m.totalTao.mean, low: m.totalTao.low, high: m.totalTao.high,
                                 color: tierColor(m.tier) ?? SVGChart.color(i),
                                 title: "\(m.name) (\(m.id))\(m.tier.map { ", \($0)" } ?? ""): mean \(HTML.fixed(m.totalTao.mean, 4)) TAO, 95 % interval [\(HTML.fixed(m.totalTao.low, 4)), \(HTML.fixed(m.totalTao.high, 4))], sd \(HTML.fixed(m.totalTao.standardDeviation, 4))")
        }
        let data = ranked.map { [("miner", $0.id), ("value", HTML.exact($0.totalTao.mean))] }
        s += "<div class=\"grid\"><div class=\"card\" id=\"mc-chart-tao\"><h2>Mean TAO per miner</h2>"
        s += "<p class=\"help\">Total TAO at the end of a run, averaged over \(n) runs, highest first; whiskers: 95 % interval of the mean\(ranked.contains { $0.tier != nil } ? "; colour shows the simulated tier" : "").</p>"
        s += SVGChart.whiskerBars(rows, data: data, label: "Mean total TAO per miner over \(n) runs with 95 % intervals")
        let tiers = orderedUnique(ranked.compactMap(\.tier))
        if !tiers.isEmpty {
            s += "<ul class=\"legend\" aria-label=\"Tiers\">" + tiers.map { "<li><span class=\"sw\" style=\"background:\(tierColor($0) ?? "#64748b")\"></span>\(HTML.escape($0))</li>" }.joined() + "</ul>"
        }
        s += "</div>"

        // Metrics: one strip chart each.
        s += "<div class=\"card\" id=\"mc-chart-metrics\"><h2>Run metrics over \(n) runs</h2>"
        s += "<p class=\"help\">Each dot is one run; the dark line is the mean and the shaded band its 95 % interval.</p><div class=\"strips\">"
        for (i, name) in report.metricNames.enumerated() {
            guard let m = report.metrics[name] else { continue }
            let values = report.runs.compactMap { $0.metrics[name] }
            let same = m.standardDeviation == 0
            s += "<figure class=\"strip-fig\" data-metric=\"\(HTML.escape(name))\"><figcaption><b>\(HTML.escape(name))</b> \(HTML.fixed(m.mean, 4)) <span class=\"help\">\(same ? "(the same in every run)" : "[\(HTML.fixed(m.low, 4)), \(HTML.fixed(m.high, 4))]")</span></figcaption>"
            s += SVGChart.strip(values, mean: m.mean, low: m.low, high: m.high, color: SVGChart.color(i),
                                label: "\(name) over \(values.count) runs: mean \(HTML.fixed(m.mean, 4))")
            s += "</figure>"
        }
        s += "</div></div></div>"

        // Metric table.
        s += "<section id=\"mc-metrics\"><h2>Run metrics</h2><div class=\"table-wrap\"><table class=\"sortable\" id=\"mc-metric-table\"><thead><tr>"
        for (label, key, left) in [("Metric", "metric", true), ("Mean", "mean", false), ("Std dev", "sd", false),
                                   ("95 % low", "ci95_low", false), ("95 % high", "ci95_high", false), ("What it measures", "meaning", true)] {
            s += "<th scope=\"col\" data-key=\"\(key)\"\(left ? " class=\"l\"" : "")><button type=\"button\">\(label)</button></th>"
        }
        s += "</tr></thead><tbody>"
        for name in report.metricNames {
            guard let m = report.metrics[name] else { continue }
            s += "<tr data-metric=\"\(HTML.escape(name))\"><td class=\"l\"><code>\(HTML.escape(name))</code></td>"
            s += num("mean", m.mean, 4) + num("sd", m.standardDeviation, 4) + num("ci95_low", m.low, 4) + num("ci95_high", m.high, 4)
            s += "<td class=\"l wrap\">\(HTML.escape(metricMeaning[name] ?? ""))</td></tr>"
        }
        s += "</tbody></table></div></section>"

        // Miner table.
        s += "<section id=\"mc-miners\"><h2>Miners over \(n) runs</h2>"
        s += "<p class=\"help\">One row per miner, highest mean TAO first. Click a heading to sort.</p>"
        s += "<div class=\"table-wrap\"><table class=\"sortable\" id=\"mc-miner-table\"><thead><tr>"
        let showTier = report.miners.contains { $0.tier != nil }
        var heads = [("#", "rank", false), ("Miner", "name", true)]
        if showTier { heads.append(("Tier", "tier", true)) }
        heads += [("Mean TAO", "mean", false), ("Std dev", "sd", false), ("95 % low", "ci95_low", false), ("95 % high", "ci95_high", false)]
        for (label, key, left) in heads {
            s += "<th scope=\"col\" data-key=\"\(key)\"\(left ? " class=\"l\"" : "")\(key == "rank" ? " data-default=\"ascending\"" : "")><button type=\"button\">\(label)</button></th>"
        }
        s += "</tr></thead><tbody>"
        for (i, m) in ranked.enumerated() {
            s += "<tr data-miner=\"\(HTML.escape(m.id))\"><td data-key=\"rank\" data-value=\"\(i + 1)\">\(i + 1)</td>"
            s += "<td class=\"l\" data-key=\"name\">\(HTML.escape(m.name)) <span class=\"help\">\(HTML.escape(m.id))</span></td>"
            if showTier { s += "<td class=\"l\" data-key=\"tier\">\(badge(m.tier))</td>" }
            let t = m.totalTao
            s += num("mean", t.mean, 4) + num("sd", t.standardDeviation, 4) + num("ci95_low", t.low, 4) + num("ci95_high", t.high, 4) + "</tr>"
        }
        s += "</tbody></table></div></section>"

        // Run table.
        if !report.runs.isEmpty {
            s += "<details class=\"explain\" id=\"mc-runs\"><summary>Every run (\(n))</summary><div class=\"table-wrap\"><table class=\"sortable\" id=\"mc-run-table\"><thead><tr>"
            s += "<th scope=\"col\" data-key=\"run\" data-default=\"ascending\"><button type=\"button\">Run</button></th><th scope=\"col\" data-key=\"seed\"><button type=\"button\">Seed</button></th>"
            for name in report.metricNames { s += "<th scope=\"col\" data-key=\"\(HTML.escape(name))\"><button type=\"button\">\(HTML.escape(name))</button></th>" }
            s += "</tr></thead><tbody>"
            for r in report.runs {
                s += "<tr data-run=\"\(r.index)\"><td data-key=\"run\" data-value=\"\(r.index + 1)\">\(r.index + 1)</td><td data-key=\"seed\" data-value=\"\(r.seed)\">\(r.seed)</td>"
                for name in report.metricNames {
                    if let v = r.metrics[name] { s += num(name, v, 4) } else { s += "<td>–</td>" }
                }
                s += "</tr>"
            }
            s += "</tbody></table></div></details>"
        }

        // The first run in detail.
        s += "<section id=\"first-run\"><h2>First run in detail</h2>"
        if !report.firstRunNote.isEmpty { s += "<p class=\"help\">\(HTML.escape(report.firstRunNote))</p>" }
        if let first = report.firstRun, let last = first.lastEpoch {
            let look = MinerLook(first)
            s += "<div class=\"grid\">" + taoCard(first, last: last, look: look) + sEpochCard(first, look: look) + "</div>"
            s += leaderboard(first, last: last, look: look)
            s += minerDetails(first, last: last, look: look)
            s += validatorSection(first, last: last, thresholds: Thresholds(first.formulas))
            s += epochSection(first)
        } else if report.firstRunNote.isEmpty {
            s += "<p class=\"help\">Not included: this report was made from the Monte Carlo summary alone.</p>"
        }
        s += "</section>"
        s += formulaSection(report.formulas.isEmpty ? report.firstRun?.formulas ?? [] : report.formulas)
        page.body = s
        return page.finish()
    }
}
