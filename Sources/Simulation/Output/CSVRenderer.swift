import Foundation
import ScoringCore

/// CSV rows of an epoch: one per miner (rank order) and one per validator (roster order).
/// Miner rows end with the mean measured dimensions (quality, accuracy, novelty, efficiency).
enum CSVRenderer {
    static let header = "record,epoch,rank,id,name,tier,s_epoch,peb,streak,epoch_tao,total_tao,trap_penalty,breakthroughs,plagiarism_flags,stake,vas,reputation,slashed,quality,accuracy,novelty,efficiency"

    static func cell(_ s: String) -> String {
        s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    static func rows(_ report: EpochReport, roster: Roster) -> String {
        let r6 = PythonRounding.round6
        var out = ""
        for row in report.miners {
            let m = roster.miners[row.miner]
            out += "miner,\(report.epoch),\(row.rank),\(cell(m.id)),\(cell(m.name)),\(cell(m.tier)),\(r6(row.sEpoch)),\(r6(row.peb)),"
            out += "\(row.streak),\(row.epochTao),\(r6(row.totalTao)),\(r6(row.trapPenalty)),\(row.breakthroughs),\(row.plagiarismFlags),,,,,"
            let d = row.dimensions
            out += "\(r6(d.quality)),\(r6(d.accuracy)),\(r6(d.novelty)),\(r6(d.efficiency))\n"
        }
        for row in report.validators {
            let v = roster.validators[row.validator]
            out += "validator,\(report.epoch),,\(cell(v.id)),\(cell(v.name)),\(cell(v.profileName)),,,,\(row.epochTao),\(r6(row.totalTao)),,,,"
            out += "\(v.stake),\(r6(row.vas)),\(r6(row.reputation)),\(r6(row.slashed)),,,,\n"
        }
        return out
    }
}
