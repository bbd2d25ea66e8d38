import Foundation

/// Renders the report models as self-contained HTML pages: inline CSS, inline SVG charts and a
/// few lines of inline JavaScript (sorting, highlighting). Nothing is loaded from the network,
/// so a report can be mailed, archived or opened from disk.
///
/// ```swift
/// let report = try SimulationReport(json: data, title: "default")
/// try ReportRenderer.html(report).write(toFile: "out/report.html", atomically: true, encoding: .utf8)
/// ```
///
/// Every page works without JavaScript (the tables are pre-sorted, every chart is static SVG);
/// the script only adds sorting and highlighting. Numbers in tables carry their exact value in a
/// `data-value` attribute, written as the simulator's JSON writes it.
public enum ReportRenderer {
    // MARK: - Simulation

    /// The HTML page for a simulation run.
    ///
    /// Sections: headline numbers, TAO per miner (bars), S_epoch per miner over the epochs
    /// (lines), a sortable leaderboard of the last epoch (one row per miner), per-miner detail
    /// cards (dimensions, trap penalty, streak, trend), validator health (VAS, reputation,
    /// slashing; cards, charts and a table), per-epoch totals, and the formulas with the
    /// parameter values used.
    /// - Complexity: O(epochs × (miners + validators)); long series are thinned in the charts.
    public static func html(_ report: SimulationReport) -> String {
        var page = Page(title: report.title)
        let own = report.summary.trimmingCharacters(in: .whitespaces)
        page.header(title: report.title,
                    summary: own.isEmpty ? defaultSummary : own + (own.hasSuffix(".") ? " " : ". ") + defaultSummary,
                    fields: report.run)
        guard let last = report.lastEpoch else {
            page.body += "<section><p>This run produced no epochs.</p></section>"
            return page.finish()
        }
        let look = MinerLook(report)
        let thresholds = Thresholds(report.formulas)

        page.body += kpis(report, last: last)
        page.body += explainer(report, thresholds: thresholds)

        page.body += "<div class=\"grid\">"
        page.body += taoCard(report, last: last, look: look)
        page.body += sEpochCard(report, look: look)
        page.body += "</div>"

        page.body += leaderboard(report, last: last, look: look)
        page.body += minerDetails(report, last: last, look: look)
        page.body += validatorSection(report, last: last, thresholds: thresholds)
        page.body += chainSection(report, last: last)
        page.body += epochSection(report)
        page.body += formulaSection(report.formulas)
        return page.finish()
    }

    /// The line under the title when the run has no description of its own.
    static let defaultSummary = "A simulated subnet: each epoch, miners answer tasks, validators score the answers, and the "
        + "epoch's TAO emission is split by the scoring formulas. This page shows who earned what, and why."

    /// The colour and order of each miner, fixed for the whole page.
    struct MinerLook {
        var color: [String: String] = [:]
        var muted: Set<String> = []
        var slug: [String: String] = [:]

        init(_ report: SimulationReport) {
            let ids = Self.rosterOrder(report)
            let finalRank = Dictionary(report.lastEpoch?.miners.map { ($0.id, $0.rank) } ?? [], uniquingKeysWith: { a, _ in a })
            let many = ids.count > SVGChart.palette.count
            let highlighted = Set(ids.sorted { (finalRank[$0] ?? .max) < (finalRank[$1] ?? .max) }.prefix(10))
            for (i, id) in ids.enumerated() {
                if many && !highlighted.contains(id) {
                    color[id] = "#94a3b8"
                    muted.insert(id)
                } else {
                    color[id] = SVGChart.color(many ? ids.filter(highlighted.contains).firstIndex(of: id) ?? i : i)
                }
                slug[id] = HTML.slug(id)
            }
        }

        /// Miner ids in roster order (ids compared with numbers as numbers: m-2 before m-10).
        static func rosterOrder(_ report: SimulationReport) -> [String] {
            var seen = Set<String>()
            var ids: [String] = []
            for e in report.epochs { for m in e.miners where seen.insert(m.id).inserted { ids.append(m.id) } }
            return ids.sorted { $0.compare($1, options: .numeric) == .orderedAscending }
        }
    }

