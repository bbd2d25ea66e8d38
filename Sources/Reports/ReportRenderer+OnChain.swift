extension ReportRenderer {
    /// The on-chain section of a simulation report (empty when the run had no chain): dividends per
    /// stake by validator behaviour over the epochs, then the last chain epoch's incentive per miner
    /// and dividends, validator trust and bonds per validator.
    static func chainSection(_ report: SimulationReport, last: SimulationReport.Epoch) -> String {
        guard last.validators.contains(where: { $0.behaviour != nil }) || last.miners.contains(where: { $0.chain != nil }) else { return "" }
        var s = "<section id=\"chain\"><h2>On chain</h2>"
        s += "<p class=\"help\">Each validator set weights from its own scores (processed and converted to u16 as the SDK does) and the chain's consensus split the TAO: incentive to miners, dividends to validators through their bonds.</p>"
        // Dividends per stake by behaviour: Σ epoch TAO ÷ Σ stake of the group's validators, per epoch.
        let behaviours = orderedUnique(last.validators.map { $0.behaviour ?? "honest" })
        var series: [SVGChart.Series] = []
        for (i, b) in behaviours.enumerated() {
            var points: [(Double, Double)] = []
            for e in report.epochs {
                let group = e.validators.filter { ($0.behaviour ?? "honest") == b }
                let stake = group.reduce(0) { $0 + $1.stake }
                guard stake > 0 else { continue }
                points.append((Double(e.id), group.reduce(0) { $0 + $1.epochTao } / stake))
            }
            series.append(SVGChart.Series(name: b, color: SVGChart.color(i), points: points, data: [("behaviour", b)]))
        }
        let legend = "<ul class=\"legend\" aria-label=\"Validator behaviours\">" + behaviours.enumerated().map {
            "<li><span class=\"sw\" style=\"background:\(SVGChart.color($0.offset))\"></span>\(HTML.escape($0.element))</li>"
        }.joined() + "</ul>"
        s += "<div class=\"grid\"><div class=\"card\" id=\"chart-dividends-per-stake\"><h2>Dividends per stake by validator behaviour</h2>"
        s += "<p class=\"help\">TAO the chain paid the behaviour's validators in each epoch ÷ their stake (0 between tempos).</p>"
        s += SVGChart.lines(series, label: "Validator TAO per unit of stake by behaviour and epoch", xLabel: "epoch", yLabel: "TAO / stake")
        s += legend + "</div>"
        let miners = last.miners.sorted { ($0.chain?.incentive ?? 0) > ($1.chain?.incentive ?? 0) }
        let bars = miners.map { m in
            SVGChart.Bar(label: m.name, value: m.chain?.incentive ?? 0, color: tierColor(m.tier) ?? "#2563eb",
                         valueText: HTML.fixed(m.chain?.incentive ?? 0, 4),
                         title: "\(m.name): incentive \(HTML.fixed(m.chain?.incentive ?? 0, 6))", data: [("miner", m.id)])
        }
        s += "<div class=\"card\" id=\"chart-incentive\"><h2>Incentive per miner (last chain epoch)</h2>"
        s += SVGChart.horizontalBars(bars, label: "Chain incentive per miner") + "</div></div>"
        s += "<div class=\"table-wrap\"><table class=\"sortable\" id=\"chain-validator-table\"><thead><tr>"
        for (label, key, left) in [("Validator", "name", true), ("Behaviour", "behaviour", true), ("Stake", "stake", false),
                                   ("Dividends", "dividends", false), ("Validator trust", "vtrust", false), ("Bonds", "bonds", false),
                                   ("Total TAO", "total_tao", false), ("TAO / stake", "tao_per_stake", false)] {
            s += "<th scope=\"col\" data-key=\"\(key)\"\(left ? " class=\"l\"" : "")><button type=\"button\">\(label)</button></th>"
        }
        s += "</tr></thead><tbody>"
        for v in last.validators {
            s += "<tr data-validator=\"\(HTML.escape(v.id))\"><td class=\"l\" data-key=\"name\">\(HTML.escape(v.name))</td>"
            s += "<td class=\"l\" data-key=\"behaviour\">\(HTML.escape(v.behaviour ?? "honest"))</td>"
            s += num("stake", v.stake, 0) + num("dividends", v.chain?.dividends ?? 0, 4) + num("vtrust", v.chain?.validatorTrust ?? 0, 4)
            s += num("bonds", v.chain?.bonds ?? 0, 4) + num("total_tao", v.totalTao, 4)
            s += num("tao_per_stake", v.stake > 0 ? v.totalTao / v.stake : 0, 5) + "</tr>"
        }
        return s + "</tbody></table></div></section>"
    }
}
