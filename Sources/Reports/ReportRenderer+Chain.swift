extension ReportRenderer {
    // MARK: - Chain replay

    /// The HTML page of a chain replay: per mechanism, each validator's dividends over the epochs,
    /// its bonds in each server, each server's incentive (lines, one colour per UID throughout),
    /// the run metrics and a sortable per-UID table of the last epoch with totals.
    public static func html(_ report: ChainReport) -> String {
        var page = Page(title: report.title)
        page.header(title: report.title, summary: report.summary, fields: report.run)
        var s = "<nav class=\"help\" aria-label=\"Mechanisms\">" + report.mechanisms.map {
            "<a href=\"#mechanism-\(HTML.slug($0.label))\">\(HTML.escape($0.label))</a>"
        }.joined(separator: " · ") + "</nav>"
        for m in report.mechanisms {
            let slug = HTML.slug(m.label)
            s += "<section class=\"mechanism\" id=\"mechanism-\(slug)\" data-mechanism=\"\(HTML.escape(m.label))\"><h2>\(HTML.escape(m.label))</h2>"
            s += "<div class=\"grid\">"
            s += chainLineCard(id: "chart-dividends-\(slug)", title: "Dividends per validator",
                               help: "Each validator's share of the dividends after every epoch (they sum to 1).",
                               series: m.dividends, label: "Dividends per validator over epochs, \(m.label)", yLabel: "dividends", kind: "dividends")
            for b in m.bonds {
                s += chainLineCard(id: "chart-bonds-\(slug)-\(b.server)", title: "Bonds in \(b.serverLabel)",
                                   help: "Each validator's bond in server \(b.serverLabel) (UID \(b.server)) after every epoch.",
                                   series: b.validators, label: "Bonds in \(b.serverLabel) over epochs, \(m.label)", yLabel: "bond", kind: "bonds")
            }
            s += chainLineCard(id: "chart-incentive-\(slug)", title: "Incentive per server",
                               help: "Each server's incentive after every epoch (it sums to 1).",
                               series: m.incentive, label: "Incentive per server over epochs, \(m.label)", yLabel: "incentive", kind: "incentive")
            s += "</div>"
            if !m.metrics.isEmpty {
                s += "<div class=\"table-wrap\"><table class=\"compact\" id=\"metrics-\(slug)\"><thead><tr><th scope=\"col\" class=\"l\">Metric</th><th scope=\"col\">Value</th></tr></thead><tbody>"
                for f in m.metrics {
                    s += "<tr data-metric=\"\(HTML.escape(f.label))\"><td class=\"l mono\">\(HTML.escape(f.label))</td><td data-key=\"value\" data-value=\"\(HTML.escape(f.value))\">\(HTML.escape(f.value))</td></tr>"
                }
                s += "</tbody></table></div>"
            }
            s += chainTable(m, slug: slug, epochs: report.epochs)
            s += "</section>"
        }
        if !report.checks.isEmpty {
            s += "<section id=\"checks\"><h2>Expectations</h2><ul>" + report.checks.map {
                "<li class=\"state-\($0.label == "ok" ? "good" : "bad")\">\(HTML.escape($0.label)): \(HTML.escape($0.value))</li>"
            }.joined() + "</ul></section>"
        }
        page.body = s
        return page.finish()
    }

    static func chainLineCard(id: String, title: String, help: String, series: [ChainReport.Series], label: String,
                              yLabel: String, kind: String) -> String {
        var s = "<div class=\"card\" id=\"\(id)\" data-chart=\"\(kind)\"><h3>\(HTML.escape(title))</h3><p class=\"help\">\(HTML.escape(help))</p>"
        let lines = series.map { sr in
            SVGChart.Series(name: sr.label, color: SVGChart.color(sr.uid), points: sr.values.enumerated().map { (Double($0.offset), $0.element) },
                            data: [("uid", String(sr.uid))])
        }
        let top = series.flatMap(\.values).max() ?? 1
        s += SVGChart.lines(lines, label: label, xLabel: "epoch", yLabel: yLabel, yRange: 0...max(top * 1.05, 1e-6))
        s += "<ul class=\"legend\">" + series.map { "<li><span class=\"sw\" style=\"background:\(SVGChart.color($0.uid))\"></span>\(HTML.escape($0.label))</li>" }.joined() + "</ul>"
        return s + "</div>"
    }

    static func chainTable(_ m: ChainReport.Mechanism, slug: String, epochs: Int) -> String {
        var s = "<h3>UIDs after epoch \(max(epochs - 1, 0))</h3><div class=\"table-wrap\"><table class=\"sortable compact chain-uids\" id=\"uids-\(slug)\" data-mechanism=\"\(HTML.escape(m.label))\"><thead><tr>"
        let columns: [(String, String, Bool)] = [("UID", "uid", false), ("Label", "label", true), ("Role", "role", true),
                                                 ("Stake", "stake", false), ("Incentive", "incentive", false), ("Dividends", "dividends", false),
                                                 ("Emission", "emission", false), ("Trust", "trust", false), ("Validator trust", "validator_trust", false),
                                                 ("Consensus", "consensus", false), ("Bonds Σ", "bonds", false),
                                                 ("Σ dividends", "total_dividends", false), ("Σ incentive", "total_incentive", false)]
        for c in columns {
            s += "<th scope=\"col\" data-key=\"\(c.1)\"\(c.2 ? " class=\"l\"" : "")><button type=\"button\">\(HTML.escape(c.0))</button></th>"
        }
        s += "</tr></thead><tbody>"
        for r in m.rows {
            s += "<tr data-uid=\"\(r.uid)\"><td data-key=\"uid\" data-value=\"\(r.uid)\">\(r.uid)</td>"
            s += "<td class=\"l\" data-key=\"label\">\(HTML.escape(r.label))</td><td class=\"l\" data-key=\"role\">\(HTML.escape(r.role))</td>"
            for (key, v) in [("stake", r.stake), ("incentive", r.incentive), ("dividends", r.dividends), ("emission", r.emission),
                             ("trust", r.trust), ("validator_trust", r.validatorTrust), ("consensus", r.consensus), ("bonds", r.bonds),
                             ("total_dividends", r.totalDividends), ("total_incentive", r.totalIncentive)] {
                s += num(key, v, 4)
            }
            s += "</tr>"
        }
        return s + "</tbody></table></div>"
    }
}