    /// The VAS thresholds drawn on the validator charts, read from the formulas' parameters.
    struct Thresholds {
        var slash = 0.60
        var reputation = 0.80
        var reputationCap = 1.50

        init(_ formulas: [FormulaInfo]) {
            func param(_ role: String, _ name: String) -> Double? {
                formulas.first { $0.role == role }?.parameters.first { $0.label == name }.flatMap { Double($0.value) }
            }
            slash = param("slashing", "threshold") ?? slash
            reputation = param("reputation-multiplier", "threshold") ?? reputation
            reputationCap = param("reputation-multiplier", "cap") ?? reputationCap
        }
    }

    static func kpis(_ report: SimulationReport, last: SimulationReport.Epoch) -> String {
        let minerTotal = last.miners.reduce(0) { $0 + $1.totalTao }
        let validatorTotal = last.validators.reduce(0) { $0 + $1.totalTao }
        let emitted = report.epochs.reduce(0) { $0 + $1.totalEmission }
        let breakthroughs = report.epochs.reduce(0) { $0 + $1.breakthroughs }
        let slashed = report.epochs.reduce(0) { acc, e in acc + e.validators.reduce(0) { $0 + $1.slashed } }
        let leader = last.miners.max { $0.totalTao < $1.totalTao }
        let top3 = last.miners.map(\.totalTao).sorted(by: >).prefix(3).reduce(0, +)
        var s = "<section class=\"kpis\" id=\"kpis\" aria-label=\"Headline numbers\">"
        func kpi(_ id: String, _ k: String, _ v: String, _ sub: String, value: Double? = nil) {
            let data = value.map { " data-value=\"\(HTML.exact($0))\"" } ?? ""
            let isText = v.contains { $0.isLetter }
            s += "<div class=\"kpi\" id=\"kpi-\(id)\"><div class=\"k\">\(HTML.escape(k))</div><div class=\"v\(isText ? " text" : "")\"\(data)>\(HTML.escape(v))</div><div class=\"s\">\(HTML.escape(sub))</div></div>"
        }
        kpi("epochs", "Epochs", String(report.epochs.count), "\(last.miners.count) miners · \(last.validators.count) validators")
        kpi("emitted", "TAO emitted", HTML.fixed(emitted, 2), "paid out \(HTML.fixed(minerTotal + validatorTotal, 4)) (rounding per reward)", value: emitted)
        if let leader {
            kpi("leader", "Top earner", leader.name, "\(HTML.fixed(leader.totalTao, 3)) TAO · \(HTML.percent(minerTotal > 0 ? leader.totalTao / minerTotal : 0)) of miner TAO")
        }
        kpi("top3", "Top-3 share", HTML.percent(minerTotal > 0 ? top3 / minerTotal : 0), "of all TAO paid to miners")
        kpi("cms", "Mean CMS (last epoch)", HTML.fixed(last.avgCMS, 4), "over every task × miner", value: last.avgCMS)
        kpi("breakthroughs", "Breakthroughs", String(breakthroughs), "solved ‘previously unsolved’ tasks")
        kpi("slashed", "Stake flagged for slashing", HTML.fixed(slashed, 3), slashed > 0 ? "sum over epochs and validators" : "no validator fell below the threshold", value: slashed)
        return s + "</section>"
    }

