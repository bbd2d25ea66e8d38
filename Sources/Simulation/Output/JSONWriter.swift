/// A small, fast JSON text builder for reports (keys in the order written, compact form).
///
/// Numbers print as Swift's shortest round-trip form (`90.0`, `0.066667`, `5e-06`), which parses
/// back to the same double, as Python's `repr` does; integral doubles keep their `.0`.
struct JSONWriter {
    var text = ""
    private var needsComma = false

    mutating func beginObject() { separator(); text += "{"; needsComma = false }
    mutating func endObject() { text += "}"; needsComma = true }
    mutating func beginArray() { separator(); text += "["; needsComma = false }
    mutating func endArray() { text += "]"; needsComma = true }

    mutating func key(_ k: String) {
        separator()
        text += "\""
        text += k
        text += "\":"
        needsComma = false
    }

    mutating func value(_ d: Double) { separator(); text += Self.number(d); needsComma = true }
    mutating func value(_ i: Int) { separator(); text += String(i); needsComma = true }
    mutating func value(_ s: String) { separator(); text += Self.quoted(s); needsComma = true }
    mutating func value(_ b: Bool) { separator(); text += b ? "true" : "false"; needsComma = true }
    /// Inserts already-rendered JSON.
    mutating func raw(_ json: String) { separator(); text += json; needsComma = true }

    mutating func field(_ k: String, _ d: Double) { key(k); value(d) }
    mutating func field(_ k: String, _ i: Int) { key(k); value(i) }
    mutating func field(_ k: String, _ s: String) { key(k); value(s) }
    mutating func field(_ k: String, _ b: Bool) { key(k); value(b) }
    /// A stake or other amount: an integer when integral (as the reference prints stakes).
    mutating func amount(_ k: String, _ d: Double) {
        key(k)
        if d == d.rounded(), abs(d) < 1e15 { value(Int(d)) } else { value(d) }
    }

    private mutating func separator() {
        if needsComma { text += "," }
    }

    static func number(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        return d.description
    }

    static func quoted(_ s: String) -> String {
        var needsEscape = false
        for u in s.utf8 where u < 0x20 || u == 0x22 || u == 0x5C { needsEscape = true; break }
        if !needsEscape { return "\"" + s + "\"" }
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
