import Hummingbird
import NIOCore
import Reputation
import ScoringCore

/// A hand-written encoder for the hottest response, `/reputation_request` (hundreds of entries per
/// answer): it writes straight into one `ByteBuffer`, avoiding `JSONEncoder`'s intermediate tree. The
/// output is the same JSON `JSONEncoder` produces for ``ReputationResponse`` (tests decode it back).
enum FastJSON {
    static func reputationResponse(_ r: ReputationResponse) -> Response {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(96 + r.miners.count * 110)
        buffer.writeStaticString("{\"rep_snapshot_version\":")
        writeOptional(r.repSnapshotVersion, into: &buffer)
        buffer.writeStaticString(",\"generated_at\":")
        writeOptional(r.generatedAt, into: &buffer)
        buffer.writeStaticString(",\"miners\":[")
        for (i, m) in r.miners.enumerated() {
            if i > 0 { buffer.writeStaticString(",") }
            buffer.writeStaticString("{\"miner_hotkey\":")
            writeString(m.minerHotkey, into: &buffer)
            buffer.writeStaticString(",\"rep_score\":")
            buffer.writeString(m.repScore.description)
            buffer.writeStaticString(",\"rep_tier\":")
            writeString(m.repTier.rawValue, into: &buffer)
            buffer.writeStaticString("}")
        }
        buffer.writeStaticString("]}")
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: buffer))
    }

    private static func writeOptional(_ s: String?, into buffer: inout ByteBuffer) {
        if let s { writeString(s, into: &buffer) } else { buffer.writeStaticString("null") }
    }

    /// Writes a JSON string literal; plain printable ASCII (every SS58 address) is copied as is.
    static func writeString(_ s: String, into buffer: inout ByteBuffer) {
        let plain = s.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
        if plain {
            buffer.writeStaticString("\"")
            buffer.writeString(s)
            buffer.writeStaticString("\"")
        } else {
            buffer.writeString(ConfigNode.jsonQuoted(s))
        }
    }
}
