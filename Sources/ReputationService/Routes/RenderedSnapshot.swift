import Hummingbird
import NIOCore
import Reputation
import ScoringCore

/// A snapshot's `/reputation_request` answer pieces, rendered once when the snapshot is loaded: the
/// header (`{"rep_snapshot_version":…,"generated_at":…,"miners":[`) and one JSON object per miner.
/// Answering is then concatenation; the output equals what `JSONEncoder` writes for a
/// ``ReputationResponse`` (tests decode it back).
struct RenderedSnapshot: Sendable {
    let header: [UInt8]
    let entries: [String: [UInt8]]

    /// Every miner Neutral, version and generated_at null (no snapshot loaded).
    static let neutral = RenderedSnapshot(nil)

    init(_ snapshot: ReputationSnapshot?) {
        var header: [UInt8] = Array("{\"rep_snapshot_version\":".utf8)
        ReputationEntryJSON.appendOptional(snapshot?.version, to: &header)
        header += Array(",\"generated_at\":".utf8)
        ReputationEntryJSON.appendOptional(snapshot?.generatedAt, to: &header)
        header += Array(",\"miners\":[".utf8)
        self.header = header
        var entries: [String: [UInt8]] = [:]
        entries.reserveCapacity(snapshot?.miners.count ?? 0)
        for (key, rep) in snapshot?.miners ?? [:] {
            var e: [UInt8] = []
            ReputationEntryJSON.appendEntry(key, rep.repScore, rep.repTier.rawValue, to: &e)
            entries[key] = e
        }
        self.entries = entries
    }

    /// The answer body for `miners`, in request order; miners the snapshot lacks are Neutral.
    func body(for miners: [String]) -> ByteBuffer {
        var out: [UInt8] = []
        out.reserveCapacity(header.count + 2 + miners.count * 104)
        out += header
        for (i, m) in miners.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            if let e = entries[m] {
                out += e
            } else {
                out += ReputationEntryJSON.entryOpen
                ReputationEntryJSON.appendString(m, to: &out)
                out += ReputationEntryJSON.neutralTail
            }
        }
        out.append(UInt8(ascii: "]"))
        out.append(UInt8(ascii: "}"))
        return ByteBuffer(bytes: out)
    }
}
