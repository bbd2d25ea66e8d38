import Foundation
import ScoringCore

/// CSV rows of an epoch: one per miner (rank order) and one per validator (roster order).
/// Miner rows end with the mean measured dimensions (quality, accuracy, novelty, efficiency).
///
/// One value per roster: its text cells are quoted once, and each epoch's rows are appended to a
/// reusable byte buffer. Numbers are written as Swift's `description` writes them (``DecimalText``).
struct CSVRenderer {
    static let header = "record,epoch,rank,id,name,tier,s_epoch,peb,streak,epoch_tao,total_tao,trap_penalty,breakthroughs,plagiarism_flags,stake,vas,reputation,slashed,quality,accuracy,novelty,efficiency"

    static func cell(_ s: String) -> String {
        s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    /// Per miner: `,<id>,<name>,<tier>,`; per validator: `,,<id>,<name>,<profile>,,,,`.
    private let minerCells: [[UInt8]]
    private let validatorCells: [[UInt8]]
    private let stakes: [Double]

    init(roster: Roster) {
        minerCells = roster.miners.map { Array(",\(Self.cell($0.id)),\(Self.cell($0.name)),\(Self.cell($0.tier)),".utf8) }
        validatorCells = roster.validators.map {
            Array(",,\(Self.cell($0.id)),\(Self.cell($0.name)),\(Self.cell($0.profileName)),,,,".utf8)
        }
        stakes = roster.validators.map(\.stake)
    }

    static func rows(_ report: EpochReport, roster: Roster) -> String {
        var out: [UInt8] = []
        CSVRenderer(roster: roster).append(report, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the epoch's rows.
    func append(_ report: EpochReport, to out: inout [UInt8]) {
        let r6 = PythonRounding.round6
        let comma = UInt8(ascii: ",")
        for row in report.miners {
            out.append(contentsOf: "miner,".utf8)
            DecimalText.append(report.epoch, to: &out)
            out.append(comma)
            DecimalText.append(row.rank, to: &out)
            out.append(contentsOf: minerCells[row.miner])
            DecimalText.append(r6(row.sEpoch), to: &out)
            out.append(comma)
            DecimalText.append(r6(row.peb), to: &out)
            out.append(comma)
            DecimalText.append(row.streak, to: &out)
            out.append(comma)
            DecimalText.append(row.epochTao, to: &out)
            out.append(comma)
            DecimalText.append(r6(row.totalTao), to: &out)
            out.append(comma)
            DecimalText.append(r6(row.trapPenalty), to: &out)
            out.append(comma)
            DecimalText.append(row.breakthroughs, to: &out)
            out.append(comma)
            DecimalText.append(row.plagiarismFlags, to: &out)
            out.append(contentsOf: ",,,,,".utf8)
            let d = row.dimensions
            DecimalText.append(r6(d.quality), to: &out)
            out.append(comma)
            DecimalText.append(r6(d.accuracy), to: &out)
            out.append(comma)
            DecimalText.append(r6(d.novelty), to: &out)
            out.append(comma)
            DecimalText.append(r6(d.efficiency), to: &out)
            out.append(UInt8(ascii: "\n"))
        }
        for row in report.validators {
            out.append(contentsOf: "validator,".utf8)
            DecimalText.append(report.epoch, to: &out)
            out.append(contentsOf: validatorCells[row.validator])
            DecimalText.append(row.epochTao, to: &out)
            out.append(comma)
            DecimalText.append(r6(row.totalTao), to: &out)
            out.append(contentsOf: ",,,,".utf8)
            DecimalText.append(stakes[row.validator], to: &out)
            out.append(comma)
            DecimalText.append(r6(row.vas), to: &out)
            out.append(comma)
            DecimalText.append(r6(row.reputation), to: &out)
            out.append(comma)
            DecimalText.append(r6(row.slashed), to: &out)
            out.append(contentsOf: ",,,,\n".utf8)
        }
    }
}
