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

    /// Per miner: `,<id>,<name>,<tier>`; per validator: `,,<id>,<name>,<profile>,,,`.
    private let minerCells: [[UInt8]]
    private let validatorCells: [[UInt8]]
    private let stakes: [Double]

    init(roster: Roster) {
        minerCells = roster.miners.map { Array(",\(Self.cell($0.id)),\(Self.cell($0.name)),\(Self.cell($0.tier))".utf8) }
        validatorCells = roster.validators.map {
            Array(",,\(Self.cell($0.id)),\(Self.cell($0.name)),\(Self.cell($0.profileName)),,,".utf8)
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
        /// `,` and a number, as string interpolation writes it.
        func cell(_ d: Double) { out.append(UInt8(ascii: ",")); DecimalText.append(d, to: &out) }
        func cell(_ i: Int) { out.append(UInt8(ascii: ",")); DecimalText.append(i, to: &out) }
        for row in report.miners {
            out.append(contentsOf: "miner,".utf8)
            DecimalText.append(report.epoch, to: &out)
            cell(row.rank)
            out.append(contentsOf: minerCells[row.miner])
            cell(r6(row.sEpoch)); cell(r6(row.peb)); cell(row.streak); cell(row.epochTao); cell(r6(row.totalTao))
            cell(r6(row.trapPenalty)); cell(row.breakthroughs); cell(row.plagiarismFlags)
            out.append(contentsOf: ",,,,".utf8)  // stake, VAS, reputation, slashed: validator columns
            let d = row.dimensions
            cell(r6(d.quality)); cell(r6(d.accuracy)); cell(r6(d.novelty)); cell(r6(d.efficiency))
            out.append(UInt8(ascii: "\n"))
        }
        for row in report.validators {
            out.append(contentsOf: "validator,".utf8)
            DecimalText.append(report.epoch, to: &out)
            out.append(contentsOf: validatorCells[row.validator])
            cell(row.epochTao); cell(r6(row.totalTao))
            out.append(contentsOf: ",,,".utf8)  // trap penalty, breakthroughs, plagiarism flags: miner columns
            cell(stakes[row.validator]); cell(r6(row.vas)); cell(r6(row.reputation)); cell(r6(row.slashed))
            out.append(contentsOf: ",,,,\n".utf8)
        }
    }
}
