/// The matrix expectation that an axis compares something: `cells differ` in a matrix's `expect:`
/// list (every axis) or `{cells_differ: [axis.path, …]}` (those axes).
///
/// Two cells that differ only along such an axis (every other axis value the same) fail it when
/// every metric of every seed they share is identical: the axis changed nothing, so the matrix
/// compares nothing along it (consensus-mean against consensus-trimmed-mean at three validators
/// per task, where trimming has not started, is the case that prompted it).
public enum CellsDiffer {
    /// Splits `expect:` into the run expectations and the axes that must differ.
    static func extract(_ node: ConfigNode?, axes: [String]) throws(ConfigError) -> (ConfigNode?, [String]) {
        guard let node, let items = node.elements else { return (node, []) }
        var rest: [ConfigNode] = []
        var differ: [String] = []
        for item in items {
            if let text = item.stringValue, text.split(separator: " ").joined(separator: " ") == "cells differ" {
                differ += axes.filter { !differ.contains($0) }
            } else if let entries = item.entries, entries.count == 1, entries[0].key == "cells_differ" {
                let list = entries[0].value.elements ?? [entries[0].value]
                for p in list {
                    guard let path = p.stringValue, axes.contains(path) else {
                        throw ConfigError(.unknownKey, at: p.location, path: "expect.cells_differ",
                                          "cells_differ names '\(p.stringValue ?? p.value.typeName)', which is not an axis",
                                          choices: axes, suggestion: Suggestions.closest(to: p.stringValue ?? "", in: axes))
                    }
                    if !differ.contains(path) { differ.append(path) }
                }
            } else {
                rest.append(item)
            }
        }
        return (ConfigNode(.list(rest), location: node.location), differ)
    }

    /// The failures of the check over a matrix's records: one message per pair of cells that differ
    /// only along one of `axes` and agree on every metric of every seed they share.
    public static func failures(_ records: [MatrixRecord], axes: [String]) -> [String] {
        let summary = MatrixSummary(records: records)
        let cells = summary.cells.filter { $0.records.allSatisfy { $0.error == nil } }
        var out: [String] = []
        for axis in axes {
            for (i, a) in cells.enumerated() {
                for b in cells[(i + 1)...] {
                    let ra = a.records[0].assignments, rb = b.records[0].assignments
                    guard let va = ra.first(where: { $0.path == axis })?.value, let vb = rb.first(where: { $0.path == axis })?.value,
                          va != vb else { continue }
                    let othersMatch = ra.allSatisfy { x in x.path == axis || rb.contains { $0.path == x.path && $0.value == x.value } }
                    guard othersMatch else { continue }
                    var shared = 0
                    var identical = true
                    for r in a.records {
                        guard let s = b.records.first(where: { $0.seed == r.seed }) else { continue }
                        shared += 1
                        let names = Set(r.metrics.names).union(s.metrics.names)
                        if names.contains(where: { r.metrics[$0]?.bitPattern != s.metrics[$0]?.bitPattern }) { identical = false; break }
                    }
                    if shared > 0, identical {
                        out.append("cells \(a.cell) and \(b.cell) differ only in '\(axis)' (\(MatrixSummary.display(va)) vs "
                                   + "\(MatrixSummary.display(vb))) yet give identical metrics on all \(shared) seed(s): "
                                   + "this axis compares nothing here")
                    }
                }
            }
        }
        return out
    }
}
