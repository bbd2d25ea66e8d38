extension ReportRenderer {
    // MARK: - Reputation

    /// The HTML page for a reputation pipeline run: each tier's share of the weight without and
    /// with reputation weighting (paired bars and a table), the weighted shares over the rounds
    /// (lines), a sortable per-miner table and the formulas used.
    public static func html(_ report: ReputationReport) -> String {
        var page = Page(title: report.title)
        page.header(title: report.title, summary: report.summary, fields: report.run)
        var s = "<section class=\"kpis\" id=\"kpis\" aria-label=\"Headline numbers\">"
        for t in report.tiers {
            let delta = t.weighted - t.unweighted
            s += "<div class=\"kpi\" data-tier=\"\(HTML.escape(t.tier))\"><div class=\"k\">\(HTML.escape(t.tier)) tier</div>"
            s += "<div class=\"v\" data-value=\"\(HTML.exact(t.weighted))\">\(HTML.percent(t.weighted))</div>"
            s += "<div class=\"s\">\(delta >= 0 ? "+" : "−")\(HTML.fixed(abs(delta) * 100, 1)) points vs unweighted · \(t.miners) miner\(t.miners == 1 ? "" : "s")</div></div>"
        }
        s += "</section>"
        if !report.notes.isEmpty {
            s += "<section id=\"notes\"><h2>Findings</h2><ul>" + report.notes.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul></section>"
        }
        s += "<div class=\"grid\"><div class=\"card\" id=\"chart-tier-shares\"><h2>Weight share per tier</h2>"
        s += "<p class=\"help\">Share of the total weight each tier receives without reputation weighting (grey) and with it (blue).</p>"
        s += SVGChart.pairedBars(report.tiers.map { ($0.tier, $0.unweighted, $0.weighted) }, aName: "unweighted", bName: "weighted",
                                 label: "Weight share per tier, unweighted and weighted")
        s += "</div>"
        if !report.rounds.isEmpty {
            let series = report.tiers.enumerated().map { i, t in
                SVGChart.Series(name: t.tier, color: SVGChart.color(i),
                                points: report.rounds.compactMap { r in r.weighted[t.tier].map { (Double(r.round), $0) } },
                                data: [("tier", t.tier)])
            }
            s += "<div class=\"card\" id=\"chart-rounds\"><h2>Weighted share over rounds</h2><p class=\"help\">Each tier's weighted share after every round.</p>"
            s += SVGChart.lines(series, label: "Weighted tier share by round", xLabel: "round", yLabel: "share", yRange: 0...1)
            s += "<ul class=\"legend\">" + report.tiers.enumerated().map { "<li><span class=\"sw\" style=\"background:\(SVGChart.color($0.offset))\"></span>\(HTML.escape($0.element.tier))</li>" }.joined() + "</ul>"
            let noted = report.rounds.filter { $0.note != nil }
            if !noted.isEmpty {
                s += "<ul class=\"help\">" + noted.map { "<li>round \($0.round): \(HTML.escape($0.note ?? ""))</li>" }.joined() + "</ul>"
            }
            s += "</div>"
        }
        s += "</div>"
        s += "<section id=\"tiers\"><h2>Tier shares</h2><div class=\"table-wrap\"><table class=\"sortable\" id=\"tier-table\"><thead><tr>"
        s += "<th scope=\"col\" class=\"l\"><button type=\"button\">Tier</button></th><th scope=\"col\"><button type=\"button\">Miners</button></th>"
        s += "<th scope=\"col\"><button type=\"button\">Unweighted</button></th><th scope=\"col\"><button type=\"button\">Weighted</button></th><th scope=\"col\"><button type=\"button\">Change</button></th></tr></thead><tbody>"
        for t in report.tiers {
            s += "<tr data-tier=\"\(HTML.escape(t.tier))\"><td class=\"l\">\(HTML.escape(t.tier))</td><td data-value=\"\(t.miners)\">\(t.miners)</td>"
            s += "<td data-key=\"unweighted\" data-value=\"\(HTML.exact(t.unweighted))\">\(HTML.percent(t.unweighted))</td>"
            s += "<td data-key=\"weighted\" data-value=\"\(HTML.exact(t.weighted))\">\(HTML.percent(t.weighted))</td>"
            s += "<td data-value=\"\(HTML.exact(t.weighted - t.unweighted))\">\(HTML.fixed((t.weighted - t.unweighted) * 100, 1)) pts</td></tr>"
        }
        s += "</tbody></table></div></section>"
        if !report.miners.isEmpty {
            s += "<section id=\"miner-weights\"><h2>Miner weights</h2><div class=\"table-wrap\"><table class=\"sortable\" id=\"miner-weight-table\"><thead><tr>"
            for (label, left) in [("Miner", true), ("Tier", true), ("Unweighted", false), ("Weighted", false), ("Ratio", false)] {
                s += "<th scope=\"col\"\(left ? " class=\"l\"" : "")><button type=\"button\">\(label)</button></th>"
            }
            s += "</tr></thead><tbody>"
            for m in report.miners.sorted(by: { $0.weighted > $1.weighted }) {
                let ratio = m.unweighted > 0 ? m.weighted / m.unweighted : 0
                s += "<tr data-miner=\"\(HTML.escape(m.id))\"><td class=\"l\">\(HTML.escape(m.id))</td><td class=\"l\">\(HTML.escape(m.tier))</td>"
                s += num("unweighted", m.unweighted, 5) + num("weighted", m.weighted, 5) + num("ratio", ratio, 3) + "</tr>"
            }
            s += "</tbody></table></div></section>"
        }
        s += formulaSection(report.formulas)
        page.body = s
        return page.finish()
    }

    // MARK: - Matrix

    /// The HTML page for a config matrix: one interval chart per metric comparing the cells
    /// (mean with its interval over seeds), and a table of every cell's settings and values.
    public static func html(_ report: MatrixReport) -> String {
        var page = Page(title: report.title)
        page.header(title: report.title, summary: report.summary, fields: report.run)
        var s = "<p class=\"help\">\(report.cells.count) cell\(report.cells.count == 1 ? "" : "s") × \(report.metrics.count) metric\(report.metrics.count == 1 ? "" : "s").\(report.intervalNote.isEmpty ? "" : " Whiskers: \(HTML.escape(report.intervalNote)).")</p>"
        s += "<div class=\"grid\">"
        for metric in report.metrics {
            let rows = report.cells.enumerated().compactMap { i, cell -> SVGChart.IntervalRow? in
                guard let v = cell.metrics[metric] else { return nil }
                return SVGChart.IntervalRow(label: cell.label, mean: v.mean, low: v.low, high: v.high, color: SVGChart.color(i),
                                            title: "\(cell.label): \(metric) \(HTML.fixed(v.mean, 4)) [\(HTML.fixed(v.low, 4)), \(HTML.fixed(v.high, 4))] over \(v.samples) seed\(v.samples == 1 ? "" : "s")")
            }
            s += "<div class=\"card\" id=\"chart-metric-\(HTML.slug(metric))\" data-metric=\"\(HTML.escape(metric))\"><h2>\(HTML.escape(metric))</h2>"
            s += SVGChart.intervals(rows, label: "\(metric) per cell, mean and interval") + "</div>"
        }
        s += "</div>"
        let settingNames = ReportRenderer.orderedUnique(report.cells.flatMap { $0.settings.map(\.label) })
        s += "<section id=\"cells\"><h2>Cells</h2><div class=\"table-wrap\"><table class=\"sortable\" id=\"cell-table\"><thead><tr>"
        s += "<th scope=\"col\" class=\"l\"><button type=\"button\">Cell</button></th>"
        for n in settingNames { s += "<th scope=\"col\" class=\"l\"><button type=\"button\">\(HTML.escape(n))</button></th>" }
        for m in report.metrics { s += "<th scope=\"col\"><button type=\"button\">\(HTML.escape(m))</button></th>" }
        s += "</tr></thead><tbody>"
        for cell in report.cells {
            s += "<tr data-cell=\"\(HTML.escape(cell.label))\"><td class=\"l\">\(HTML.escape(cell.label))</td>"
            for n in settingNames { s += "<td class=\"l\">\(HTML.escape(cell.settings.first { $0.label == n }?.value ?? ""))</td>" }
            for m in report.metrics {
                if let v = cell.metrics[m] {
                    s += "<td data-key=\"\(HTML.escape(m))\" data-value=\"\(HTML.exact(v.mean))\" title=\"[\(HTML.fixed(v.low, 4)), \(HTML.fixed(v.high, 4))], n=\(v.samples)\">\(HTML.fixed(v.mean, 4)) <span class=\"help\">±\(HTML.fixed((v.high - v.low) / 2, 4))</span></td>"
                } else {
                    s += "<td>–</td>"
                }
            }
            s += "</tr>"
        }
        s += "</tbody></table></div></section>"
        page.body = s
        return page.finish()
    }
}