    static func explainer(_ report: SimulationReport, thresholds: Thresholds) -> String {
        """
        <details class="explain"><summary>How to read this report</summary>
        <p>Each <b>epoch</b>, every miner answers a batch of tasks; validators score the answers and their \
        stake-weighted <b>consensus</b> is blended with an objective score. A miner's per-task score (CMS) is \
        averaged with difficulty weights into <b>S_epoch</b>, multiplied by its <b>trap penalty</b> (below 1 when \
        it did badly on hidden trap tasks). Miners ranked in the top group earn a <b>PEB</b> bonus that grows with \
        their <b>streak</b> of consecutive top epochs. The epoch's miner pool is split in proportion to \
        S_epoch × (1 + PEB).</p>
        <p>Validators are judged by <b>VAS</b>, how close their scores were to consensus (1 = perfect). A recent \
        mean VAS above \(HTML.fixed(thresholds.reputation, 2)) earns a <b>reputation</b> multiplier (up to \
        \(HTML.fixed(thresholds.reputationCap, 2))×) on their share of the validator pool; below \
        \(HTML.fixed(thresholds.slash, 2)) part of their stake is flagged for <b>slashing</b>.</p>
        <p>Click a column heading to sort the leaderboard, and a row or a legend entry to highlight that miner in \
        every chart. Hover over bars and points for exact values. The formulas and every parameter used are at \
        the bottom.</p></details>
        """
    }

