import Foundation

/// Small helpers for writing HTML and SVG text: escaping and number formatting.
enum HTML {
    /// Escapes text for use in element content and in double-quoted attribute values.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Text that is safe inside a `<script type="application/json">` element: `<` is written as
    /// `\u003c`, so no `</script>` or `<!--` can appear.
    static func scriptSafeJSON(_ json: String) -> String {
        json.replacingOccurrences(of: "<", with: "\\u003c")
    }

    /// A number with a fixed count of decimals (`12.3457`); non-finite values print as `–`.
    static func fixed(_ x: Double, _ digits: Int) -> String {
        guard x.isFinite else { return "–" }
        let s = String(format: "%.\(digits)f", x)
        return s == "-" + String(format: "%.\(digits)f", 0.0) ? String(format: "%.\(digits)f", 0.0) : s
    }

    /// A number as a percentage with one decimal (`0.4567` → `45.7 %`).
    static func percent(_ x: Double) -> String { fixed(x * 100, 1) + "\u{202F}%" }

    /// The exact value of `x` as the simulator's JSON writes it (shortest round-trip form), for
    /// `data-value` attributes that tests and sorting read back.
    static func exact(_ x: Double) -> String { x.isFinite ? x.description : "NaN" }

    /// A compact number for axis ticks (`0`, `0.25`, `1.5k`, `2M`).
    static func tick(_ x: Double) -> String {
        let a = abs(x)
        if a >= 1_000_000 { return trim(fixed(x / 1_000_000, 2)) + "M" }
        if a >= 10_000 { return trim(fixed(x / 1_000, 1)) + "k" }
        if a == 0 { return "0" }
        if a >= 100 { return trim(fixed(x, 0)) }
        if a >= 1 { return trim(fixed(x, 2)) }
        return trim(fixed(x, 3))
    }

    private static func trim(_ s: String) -> String {
        guard s.contains(".") else { return s }
        var t = s
        while t.hasSuffix("0") { t.removeLast() }
        if t.hasSuffix(".") { t.removeLast() }
        return t
    }

    /// An identifier made from arbitrary text, safe for `id` attributes and CSS selectors.
    static func slug(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            if CharacterSet.alphanumerics.contains(c), c.isASCII { out.unicodeScalars.append(c) } else { out += "-" }
        }
        return out.isEmpty ? "x" : out
    }
}
