extension ReportRenderer {
    // MARK: - Matrix

    /// The HTML page for a config matrix: one interval chart per metric comparing the cells
    /// (mean with its interval over seeds), a line listing the metrics that are the same in every
    /// cell and seed (instead of flat charts), and a table of every cell's settings and values.
    public static func html(_ report: MatrixReport) -> String {
        var page = Page(title: report.title)
        page.header(title: report.title, summary: report.summary, fields: report.run)
        var s = "<p class=\"help\">\(report.cells.count) cell\(report.cells.count == 1 ? "" : "s") × \(report.metrics.count) metric\(report.metrics.count == 1 ? "" : "s").\(report.intervalNote.isEmpty ? "" : " Whiskers: \(HTML.escape(report.intervalNote)).")</p>"
        // Metrics with the same value in every cell get a line, not a chart.
        let constant = report.metrics.filter { metric in
            let values = report.cells.compactMap { $0.metrics[metric] }
            guard let v = values.first else { return false }
            return values.allSatisfy { $0.mean == v.mean && $0.low == $0.high }
        }
        if !constant.isEmpty {
            s += "<p class=\"help\" id=\"constant-metrics\">The same in every cell and seed: " + constant.map { m in
                "<code>\(HTML.escape(m))</code> = \(HTML.tick(report.cells.compactMap { $0.metrics[m] }.first?.mean ?? 0))"
            }.joined(separator: ", ") + ".</p>"
        }
        s += "<div class=\"grid\">"
        for metric in report.metrics where !constant.contains(metric) {
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
        // The cell's own label repeats its settings; show it only when there are none to show.
        let showLabel = settingNames.count <= 1
        if showLabel { s += "<th scope=\"col\" class=\"l\"><button type=\"button\">Cell</button></th>" }
        for n in settingNames { s += "<th scope=\"col\" class=\"l\"><button type=\"button\">\(HTML.escape(n))</button></th>" }
        for m in report.metrics { s += "<th scope=\"col\"><button type=\"button\">\(HTML.escape(m))</button></th>" }
        s += "</tr></thead><tbody>"
        for cell in report.cells {
            s += "<tr data-cell=\"\(HTML.escape(cell.label))\">\(showLabel ? "<td class=\"l\">\(HTML.escape(cell.label))</td>" : "")"
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
