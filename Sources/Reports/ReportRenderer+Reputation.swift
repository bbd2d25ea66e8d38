extension ReportRenderer {
    // MARK: - Reputation

    /// The HTML page for a reputation pipeline run: each tier's share of the weight without and
    /// with reputation weighting (headline numbers, paired bars and a table), the weighted shares
    /// over the rounds (lines, with the rounds' notes), each miner's weighted against unweighted
    /// share (a scatter around the diagonal), a sortable per-miner table (with the policy's factors
    /// and both rewards when ``ReputationReport/MinerWeight/factors`` are given), the findings and
    /// the formulas used.
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
        s += "<div class=\"grid\"><div class=\"card\" id=\"chart-tier-shares\"><h2>Weight share per tier</h2>"
        s += "<p class=\"help\">Share of the total weight each tier receives without reputation weighting (grey) and with it (blue).</p>"
        s += SVGChart.pairedBars(report.tiers.map { ($0.tier, $0.unweighted, $0.weighted) }, aName: "unweighted", bName: "weighted",
                                 label: "Weight share per tier, unweighted and weighted")
        s += "</div>"
        if !report.rounds.isEmpty {
            let order = report.tiers.map(\.tier)
            let series = report.tiers.map { t in
                SVGChart.Series(name: t.tier, color: reputationTierColor(t.tier, order: order),
                                points: report.rounds.compactMap { r in r.weighted[t.tier].map { (Double(r.round), $0) } },
                                data: [("tier", t.tier)])
            }
            s += "<div class=\"card\" id=\"chart-rounds\"><h2>Weighted share over rounds</h2><p class=\"help\">Each tier's weighted share after every round.</p>"
            let top = report.rounds.flatMap { $0.weighted.values }.max() ?? 1
            s += SVGChart.lines(series, label: "Weighted tier share by round", xLabel: "round", yLabel: "share",
                                yRange: 0...min(1, max(0.05, (top * 1.15 * 20).rounded(.up) / 20)))
            s += "<ul class=\"legend\" aria-label=\"Tiers\">" + order.map { "<li><span class=\"sw\" style=\"background:\(reputationTierColor($0, order: order))\"></span>\(HTML.escape($0))</li>" }.joined() + "</ul>"
            let noted = report.rounds.filter { $0.note != nil }
            if !noted.isEmpty {
                s += "<ul class=\"help\">" + noted.map { "<li>round \($0.round): \(HTML.escape($0.note ?? ""))</li>" }.joined() + "</ul>"
            }
            s += "</div>"
        }
        if !report.populations.isEmpty { s += reputationCycleCharts(report) }
        if !report.miners.isEmpty {
            let tiers = report.tiers.map(\.tier)
            let points = report.miners.map { m in
                SVGChart.Point(x: m.unweighted, y: m.weighted, color: reputationTierColor(m.tier, order: tiers),
                               title: "\(m.uid.map { "uid \($0) · " } ?? "")\(shortID(m.id)) (\(m.tier)): \(HTML.percent(m.unweighted)) → \(HTML.percent(m.weighted))",
                               data: [("miner", m.id)])
            }
            s += "<div class=\"card\" id=\"chart-miner-shares\"><h2>Each miner: weight with and without reputation</h2>"
            s += "<p class=\"help\">One dot per miner. Above the diagonal the policy raised the miner's share of the weight, below it lowered it.</p>"
            s += SVGChart.scatterAgainstDiagonal(points, label: "Weighted against unweighted weight share per miner",
                                                 xLabel: "unweighted share", yLabel: "weighted share")
            s += "<ul class=\"legend\" aria-label=\"Tiers\">" + tiers.map { "<li><span class=\"sw\" style=\"background:\(reputationTierColor($0, order: tiers))\"></span>\(HTML.escape($0))</li>" }.joined() + "</ul></div>"
        }
        s += "</div>"
        s += "<section id=\"tiers\"><h2>Tier shares</h2><div class=\"table-wrap\"><table class=\"sortable\" id=\"tier-table\"><thead><tr>"
        s += "<th scope=\"col\" class=\"l\"><button type=\"button\">Tier</button></th><th scope=\"col\"><button type=\"button\">Miners</button></th>"
        s += "<th scope=\"col\"><button type=\"button\">Unweighted</button></th><th scope=\"col\"><button type=\"button\">Weighted</button></th><th scope=\"col\"><button type=\"button\">Change</button></th>"
        let onChain = report.tiers.contains { $0.incentiveWeighted != nil }
        if onChain {
            s += "<th scope=\"col\"><button type=\"button\">Incentive, unweighted</button></th><th scope=\"col\"><button type=\"button\">Incentive, weighted</button></th>"
        }
        s += "</tr></thead><tbody>"
        for t in report.tiers {
            s += "<tr data-tier=\"\(HTML.escape(t.tier))\"><td class=\"l\">\(HTML.escape(t.tier))</td><td data-value=\"\(t.miners)\">\(t.miners)</td>"
            s += "<td data-key=\"unweighted\" data-value=\"\(HTML.exact(t.unweighted))\">\(HTML.percent(t.unweighted))</td>"
            s += "<td data-key=\"weighted\" data-value=\"\(HTML.exact(t.weighted))\">\(HTML.percent(t.weighted))</td>"
            s += "<td data-value=\"\(HTML.exact(t.weighted - t.unweighted))\">\(HTML.fixed((t.weighted - t.unweighted) * 100, 1)) pts</td>"
            if onChain {
                let u = t.incentiveUnweighted ?? 0, w = t.incentiveWeighted ?? 0
                s += "<td data-key=\"incentive_unweighted\" data-value=\"\(HTML.exact(u))\">\(HTML.percent(u))</td>"
                s += "<td data-key=\"incentive_weighted\" data-value=\"\(HTML.exact(w))\">\(HTML.percent(w))</td>"
            }
            s += "</tr>"
        }
        s += "</tbody></table></div>"
        if onChain {
            s += "<div class=\"card\" id=\"chart-incentive-tiers\"><h2>Chain incentive share per tier</h2><p class=\"help\">Each pass's weights through the chain's consensus, with and without reputation, averaged over passes.</p>"
            s += SVGChart.pairedBars(report.tiers.map { ($0.tier, $0.incentiveUnweighted ?? 0, $0.incentiveWeighted ?? 0) },
                                     aName: "unweighted", bName: "weighted", label: "Chain incentive share per tier, unweighted and weighted")
            s += "</div>"
        }
        s += "</section>"
        if !report.miners.isEmpty { s += reputationMinerTable(report) }
        if !report.notes.isEmpty {
            s += "<section id=\"notes\"><h2>Findings</h2><ul>" + report.notes.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul></section>"
        }
        s += formulaSection(report.formulas)
        page.body = s
        return page.finish()
    }

    /// Tier populations over the cycles (lines) and the tier-to-tier flows (a from × to table shaded by count).
    static func reputationCycleCharts(_ report: ReputationReport) -> String {
        let order = report.tiers.map(\.tier)
        let series = order.map { tier in
            SVGChart.Series(name: tier, color: reputationTierColor(tier, order: order),
                            points: report.populations.map { (Double($0.cycle), Double($0.populations[tier] ?? 0)) },
                            data: [("tier", tier)])
        }
        let top = Double(report.populations.flatMap { $0.populations.values }.max() ?? 1)
        var s = "<div class=\"card\" id=\"chart-populations\"><h2>Tier populations over cycles</h2>"
        s += "<p class=\"help\">Miners in each tier after every cycle's engine pass.</p>"
        s += SVGChart.lines(series, label: "Miners per tier by cycle", xLabel: "cycle", yLabel: "miners",
                            yRange: 0...max(1, (top * 1.1).rounded(.up)))
        s += "<ul class=\"legend\" aria-label=\"Tiers\">" + order.map { "<li><span class=\"sw\" style=\"background:\(reputationTierColor($0, order: order))\"></span>\(HTML.escape($0))</li>" }.joined() + "</ul></div>"
        var counts: [String: [String: Int]] = [:]
        for f in report.flows { counts[f.from, default: [:]][f.to, default: 0] += f.count }
        let most = max(1, report.flows.map(\.count).max() ?? 1)
        s += "<div class=\"card\" id=\"chart-flows\"><h2>Flows between tiers</h2>"
        s += "<p class=\"help\">Tier changes summed over the run: row = tier before a pass, column = tier after it.</p>"
        s += "<div class=\"table-wrap\"><table id=\"flow-table\"><thead><tr><th scope=\"col\" class=\"l\">from \\ to</th>"
        s += order.map { "<th scope=\"col\">\(HTML.escape($0))</th>" }.joined() + "</tr></thead><tbody>"
        for from in order {
            s += "<tr data-from=\"\(HTML.escape(from))\"><th scope=\"row\" class=\"l\">\(HTML.escape(from))</th>"
            for to in order {
                let n = counts[from]?[to] ?? 0
                let alpha = from == to ? 0 : Double(n) / Double(most) * 0.6
                s += "<td data-to=\"\(HTML.escape(to))\" data-value=\"\(n)\" style=\"background:rgba(37,99,235,\(HTML.fixed(alpha, 3)))\">\(from == to ? "·" : String(n))</td>"
            }
            s += "</tr>"
        }
        s += "</tbody></table></div></div>"
        return s
    }

    /// The per-miner table of a reputation report: one row per miner with its shares and, when
    /// known, the policy's factors and the base and weighted rewards; heaviest weight first.
    static func reputationMinerTable(_ report: ReputationReport) -> String {
        let detailed = report.miners.contains { $0.factors != nil }
        let showUID = report.miners.contains { $0.uid != nil }
        var s = "<section id=\"miner-weights\"><h2>Miner weights</h2>"
        s += "<p class=\"help\">One row per miner, heaviest weight first. \(detailed ? "Weighted reward = base reward × multiplier, multiplier = tier factor × score factor. " : "")Change = weighted share ÷ unweighted share (above 1: reputation raised the miner's weight).\(report.minersNote.isEmpty ? "" : " " + HTML.escape(report.minersNote))</p>"
        s += "<div class=\"table-wrap\"><table class=\"sortable compact\" id=\"miner-weight-table\"><thead><tr>"
        var columns: [(label: String, key: String, left: Bool, help: String?)] = []
        if showUID { columns.append(("UID", "uid", false, nil)) }
        columns += [("Miner", "miner", true, nil), ("Tier", "tier", true, nil)]
        if detailed {
            columns += [("Rep score", "rep_score", false, "the miner's reputation score in the snapshot"),
                        ("Score factor", "score_factor", false, "the score factor the policy applied (tier-clamp: the clamped score)"),
                        ("Tier ×", "tier_factor", false, "the tier multiplier the policy applied"),
                        ("Multiplier", "multiplier", false, "tier factor × score factor"),
                        ("Base reward", "base_reward", false, "reward before reputation"),
                        ("Weighted reward", "weighted_reward", false, "reward after reputation")]
        }
        columns += [("Unweighted share", "unweighted", false, "share of the weight without reputation"),
                    ("Weighted share", "weighted", false, "share of the weight with reputation (the chain weight)"),
                    ("Change", "ratio", false, "weighted share ÷ unweighted share")]
        for c in columns {
            s += "<th scope=\"col\" data-key=\"\(c.key)\"\(c.left ? " class=\"l\"" : "")\(c.help.map { " title=\"\(HTML.escape($0))\"" } ?? "")><button type=\"button\">\(HTML.escape(c.label))</button></th>"
        }
        s += "</tr></thead><tbody>"
        for m in report.miners.sorted(by: { $0.weighted != $1.weighted ? $0.weighted > $1.weighted : ($0.uid ?? 0) < ($1.uid ?? 0) }) {
            let ratio = m.unweighted > 0 ? m.weighted / m.unweighted : 0
            s += "<tr data-miner=\"\(HTML.escape(m.id))\">"
            if showUID { s += "<td data-key=\"uid\" data-value=\"\(m.uid ?? -1)\">\(m.uid.map(String.init) ?? "–")</td>" }
            s += "<td class=\"l mono\" data-key=\"miner\" title=\"\(HTML.escape(m.id))\">\(HTML.escape(shortID(m.id)))</td>"
            s += "<td class=\"l\" data-key=\"tier\">\(badge(m.tier))</td>"
            if let f = m.factors {
                s += num("rep_score", f.repScore, 3) + num("score_factor", f.scoreFactor, 3) + num("tier_factor", f.tierFactor, 3)
                s += num("multiplier", f.multiplier, 3) + num("base_reward", f.baseReward, 4) + num("weighted_reward", f.weightedReward, 4)
            } else if detailed {
                s += String(repeating: "<td>–</td>", count: 6)
            }
            s += "<td data-key=\"unweighted\" data-value=\"\(HTML.exact(m.unweighted))\">\(HTML.percent(m.unweighted))</td>"
            s += "<td data-key=\"weighted\" data-value=\"\(HTML.exact(m.weighted))\">\(HTML.percent(m.weighted))</td>"
            let state = ratio > 1.0005 ? "good" : ratio < 0.9995 ? "bad" : ""
            s += "<td data-key=\"ratio\" data-value=\"\(HTML.exact(ratio))\"\(state.isEmpty ? "" : " class=\"state-\(state)\"")>×\(HTML.fixed(ratio, 3))</td></tr>"
        }
        return s + "</tbody></table></div></section>"
    }

    /// A reputation tier's colour: the badge colour of the MIID tiers, else the palette by position.
    static func reputationTierColor(_ tier: String, order: [String]) -> String {
        switch tier.lowercased() {
        case "diamond": "#0e7490"
        case "gold": "#b45309"
        case "silver": "#2563eb"
        case "bronze": "#7c2d12"
        case "neutral": "#94a3b8"
        case "watch": "#b91c1c"
        default: SVGChart.color(order.firstIndex(of: tier) ?? 0)
        }
    }

    /// A long identifier (an SS58 hotkey) shortened for a table cell: `5F3sa2…x8Tq`.
    static func shortID(_ id: String) -> String {
        id.count > 14 ? String(id.prefix(6)) + "…" + String(id.suffix(4)) : id
    }
}