    static func taoCard(_ report: SimulationReport, last: SimulationReport.Epoch, look: MinerLook) -> String {
        let ranked = last.miners.sorted { $0.totalTao > $1.totalTao }
        let bars = ranked.map { m in
            SVGChart.Bar(label: m.name, value: m.totalTao, color: tierColor(m.tier) ?? look.color[m.id] ?? "#64748b",
                         valueText: HTML.fixed(m.totalTao, 3),
                         title: "\(m.name) (\(m.id))\(m.tier.map { ", \($0)" } ?? ""): \(HTML.fixed(m.totalTao, 6)) TAO",
                         data: [("miner", m.id), ("value", HTML.exact(m.totalTao))])
        }
        var s = "<div class=\"card\" id=\"chart-tao\"><h2>TAO earned per miner</h2>"
        s += "<p class=\"help\">Total after \(report.epochs.count) epoch\(report.epochs.count == 1 ? "" : "s"), highest first\(last.miners.contains { $0.tier != nil } ? "; colour shows the simulated tier" : "").</p>"
        s += SVGChart.horizontalBars(bars, label: "Total TAO per miner after epoch \(last.id)")
        let tiers = orderedUnique(ranked.compactMap(\.tier))
        if !tiers.isEmpty {
            s += "<ul class=\"legend\" aria-label=\"Tiers\">"
            for t in tiers { s += "<li><span class=\"sw\" style=\"background:\(tierColor(t) ?? "#64748b")\"></span>\(HTML.escape(t))</li>" }
            s += "</ul>"
        }
        return s + "</div>"
    }

    static func sEpochCard(_ report: SimulationReport, look: MinerLook) -> String {
        var byMiner: [String: [(Double, Double)]] = [:]
        var names: [String: String] = [:]
        for e in report.epochs {
            for m in e.miners {
                byMiner[m.id, default: []].append((Double(e.id), m.sEpoch))
                names[m.id] = m.name
            }
        }
        let ids = MinerLook.rosterOrder(report)
        let series = ids.map { id in
            SVGChart.Series(name: names[id] ?? id, color: look.color[id] ?? "#64748b", points: byMiner[id] ?? [],
                            muted: look.muted.contains(id), data: [("miner", id)])
        }
        var s = "<div class=\"card\" id=\"chart-sepoch\"><h2>S_epoch per miner over epochs</h2>"
        s += "<p class=\"help\">Each miner's epoch score (difficulty-weighted CMS × trap penalty). Click a name to highlight its line.</p>"
        s += SVGChart.lines(series, label: "S_epoch per miner by epoch", xLabel: "epoch", yLabel: "S_epoch")
        s += legend(ids: ids.filter { !look.muted.contains($0) }, names: names, look: look)
        return s + "</div>"
    }

    static func legend(ids: [String], names: [String: String], look: MinerLook) -> String {
        var s = "<ul class=\"legend\" aria-label=\"Miners\">"
        for id in ids {
            s += "<li><button type=\"button\" data-miner=\"\(HTML.escape(id))\" aria-pressed=\"false\"><span class=\"sw\" style=\"background:\(look.color[id] ?? "#64748b")\"></span>\(HTML.escape(names[id] ?? id))</button></li>"
        }
        return s + "</ul>"
    }

    static func leaderboard(_ report: SimulationReport, last: SimulationReport.Epoch, look: MinerLook) -> String {
        let showFlags = last.miners.contains { $0.plagiarismFlags != nil }
        let showTier = last.miners.contains { $0.tier != nil }
        var s = "<section id=\"leaderboard\"><h2>Leaderboard after epoch \(last.id)</h2>"
        s += "<p class=\"help\">One row per miner, ranked by this epoch's S_epoch. Click a heading to sort, a row to highlight the miner.</p>"
        s += "<div class=\"table-wrap\"><table class=\"sortable compact\" id=\"leaderboard-table\"><thead><tr>"
        func th(_ label: String, _ key: String, left: Bool = false, ascending: Bool = false, help: String? = nil) {
            s += "<th scope=\"col\" data-key=\"\(key)\"\(left ? " class=\"l\"" : "")\(ascending ? " data-default=\"ascending\"" : "")\(help.map { " title=\"\(HTML.escape($0))\"" } ?? "")><button type=\"button\">\(HTML.escape(label))</button></th>"
        }
        th("Rank", "rank", ascending: true)
        th("Miner", "name", left: true)
        if showTier { th("Tier", "tier", left: true) }
        th("S_epoch", "s_epoch", help: "difficulty-weighted mean CMS × trap penalty")
        th("PEB", "peb", help: "persistent excellence bonus")
        th("Streak", "streak", help: "consecutive epochs in the top group")
        th("Epoch TAO", "epoch_tao")
        th("Total TAO", "total_tao")
        th("Trap penalty", "trap_penalty", help: "1 = no penalty")
        th("Breakthroughs", "breakthroughs")
        if showFlags { th("Plagiarism flags", "plagiarism_flags") }
        s += "</tr></thead><tbody>"
        for m in last.miners.sorted(by: { $0.rank < $1.rank }) {
            let slug = look.slug[m.id] ?? HTML.slug(m.id)
            s += "<tr data-miner=\"\(HTML.escape(m.id))\" data-slug=\"\(slug)\" data-scroll>"
            s += "<td data-key=\"rank\" data-value=\"\(m.rank)\">\(m.rank)</td>"
            s += "<td class=\"l\" data-key=\"name\"><span class=\"sw\" style=\"background:\(look.color[m.id] ?? "#64748b")\"></span> <a href=\"#miner-\(slug)\">\(HTML.escape(m.name))</a> <span class=\"help\">\(HTML.escape(m.id))</span></td>"
            if showTier { s += "<td class=\"l\" data-key=\"tier\">\(badge(m.tier))</td>" }
            s += num("s_epoch", m.sEpoch, 4)
            s += num("peb", m.peb, 4)
            s += "<td data-key=\"streak\" data-value=\"\(m.streak)\">\(m.streak > 0 ? "<span class=\"streak\" title=\"\(m.streak) consecutive top epochs\">▲ \(m.streak)</span>" : "0")</td>"
            s += num("epoch_tao", m.epochTao, 4)
            s += num("total_tao", m.totalTao, 4)
            s += num("trap_penalty", m.trapPenalty, 3)
            s += "<td data-key=\"breakthroughs\" data-value=\"\(m.breakthroughs)\">\(m.breakthroughs)</td>"
            if showFlags { s += "<td data-key=\"plagiarism_flags\" data-value=\"\(m.plagiarismFlags ?? 0)\">\(m.plagiarismFlags ?? 0)</td>" }
            s += "</tr>"
        }
        return s + "</tbody></table></div></section>"
    }

    static func num(_ key: String, _ x: Double, _ digits: Int) -> String {
        "<td data-key=\"\(key)\" data-value=\"\(HTML.exact(x))\">\(HTML.fixed(x, digits))</td>"
    }

    static func badge(_ tier: String?) -> String {
        guard let tier else { return "" }
        return "<span class=\"badge \(HTML.slug(tier.lowercased()))\">\(HTML.escape(tier))</span>"
    }

    static func tierColor(_ tier: String?) -> String? {
        switch tier?.lowercased() {
        case "elite": "#15803d"
        case "strong": "#1d4ed8"
        case "mid": "#6d28d9"
        case "weak": "#a16207"
        case "adversarial": "#b91c1c"
        case "copycat": "#be185d"
        case nil: nil
        default: "#475569"
        }
    }

    static func minerDetails(_ report: SimulationReport, last: SimulationReport.Epoch, look: MinerLook) -> String {
        var trend: [String: [Double]] = [:]
        for e in report.epochs { for m in e.miners { trend[m.id, default: []].append(m.sEpoch) } }
        var s = "<section id=\"miners\"><h2>Miner details</h2><p class=\"help\">After epoch \(last.id)."
        if !report.dimensions.isEmpty {
            s += " Dimensions: \(HTML.escape(report.dimensionsNote.isEmpty ? "quality, accuracy, novelty, efficiency" : report.dimensionsNote))."
            if !report.dimensionBaselines.isEmpty { s += " The dark tick on each bar marks the tier's base score." }
        }
        let weights = compositeWeights(report.formulas)
        if weights != nil, !report.dimensions.isEmpty {
            s += " CMS: the composite score (cms-weighted, with this run's weights) of those dimensions, before difficulty weights, consensus blending and the trap penalty."
        }
        s += "</p><div class=\"details\">"
        for m in last.miners.sorted(by: { $0.rank < $1.rank }) {
            let slug = look.slug[m.id] ?? HTML.slug(m.id)
            let color = look.color[m.id] ?? "#64748b"
            s += "<article class=\"miner-card\" id=\"miner-\(slug)\" data-miner=\"\(HTML.escape(m.id))\">"
            s += "<h3><span class=\"sw\" style=\"background:\(color)\"></span> #\(m.rank) \(HTML.escape(m.name)) \(badge(m.tier))</h3>"
            if let d = report.dimensions[m.id] {
                let base = report.dimensionBaselines[m.id]?.named
                for (i, (name, value)) in d.named.enumerated() {
                    let marker = base.map { b in
                        "<i class=\"base\" style=\"left:\(SVGChart.c(max(0, min(1, b[i].value)) * 100))%\" title=\"tier base \(HTML.fixed(b[i].value, 2))\"></i>"
                    } ?? ""
                    s += "<div class=\"dim\" data-dimension=\"\(name.lowercased())\" data-value=\"\(HTML.exact(value))\"><span>\(name)</span><span class=\"meter\" role=\"meter\" aria-label=\"\(name)\" aria-valuemin=\"0\" aria-valuemax=\"1\" aria-valuenow=\"\(HTML.exact(value))\"><span style=\"width:\(SVGChart.c(max(0, min(1, value)) * 100))%\"></span>\(marker)</span><span>\(HTML.fixed(value, 2))</span></div>"
                }
            }
            if let w = weights, let d = report.dimensions[m.id] {
                let terms = zip(w, d.named.map(\.value))
                let cms = terms.reduce(0) { $0 + $1.0 * $1.1 }
                s += "<p class=\"cms\" data-value=\"\(HTML.exact(cms))\"><code>CMS = " + terms.map { "\(HTML.tick($0.0))·\(HTML.fixed($0.1, 2))" }.joined(separator: " + ")
                    + " = <b>\(HTML.fixed(cms, 3))</b></code></p>"
            }
            let trapClass = m.trapPenalty >= 0.999 ? "good" : m.trapPenalty >= 0.5 ? "warn" : "bad"
            s += "<dl>"
            s += "<dt>S_epoch</dt><dd>\(HTML.fixed(m.sEpoch, 4))</dd>"
            s += "<dt>Trap penalty</dt><dd class=\"state-\(trapClass)\">\(HTML.fixed(m.trapPenalty, 3))\(m.trapPenalty >= 0.999 ? " (none)" : "")</dd>"
            s += "<dt>Streak</dt><dd>\(m.streak) epoch\(m.streak == 1 ? "" : "s")</dd>"
            s += "<dt>PEB</dt><dd>\(HTML.fixed(m.peb, 4))</dd>"
            s += "<dt>Breakthroughs</dt><dd>\(m.breakthroughs)</dd>"
            s += "<dt>Total TAO</dt><dd>\(HTML.fixed(m.totalTao, 4))</dd>"
            s += "</dl>"
            s += "<div class=\"help spark-label\">S_epoch over \(report.epochs.count) epoch\(report.epochs.count == 1 ? "" : "s")</div>"
            s += SVGChart.sparkline(trend[m.id] ?? [], color: color, label: "S_epoch of \(m.name) over \(report.epochs.count) epochs")
            s += "</article>"
        }
        return s + "</div></section>"
    }

    /// The weights of quality, accuracy, novelty and efficiency when the composite score is the
    /// linear `cms-weighted` (so the score of mean dimensions is the mean score), else `nil`.
    static func compositeWeights(_ formulas: [FormulaInfo]) -> [Double]? {
        guard let f = formulas.first(where: { $0.role == "composite-score" }), f.key == "cms-weighted" else { return nil }
        let w = ["quality", "accuracy", "novelty", "efficiency"].compactMap { name in
            f.parameters.first { $0.label == name }.flatMap { Double($0.value) }
        }
        return w.count == 4 ? w : nil
    }

    static func validatorSection(_ report: SimulationReport, last: SimulationReport.Epoch, thresholds: Thresholds) -> String {
        var s = "<section id=\"validators\"><h2>Validators</h2>"
        s += "<p class=\"help\">VAS (validator accuracy score) after epoch \(last.id): green at or above \(HTML.fixed(thresholds.reputation, 2)) (reputation bonus), amber between, red below \(HTML.fixed(thresholds.slash, 2)) (slashing).</p>"
        var slashedTotal: [String: Double] = [:]
        for e in report.epochs { for v in e.validators { slashedTotal[v.id, default: 0] += v.slashed } }
        s += "<div class=\"vcards\">"
        for (i, v) in last.validators.enumerated() {
            let state = v.vas >= thresholds.reputation ? "good" : v.vas >= thresholds.slash ? "warn" : "bad"
            s += "<article class=\"vcard\" data-validator=\"\(HTML.escape(v.id))\"><h3><span class=\"sw\" style=\"background:\(SVGChart.color(i))\"></span> \(HTML.escape(v.name)) \(badge(v.profile))</h3>"
            s += "<div class=\"big state-\(state)\">VAS \(HTML.fixed(v.vas, 3))</div>"
            s += "<div class=\"meter \(state)\" role=\"meter\" aria-label=\"VAS of \(HTML.escape(v.name))\" aria-valuemin=\"0\" aria-valuemax=\"1\" aria-valuenow=\"\(HTML.exact(v.vas))\"><span style=\"width:\(SVGChart.c(max(0, min(1, v.vas)) * 100))%\"></span></div>"
            s += "<div class=\"help\">reputation ×\(HTML.fixed(v.reputation, 3)) · stake \(HTML.fixed(v.stake, 0)) · \(HTML.fixed(v.totalTao, 3)) TAO · slashed \(HTML.fixed(slashedTotal[v.id] ?? 0, 3))</div></article>"
        }
        s += "</div>"

        var vas: [String: [(Double, Double)]] = [:], rep: [String: [(Double, Double)]] = [:]
        for e in report.epochs {
            for v in e.validators {
                vas[v.id, default: []].append((Double(e.id), v.vas))
                rep[v.id, default: []].append((Double(e.id), v.reputation))
            }
        }
        let vs = last.validators
        let vasSeries = vs.enumerated().map { SVGChart.Series(name: $0.element.name, color: SVGChart.color($0.offset), points: vas[$0.element.id] ?? [], data: [("validator", $0.element.id)]) }
        let repSeries = vs.enumerated().map { SVGChart.Series(name: $0.element.name, color: SVGChart.color($0.offset), points: rep[$0.element.id] ?? [], data: [("validator", $0.element.id)]) }
        let vLegend = "<ul class=\"legend\" aria-label=\"Validators\">" + vs.enumerated().map {
            "<li><span class=\"sw\" style=\"background:\(SVGChart.color($0.offset))\"></span>\(HTML.escape($0.element.name))</li>"
        }.joined() + "</ul>"
        let minVAS = min(report.epochs.flatMap { $0.validators.map(\.vas) }.min() ?? 0, thresholds.slash)
        let maxRep = max(report.epochs.flatMap { $0.validators.map(\.reputation) }.max() ?? 1, thresholds.reputationCap)
        s += "<div class=\"grid\">"
        s += "<div class=\"card\" id=\"chart-vas\"><h2>VAS over epochs</h2><p class=\"help\">Dashed lines: reputation and slashing thresholds.</p>"
        s += SVGChart.lines(vasSeries, label: "Validator VAS by epoch", xLabel: "epoch", yLabel: "VAS",
                            yRange: max(0, ((minVAS - 0.05) * 10).rounded(.down) / 10)...1.0,
                            rules: [.init(y: thresholds.reputation, label: "reputation bonus above \(HTML.fixed(thresholds.reputation, 2))"),
                                    .init(y: thresholds.slash, label: "slashing below \(HTML.fixed(thresholds.slash, 2))")])
        s += vLegend + "</div>"
        s += "<div class=\"card\" id=\"chart-reputation\"><h2>Reputation multiplier over epochs</h2><p class=\"help\">Multiplies a validator's share of the validator pool (1 = no bonus).</p>"
        s += SVGChart.lines(repSeries, label: "Validator reputation multiplier by epoch", xLabel: "epoch", yLabel: "reputation ×",
                            yRange: 1.0...(maxRep + 0.02))
        s += vLegend + "</div>"
        s += "</div>"
        let anySlashed = slashedTotal.values.contains { $0 > 0 }
        if anySlashed {
            let bars = vs.enumerated().map { SVGChart.Bar(label: $0.element.name, value: slashedTotal[$0.element.id] ?? 0, color: "#b91c1c", valueText: HTML.fixed(slashedTotal[$0.element.id] ?? 0, 3), title: "\($0.element.name): \(HTML.fixed(slashedTotal[$0.element.id] ?? 0, 6)) stake flagged", data: [("validator", $0.element.id)]) }
            s += "<div class=\"card\" id=\"chart-slashing\"><h2>Stake flagged for slashing</h2><p class=\"help\">Summed over all epochs (reported, not deducted).</p>"
            s += SVGChart.horizontalBars(bars, label: "Stake flagged for slashing per validator") + "</div>"
        } else {
            s += "<p class=\"help\" id=\"chart-slashing\">No stake was flagged for slashing: every validator's recent mean VAS stayed at or above \(HTML.fixed(thresholds.slash, 2)).</p>"
        }
        s += "<div class=\"table-wrap\"><table class=\"sortable\" id=\"validator-table\"><thead><tr>"
        for (label, key, left) in [("Validator", "name", true), ("Profile", "profile", true), ("Stake", "stake", false), ("VAS", "vas", false),
                                   ("Reputation", "reputation", false), ("Epoch TAO", "epoch_tao", false), ("Total TAO", "total_tao", false),
                                   ("Slashed (epoch)", "slashed", false)] {
            s += "<th scope=\"col\" data-key=\"\(key)\"\(left ? " class=\"l\"" : "")><button type=\"button\">\(label)</button></th>"
        }
        s += "</tr></thead><tbody>"
        for v in vs {
            s += "<tr data-validator=\"\(HTML.escape(v.id))\"><td class=\"l\" data-key=\"name\">\(HTML.escape(v.name)) <span class=\"help\">\(HTML.escape(v.id))</span></td>"
            s += "<td class=\"l\" data-key=\"profile\">\(badge(v.profile))</td>"
            s += num("stake", v.stake, 0) + num("vas", v.vas, 4) + num("reputation", v.reputation, 4)
            s += num("epoch_tao", v.epochTao, 4) + num("total_tao", v.totalTao, 4) + num("slashed", v.slashed, 4) + "</tr>"
        }
        return s + "</tbody></table></div></section>"
    }

    static func epochSection(_ report: SimulationReport) -> String {
        let cms = SVGChart.Series(name: "mean CMS", color: "#1d4ed8", points: report.epochs.map { (Double($0.id), $0.avgCMS) })
        let bt = SVGChart.Series(name: "breakthroughs", color: "#be185d", points: report.epochs.map { (Double($0.id), Double($0.breakthroughs)) })
        var s = "<section id=\"epochs\"><div class=\"grid\">"
        s += "<div class=\"card\" id=\"chart-cms\"><h2>Mean CMS per epoch</h2><p class=\"help\">Mean composite score over every task × miner pair (breakthroughs count double).</p>"
        s += SVGChart.lines([cms], label: "Mean CMS by epoch", xLabel: "epoch", yLabel: "mean CMS") + "</div>"
        s += "<div class=\"card\" id=\"chart-breakthroughs\"><h2>Breakthroughs per epoch</h2><p class=\"help\">High-scoring answers to tasks marked previously unsolved.</p>"
        s += SVGChart.lines([bt], label: "Breakthroughs by epoch", xLabel: "epoch", yLabel: "breakthroughs") + "</div>"
        return s + "</div></section>"
    }

    static func formulaSection(_ formulas: [FormulaInfo]) -> String {
        guard !formulas.isEmpty else { return "" }
        var s = "<section id=\"formulas\"><h2>Formulas and parameters used</h2>"
        s += "<p class=\"help\">One formula per role, as selected by the config; parameter values are the resolved ones (defaults filled in).</p><div class=\"formulas\">"
        for f in formulas {
            s += "<article class=\"formula\" data-role=\"\(HTML.escape(f.role))\" data-key=\"\(HTML.escape(f.key))\">"
            if !f.role.isEmpty { s += "<div class=\"role\">\(HTML.escape(f.role))</div>" }
            s += "<h3>\(HTML.escape(f.key))\(f.reference.map { " <span class=\"help\">· \(HTML.escape($0))</span>" } ?? "")</h3>"
            if !f.summary.isEmpty { s += "<p class=\"help\">\(HTML.escape(f.summary))</p>" }
            if let eq = f.equation { s += "<code class=\"eq\">\(HTML.escape(eq))</code>" }
            if !f.parameters.isEmpty {
                s += "<dl>"
                for p in f.parameters { s += "<dt>\(HTML.escape(p.label))</dt><dd>\(HTML.escape(p.value))</dd>" }
                s += "</dl>"
            }
            s += "</article>"
        }
        return s + "</div></section>"
    }

    static func orderedUnique(_ xs: [String]) -> [String] {
        var seen = Set<String>()
        return xs.filter { seen.insert($0).inserted }
    }
}

/// A page under construction: head, header and body, closed by ``finish()``.
struct Page {
    var title: String
    var body = ""
    var head = ""

    init(title: String) { self.title = title }

    mutating func header(title: String, summary: String, fields: [ReportField]) {
        head += "<header class=\"top\"><h1>\(HTML.escape(title))</h1>"
        if !summary.isEmpty { head += "<p>\(HTML.escape(summary))</p>" }
        if !fields.isEmpty {
            head += "<ul class=\"chips\" aria-label=\"Run\">"
            for f in fields { head += "<li data-field=\"\(HTML.escape(f.label))\">\(HTML.escape(f.label)): <b>\(HTML.escape(f.value))</b></li>" }
            head += "</ul>"
        }
        head += "</header>"
    }

    func finish(script: String = ReportAssets.reportScript) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
        <meta name="generator" content="scoring Reports"><title>\(HTML.escape(title))</title>
        <style>\(ReportAssets.css)</style></head>
        <body>\(head)<main>\(body)<footer>Self-contained report: charts are inline SVG, no network needed. Generated by <code>scoring</code>.</footer></main>
        <script>\(script)</script></body></html>

        """
    }
}
