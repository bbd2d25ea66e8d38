// A minimal JSON object reader that leaves string values in place, so secrets can be decoded
// straight from the file buffer into SecureBytes and the buffer zeroed afterwards.

/// One top-level member value of a JSON object.
enum FlatJSONValue: Equatable {
    /// A string: the byte range of its raw contents (between the quotes) and whether it has escapes.
    case string(Range<Int>, escaped: Bool)
    /// A number: the byte range of its text.
    case number(Range<Int>)
    case bool(Bool)
    case null
    /// A nested object or array (not interpreted).
    case nested
}

/// Parses the top level of a JSON object held in `bytes`. Keys are decoded (they are not secret);
/// values are returned as ranges. Returns `nil` for anything that is not one well-formed JSON object.
func parseFlatJSONObject(_ bytes: UnsafeRawBufferPointer) -> [String: FlatJSONValue]? {
    var i = 0
    let n = bytes.count
    func skipSpace() { while i < n, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[i]) { i += 1 } }
    func parseString() -> (Range<Int>, Bool)? {
        guard i < n, bytes[i] == UInt8(ascii: "\"") else { return nil }
        i += 1
        let start = i
        var escaped = false
        while i < n {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                let range = start..<i
                i += 1
                return (range, escaped)
            }
            if c == UInt8(ascii: "\\") { escaped = true; i += 2; continue }
            if c < 0x20 { return nil }
            i += 1
        }
        return nil
    }
    func skipValue(depth: Int) -> FlatJSONValue? {
        guard depth < 64 else { return nil }
        skipSpace()
        guard i < n else { return nil }
        switch bytes[i] {
        case UInt8(ascii: "\""):
            guard let (r, e) = parseString() else { return nil }
            return .string(r, escaped: e)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let closing = bytes[i] == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
            let isObject = closing == UInt8(ascii: "}")
            i += 1
            skipSpace()
            if i < n, bytes[i] == closing { i += 1; return .nested }
            while true {
                if isObject {
                    skipSpace()
                    guard parseString() != nil else { return nil }
                    skipSpace()
                    guard i < n, bytes[i] == UInt8(ascii: ":") else { return nil }
                    i += 1
                }
                guard skipValue(depth: depth + 1) != nil else { return nil }
                skipSpace()
                guard i < n else { return nil }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == closing { i += 1; return .nested }
                return nil
            }
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            for (word, value) in [("true", FlatJSONValue.bool(true)), ("false", .bool(false)), ("null", .null)] {
                let w = Array(word.utf8)
                if i + w.count <= n, (0..<w.count).allSatisfy({ bytes[i + $0] == w[$0] }) {
                    i += w.count
                    return value
                }
            }
            return nil
        default:
            let start = i
            while i < n, (bytes[i] >= 48 && bytes[i] <= 57) || [UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[i]) {
                i += 1
            }
            return i > start ? .number(start..<i) : nil
        }
    }

    skipSpace()
    guard i < n, bytes[i] == UInt8(ascii: "{") else { return nil }
    i += 1
    var members: [String: FlatJSONValue] = [:]
    skipSpace()
    if i < n, bytes[i] == UInt8(ascii: "}") {
        i += 1
    } else {
        while true {
            skipSpace()
            guard let (keyRange, keyEscaped) = parseString(), !keyEscaped else { return nil }
            let key = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[keyRange]), as: UTF8.self)
            skipSpace()
            guard i < n, bytes[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            guard let value = skipValue(depth: 1) else { return nil }
            members[key] = value
            skipSpace()
            guard i < n else { return nil }
            if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
            if bytes[i] == UInt8(ascii: "}") { i += 1; break }
            return nil
        }
    }
    skipSpace()
    return i == n ? members : nil
}
