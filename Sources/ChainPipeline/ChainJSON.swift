import ScoringCore

/// A compact JSON text builder for the chain outputs (keys in the order written). Numbers print
/// as Swift's shortest round-trip form, which parses back to the same double.
struct ChainJSON {
    var text = ""
    private var needsComma = false

    mutating func beginObject() { separator(); text += "{"; needsComma = false }
    mutating func endObject() { text += "}"; needsComma = true }
    mutating func beginArray() { separator(); text += "["; needsComma = false }
    mutating func endArray() { text += "]"; needsComma = true }
    mutating func key(_ k: String) { separator(); text += ConfigNode.jsonQuoted(k) + ":"; needsComma = false }
    mutating func value(_ d: Double) { separator(); text += d.isFinite ? d.description : "null"; needsComma = true }
    mutating func value(_ i: Int) { separator(); text += String(i); needsComma = true }
    mutating func value(_ s: String) { separator(); text += ConfigNode.jsonQuoted(s); needsComma = true }
    mutating func value(_ b: Bool) { separator(); text += b ? "true" : "false"; needsComma = true }
    mutating func raw(_ json: String) { separator(); text += json; needsComma = true }
    mutating func field(_ k: String, _ d: Double) { key(k); value(d) }
    mutating func field(_ k: String, _ i: Int) { key(k); value(i) }
    mutating func field(_ k: String, _ s: String) { key(k); value(s) }
    mutating func array(_ k: String, _ xs: [Double]) { key(k); beginArray(); for x in xs { value(x) }; endArray() }
    mutating func array(_ k: String, _ xs: [Int]) { key(k); beginArray(); for x in xs { value(x) }; endArray() }
    mutating func array(_ k: String, _ xs: [String]) { key(k); beginArray(); for x in xs { value(x) }; endArray() }
    mutating func array(_ k: String, _ xs: [Bool]) { key(k); beginArray(); for x in xs { value(x) }; endArray() }

    private mutating func separator() { if needsComma { text += "," } }
}
