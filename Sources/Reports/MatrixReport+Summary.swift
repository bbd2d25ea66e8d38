public import ScoringCore

extension MatrixReport {
    /// A matrix report from the records of `scoring matrix`: one cell per matrix cell (its axis
    /// assignments as settings) and, per metric, the mean over the cell's seeds with its 95 %
    /// interval (mean ± 1.96·sd/√n, as the Markdown comparison table reports it).
    ///
    /// - Parameters:
    ///   - summary: the matrix's records, summarised.
    ///   - title: the heading.
    ///   - run: facts shown under the heading (matrix file, base config, seeds).
    /// A value as the matrix file wrote it, without the JSON quotes of a string (`"median"` → `median`).
    static func unquoted(_ s: String) -> String {
        s.count >= 2 && s.hasPrefix("\"") && s.hasSuffix("\"") ? String(s.dropFirst().dropLast()) : s
    }

    public init(summary: MatrixSummary, title: String, run: [ReportField] = []) {
        let cells = summary.cells.map { cell, records -> Cell in
            var metrics: [String: Interval] = [:]
            for name in summary.metricNames {
                let values = records.compactMap { $0.metrics[name] }.filter(\.isFinite)
                guard !values.isEmpty else { continue }
                let s = MatrixSummary.stats(values)
                metrics[name] = Interval(mean: s.mean, low: s.mean - s.half, high: s.mean + s.half, samples: values.count)
            }
            let first = records.first
            let failed = records.filter { !$0.passed }.count
            let assignments = (first?.assignments ?? []).map { ($0.path, Self.unquoted($0.value)) }
            var settings = assignments.map { ReportField($0.0, $0.1) }
            settings.append(ReportField("runs passed", "\(records.count - failed)/\(records.count)"))
            // A short label for the charts: the values alone (the paths are the table's column heads).
            let label = assignments.isEmpty ? (first?.label ?? "cell \(cell)") : assignments.map(\.1).joined(separator: " · ")
            return Cell(label: label, settings: settings, metrics: metrics)
        }
        let seeds = Set(summary.records.map(\.seed)).count
        var facts = run
        facts.append(ReportField("cells", String(cells.count)))
        facts.append(ReportField("seeds", String(seeds)))
        facts.append(ReportField("runs", String(summary.records.count)))
        facts.append(ReportField("failed", String(summary.failedRuns.count)))
        self.init(title: title, summary: "Each chart compares one metric across the matrix cells.", run: facts,
                  metrics: summary.metricNames,
                  intervalNote: "95 % interval of the mean over \(seeds) seed\(seeds == 1 ? "" : "s") (mean ± 1.96·sd/√n)",
                  cells: cells)
    }
}
