import ScoringCore

/// A fingerprint of a run's results: FNV-1a (64 bits) over the bit patterns of every field of its
/// epoch reports, in order, plagiarism flags included.
///
/// Two runs with the same digest gave the same numbers (up to a hash collision); `ResultPinTests`
/// pins the digests of the bundled configs so a change to the engine cannot move results unseen.
public struct ReportDigest: Sendable, Hashable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325
    mutating func add(_ x: UInt64) {
        for i in 0..<8 {
            value ^= (x >> (8 * UInt64(i))) & 0xFF
            value = value &* 0x0000_0100_0000_01B3
        }
    }
    mutating func add(_ x: Double) { add(x.bitPattern) }
    mutating func add(_ x: Int) { add(UInt64(bitPattern: Int64(x))) }
    public init() {}

    /// Adds every field of `r`.
    public mutating func add(_ r: EpochReport) {
        add(r.epoch); add(r.totalEmission); add(r.minerPool); add(r.validatorPool); add(r.tasksProcessed)
        add(r.trapsInjected); add(r.breakthroughs); add(r.avgCMS); add(r.plagiarismFlags)
        for m in r.miners {
            add(m.miner); add(m.rank); add(m.sEpoch); add(m.peb); add(m.streak); add(m.epochTao); add(m.totalTao)
            add(m.trapPenalty); add(m.breakthroughs); add(m.plagiarismFlags)
            add(m.dimensions.quality); add(m.dimensions.accuracy); add(m.dimensions.novelty); add(m.dimensions.efficiency)
        }
        for v in r.validators {
            add(v.validator); add(v.vas); add(v.reputation); add(v.epochTao); add(v.totalTao); add(v.slashed)
        }
    }
    /// The digest of `history`, in order.
    public static func of(_ history: [EpochReport]) -> ReportDigest {
        var d = ReportDigest()
        for r in history { d.add(r) }
        return d
    }
}
