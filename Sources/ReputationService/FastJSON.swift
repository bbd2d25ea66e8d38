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
        FastJSON.appendOptional(snapshot?.version, to: &header)
        header += Array(",\"generated_at\":".utf8)
        FastJSON.appendOptional(snapshot?.generatedAt, to: &header)
        header += Array(",\"miners\":[".utf8)
        self.header = header
        var entries: [String: [UInt8]] = [:]
        entries.reserveCapacity(snapshot?.miners.count ?? 0)
        for (key, rep) in snapshot?.miners ?? [:] {
            var e: [UInt8] = []
            FastJSON.appendEntry(key, rep.repScore, rep.repTier.rawValue, to: &e)
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
                out += FastJSON.entryOpen
                FastJSON.appendString(m, to: &out)
                out += FastJSON.neutralTail
            }
        }
        out.append(UInt8(ascii: "]"))
        out.append(UInt8(ascii: "}"))
        return ByteBuffer(bytes: out)
    }
}

enum FastJSON {
    static let entryOpen: [UInt8] = Array("{\"miner_hotkey\":".utf8)
    static let scoreKey: [UInt8] = Array(",\"rep_score\":".utf8)
    static let tierKey: [UInt8] = Array(",\"rep_tier\":".utf8)
    /// `,"rep_score":1.0,"rep_tier":"Neutral"}`: the rest of an entry for a miner the snapshot lacks.
    static let neutralTail: [UInt8] = {
        var t = scoreKey + Array(1.0.description.utf8) + tierKey
        appendString(ReputationTier.neutral.rawValue, to: &t)
        return t + [UInt8(ascii: "}")]
    }()

    static func appendEntry(_ hotkey: String, _ score: Double, _ tier: String, to out: inout [UInt8]) {
        out += entryOpen
        appendString(hotkey, to: &out)
        out += scoreKey
        out += Array(score.description.utf8)
        out += tierKey
        appendString(tier, to: &out)
        out.append(UInt8(ascii: "}"))
    }

    static func appendOptional(_ s: String?, to out: inout [UInt8]) {
        if let s { appendString(s, to: &out) } else { out += Array("null".utf8) }
    }

    /// Appends a JSON string literal; plain printable ASCII (every SS58 address) is copied as is.
    static func appendString(_ s: String, to out: inout [UInt8]) {
        var s = s
        let plain = s.withUTF8 { bytes in
            for c in bytes where c < 0x20 || c >= 0x7F || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") { return false }
            return true
        }
        if plain {
            out.append(UInt8(ascii: "\""))
            s.withUTF8 { out.append(contentsOf: $0) }
            out.append(UInt8(ascii: "\""))
        } else {
            out += Array(ConfigNode.jsonQuoted(s).utf8)
        }
    }
}
