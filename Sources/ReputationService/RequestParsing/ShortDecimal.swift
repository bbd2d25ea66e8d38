/// Exact conversion of short JSON decimals to `Double` without `strtod` (Clinger's fast path).
///
/// A number `±m × 10^e` whose digit string `m` (the digits before and after the point, as one
/// integer) is below 2^53 and whose power `|e|` is at most 22 converts exactly: `Double(m)` and
/// `10^|e|` are both exact doubles, so `Double(m) * 10^e` (or `/ 10^-e`) involves a single IEEE
/// rounding of the exact product or quotient — which is by definition the correctly rounded value,
/// the one `strtod` (and so `JSONDecoder`) returns. The sign is applied last, so `-0`, `-0.0` and
/// `-0e5` are negative zero, as `strtod` reads them.
///
/// Anything else (more than 15 significant digits, larger powers) returns nil, and the caller falls
/// back to `strtod`.
enum ShortDecimal {
    /// 10^0 … 10^22, each exact (5^22 < 2^53), built by exact multiplications.
    private static let powersOfTen: [Double] = {
        var out: [Double] = [1]
        for _ in 1...22 { out.append(out[out.count - 1] * 10) }
        return out
    }()

    /// The largest digit string accumulated before another digit: `m * 10 + 9` stays below 2^53.
    private static let mantissaLimit: UInt64 = ((1 << 53) - 9) / 10

    /// The value of `text`, which must already match strict JSON number grammar
    /// (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`); nil when the fast path does not apply.
    static func value(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        var k = 0
        let end = text.count
        guard end > 0 else { return nil }
        let negative = text[0] == UInt8(ascii: "-")
        if negative { k = 1 }
        var mantissa: UInt64 = 0
        var scale = 0
        var fraction = false
        while k < end {
            let c = text[k]
            if c == UInt8(ascii: ".") {
                fraction = true
            } else if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                break
            } else {
                guard mantissa <= mantissaLimit else { return nil }
                mantissa = mantissa * 10 + UInt64(c &- UInt8(ascii: "0"))
                if fraction { scale -= 1 }
            }
            k += 1
        }
        if k < end { // exponent: `e`, optional sign, digits
            k += 1
            var exponentNegative = false
            if text[k] == UInt8(ascii: "+") {
                k += 1
            } else if text[k] == UInt8(ascii: "-") {
                exponentNegative = true
                k += 1
            }
            var exponent = 0
            while k < end {
                guard exponent < 1000 else { return nil }
                exponent = exponent * 10 + Int(text[k] &- UInt8(ascii: "0"))
                k += 1
            }
            scale += exponentNegative ? -exponent : exponent
        }
        guard scale >= -22, scale <= 22 else { return nil }
        var value = Double(mantissa)
        if scale > 0 {
            value *= powersOfTen[scale]
        } else if scale < 0 {
            value /= powersOfTen[-scale]
        }
        return negative ? -value : value
    }
}
