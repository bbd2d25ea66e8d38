import Foundation

/// Plain-text tables for the terminal: the leaderboard, the validator table, run metrics and the
/// Monte Carlo summary.
enum TableRenderer {
    static func table(_ header: [String], _ rows: [[String]], rightAligned: Set<Int>) -> String {
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in
                let pad = String(repeating: " ", count: widths[i] - c.count)
                return rightAligned.contains(i) ? pad + c : c + pad
            }.joined(separator: "  ")
        }
        var out = line(header) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in rows { out += line(row) + "\n" }
        return out
    }

    static func f(_ x: Double, _ digits: Int = 6) -> String { String(format: "%.\(digits)f", x) }

    static func leaderboard(_ report: EpochReport, roster: Roster, plagiarism: Bool) -> String {
        var header = ["rank", "name", "tier", "S_epoch", "PEB", "streak", "TAO epoch", "TAO total", "trap pen.", "breakthr."]
        if plagiarism { header.append("plagiarism") }
        let rows = report.miners.map { r -> [String] in
            let m = roster.miners[r.miner]
            var row = [String(r.rank), m.name, m.behaviour.isCopycat ? "\(m.tier)/copycat" : m.tier, f(r.sEpoch), f(r.peb),
                       String(r.streak), f(r.epochTao), f(r.totalTao), f(r.trapPenalty), String(r.breakthroughs)]
            if plagiarism { row.append(String(r.plagiarismFlags)) }
            return row
        }
        return table(header, rows, rightAligned: [0, 3, 4, 5, 6, 7, 8, 9, 10])
    }

    static func validators(_ report: EpochReport, roster: Roster) -> String {
        let rows = report.validators.map { r -> [String] in
            let v = roster.validators[r.validator]
            let stake = v.stake == v.stake.rounded() ? String(Int(v.stake)) : f(v.stake, 2)
            return [v.name, v.profileName, stake, f(r.vas), f(r.reputation), f(r.epochTao), f(r.totalTao), f(r.slashed)]
        }
        return table(["validator", "profile", "stake", "VAS", "reputation", "TAO epoch", "TAO total", "slashed"], rows,
                     rightAligned: [2, 3, 4, 5, 6, 7])
    }

    /// The chain's figures of the last chain epoch: miners by incentive, validators with dividends,
    /// validator trust, bonds and TAO per stake.
    static func chain(_ report: EpochReport, roster: Roster) -> String {
        let miners = report.miners.sorted { ($0.chain?.incentive ?? 0) > ($1.chain?.incentive ?? 0) || (($0.chain?.incentive ?? 0) == ($1.chain?.incentive ?? 0) && $0.miner < $1.miner) }
        let minerRows = miners.map { r -> [String] in
            let m = roster.miners[r.miner]
            let kind = m.sybilOperator != nil ? "\(m.tier)/sybil" : m.behaviour.isCopycat ? "\(m.tier)/copycat" : m.tier
            return [m.name, kind, f(r.chain?.incentive ?? 0), f(r.chain?.consensus ?? 0), f(r.chain?.trust ?? 0), f(r.totalTao)]
        }
        var out = table(["miner", "tier", "incentive", "consensus", "trust", "TAO total"], minerRows, rightAligned: [2, 3, 4, 5])
        out += "\n"
        let validatorRows = report.validators.map { r -> [String] in
            let v = roster.validators[r.validator]
            let c = r.chain
            return [v.name, v.behaviour.key, f(c?.dividends ?? 0), f(c?.validatorTrust ?? 0), f(c?.bonds ?? 0),
                    c?.setWeights == true ? "yes" : "no", f(r.totalTao), v.stake > 0 ? f(r.totalTao / v.stake) : "-"]
        }
        out += table(["validator", "behaviour", "dividends", "v-trust", "bonds", "set", "TAO total", "TAO/stake"], validatorRows,
                     rightAligned: [2, 3, 4, 6, 7])
        return out
    }

    static func metrics(_ m: SimulationMetrics) -> String {
        table(["metric", "value"], m.values.map { [$0.name, f($0.value)] }, rightAligned: [1])
    }

    static func monteCarlo(_ result: MonteCarloResult, roster: Roster) -> String {
        var out = "Total TAO per miner over \(result.runs.count) runs (95% CI of the mean)\n"
        let rows = roster.miners.indices.map { i -> [String] in
            let s = result.minerTotals[i]
            let m = roster.miners[i]
            return [m.name, m.behaviour.isCopycat ? "\(m.tier)/copycat" : m.tier, f(s.mean, 4), f(s.standardDeviation, 4),
                    "[\(f(s.lower95, 4)), \(f(s.upper95, 4))]"]
        }
        out += table(["miner", "tier", "mean", "std dev", "95% CI"], rows, rightAligned: [2, 3, 4])
        out += "\nRun metrics\n"
        let metricRows = result.metricNames.map { name -> [String] in
            let s = result.metrics[name]!
            return [name, f(s.mean), f(s.standardDeviation), "[\(f(s.lower95)), \(f(s.upper95))]"]
        }
        out += table(["metric", "mean", "std dev", "95% CI"], metricRows, rightAligned: [1, 2, 3])
        return out
    }
}
