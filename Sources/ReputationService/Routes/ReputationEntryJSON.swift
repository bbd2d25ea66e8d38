import Reputation
import ScoringCore

/// The bytes of a `/reputation_request` answer's pieces: one miner entry
/// (`{"miner_hotkey":…,"rep_score":…,"rep_tier":…}`) and JSON string literals, as `JSONEncoder`
/// writes them for a ``ReputationResponse``.
enum ReputationEntryJSON {
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
