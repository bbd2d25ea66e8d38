/// A small, fast JSON text builder for reports (keys in the order written, compact form), writing
/// UTF-8 bytes into one buffer that can be reused (``removeAll()``).
///
/// Numbers print as Swift's shortest round-trip form (`90.0`, `0.066667`, `5e-06`), which parses
/// back to the same double, as Python's `repr` does; integral doubles keep their `.0`
/// (``DecimalText``). Non-finite numbers print as `null`.
struct JSONWriter {
    var bytes: [UInt8] = []
    private var needsComma = false

    /// The text written so far.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Empties the buffer, keeping its capacity.
    mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        needsComma = false
    }

    mutating func beginObject() { separator(); bytes.append(UInt8(ascii: "{")); needsComma = false }
    mutating func endObject() { bytes.append(UInt8(ascii: "}")); needsComma = true }
    mutating func beginArray() { separator(); bytes.append(UInt8(ascii: "[")); needsComma = false }
    mutating func endArray() { bytes.append(UInt8(ascii: "]")); needsComma = true }

    mutating func key(_ k: String) {
        separator()
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: k.utf8)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    mutating func value(_ d: Double) {
        separator()
        if d.isFinite { DecimalText.append(d, to: &bytes) } else { bytes.append(contentsOf: "null".utf8) }
        needsComma = true
    }
    mutating func value(_ i: Int) { separator(); DecimalText.append(i, to: &bytes); needsComma = true }
    mutating func value(_ s: String) { separator(); Self.appendQuoted(s, to: &bytes); needsComma = true }
    mutating func value(_ b: Bool) { separator(); bytes.append(contentsOf: (b ? "true" : "false").utf8); needsComma = true }
    /// Inserts already-rendered JSON.
    mutating func raw(_ json: String) { separator(); bytes.append(contentsOf: json.utf8); needsComma = true }
    /// Inserts already-rendered JSON bytes (a quoted string made once with ``quoted(_:)``, say).
    mutating func raw(_ json: [UInt8]) { separator(); bytes.append(contentsOf: json); needsComma = true }

    mutating func field(_ k: String, _ d: Double) { key(k); value(d) }
    mutating func field(_ k: String, _ i: Int) { key(k); value(i) }
    mutating func field(_ k: String, _ s: String) { key(k); value(s) }
    mutating func field(_ k: String, _ b: Bool) { key(k); value(b) }
    mutating func field(_ k: String, raw json: [UInt8]) { key(k); raw(json) }
    /// A stake or other amount: an integer when integral (as the reference prints stakes).
    mutating func amount(_ k: String, _ d: Double) {
        key(k)
        if d == d.rounded(), abs(d) < 1e15 { value(Int(d)) } else { value(d) }
    }

    private mutating func separator() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    static func number(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        return d.description
    }

    /// `s` as a JSON string literal.
    static func quoted(_ s: String) -> [UInt8] {
        var out: [UInt8] = []
        appendQuoted(s, to: &out)
        return out
    }

    /// Appends `s` as a JSON string literal: `"` and `\` escaped, `\n`, `\r`, `\t` and other control
    /// characters as escapes (`\u001f`), everything else as its UTF-8 bytes.
    static func appendQuoted(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for u in s.utf8 {
            switch u {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                        hex[Int(u >> 4)], hex[Int(u & 15)]])
            default: out.append(u)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
