import Foundation

/// Writes a matrix's four outputs from its records: `summary.csv`, `junit.xml`, `comparison.md`
/// (the Markdown comparison table) — `results.jsonl` is streamed by the runner.
public struct MatrixSummary: Sendable {
    public var records: [MatrixRecord]
    public var axisPaths: [String]
    public var metricNames: [String]
    public var expectations: [String]

    public init(records: [MatrixRecord]) {
        self.records = records.sorted { ($0.cell, $0.seed) < ($1.cell, $1.seed) }
        var axes: [String] = []
        var metrics: [String] = []
        var expectations: [String] = []
        for r in self.records {
            for a in r.assignments where !axes.contains(a.path) { axes.append(a.path) }
            for m in r.metrics where !metrics.contains(m.name) { metrics.append(m.name) }
            for c in r.checks where !expectations.contains(c.expectation) { expectations.append(c.expectation) }
        }
        axisPaths = axes
        metricNames = metrics
        self.expectations = expectations
    }

    public var failedRuns: [MatrixRecord] { records.filter { !$0.passed } }

    /// Cells in order, each with its records.
    public var cells: [(cell: Int, records: [MatrixRecord])] {
        var out: [(Int, [MatrixRecord])] = []
        for r in records {
            if let i = out.firstIndex(where: { $0.0 == r.cell }) { out[i].1.append(r) } else { out.append((r.cell, [r])) }
        }
        return out
    }

    public func csv() -> String {
        var lines = [(["cell", "seed", "label", "config_hash"] + axisPaths + metricNames + ["passed", "error"]).map(Self.csvField).joined(separator: ",")]
        for r in records {
            var fields = [String(r.cell), String(r.seed), r.label, r.configHash]
            for a in axisPaths { fields.append(r.assignments.first { $0.path == a }?.value ?? "") }
            for m in metricNames { fields.append(r.metrics[m].map { "\($0)" } ?? "") }
            fields.append(r.passed ? "true" : "false")
            fields.append(r.error ?? "")
            lines.append(fields.map(Self.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public func junit(name: String) -> String {
        var cases: [String] = []
        var failures = 0
        for (cell, rs) in cells {
            let label = rs.first?.label ?? "cell \(cell)"
            let checks = expectations.isEmpty ? ["run completes"] : expectations
            for exp in checks {
                var problems: [String] = []
                for r in rs {
                    if let e = r.error { problems.append("seed \(r.seed): run failed: \(e)"); continue }
                    if let c = r.checks.first(where: { $0.expectation == exp }), !c.passed {
                        problems.append("seed \(r.seed): \(c.message)")
                    }
                }
                var tc = "    <testcase classname=\"\(Self.xml(name)).cell-\(cell)\" name=\"\(Self.xml("[\(label)] \(exp)"))\">"
                if !problems.isEmpty {
                    failures += 1
                    tc += "\n      <failure message=\"\(Self.xml(problems[0]))\">\(Self.xml(problems.joined(separator: "\n")))</failure>\n    "
                }
                tc += "</testcase>"
                cases.append(tc)
            }
        }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites tests="\(cases.count)" failures="\(failures)">
              <testsuite name="\(Self.xml(name))" tests="\(cases.count)" failures="\(failures)">
            \(cases.joined(separator: "\n"))
              </testsuite>
            </testsuites>

            """
    }

    /// Mean, standard deviation and 95% interval half-width of a metric over a cell's seeds.
    public static func stats(_ values: [Double]) -> (mean: Double, sd: Double, half: Double) {
        guard !values.isEmpty else { return (.nan, .nan, .nan) }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        guard values.count > 1 else { return (mean, 0, 0) }
        let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
        return (mean, sd, 1.96 * sd / n.squareRoot())
    }

    public func markdown(title: String, metrics shown: [String]? = nil) -> String {
        let metrics = shown ?? metricNames
        var header = ["cell"] + axisPaths.map { "`\($0)`" } + metrics.map { "\($0) (mean ± 95%)" } + ["expectations"]
        var out = "## \(title)\n\n"
        out += "| " + header.joined(separator: " | ") + " |\n"
        out += "|" + header.map { _ in " --- " }.joined(separator: "|") + "|\n"
        header.removeAll()
        for (cell, rs) in cells {
            var row = [String(cell)]
            for a in axisPaths { row.append(rs.first?.assignments.first { $0.path == a }?.value ?? "") }
            for m in metrics {
                let s = Self.stats(rs.compactMap { $0.metrics[m] })
                row.append(s.mean.isNaN ? "–" : "\(Self.fmt(s.mean)) ± \(Self.fmt(s.half))")
            }
            let passed = rs.filter(\.passed).count
            row.append(passed == rs.count ? "✓ \(passed)/\(rs.count)" : "✗ \(passed)/\(rs.count)")
            out += "| " + row.joined(separator: " | ") + " |\n"
        }
        out += "\n\(records.count) runs over \(cells.count) cells; \(failedRuns.count) failed.\n"
        return out
    }

    static func fmt(_ x: Double) -> String {
        let r = (x * 10000).rounded() / 10000
        return "\(r)"
    }

    static func csvField(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    static func xml(_ s: String) -> String {
        var out = ""
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(c)
            }
        }
        return out
    }
}
