/// Decimal text of numbers appended to a byte buffer, as Swift's `description` writes them.
///
/// Reported numbers are mostly `round(x, 6)` results: doubles nearest to `n / 10⁶` for an integer
/// `n`. For `10⁻³ ≤ |x| < 10⁹` their shortest round-trip form is the digits of `n` with trailing
/// zeros dropped (a spacing below 10⁻⁶ leaves no shorter decimal that reads back as `x`), which is
/// what `description` prints; it is written here without making a `String`. Every other double
/// (non-finite, tiny, huge or not a 6-decimal value) goes through `description`.
enum DecimalText {
    /// Appends `d` exactly as `d.description` would write it.
    static func append(_ d: Double, to out: inout [UInt8]) {
        let a = d.magnitude
        if a >= 1e-3 && a < 1e9 {
            let n = (a * 1e6).rounded()
            if n / 1e6 == a {
                let whole = Int(n)
                if d < 0 { out.append(UInt8(ascii: "-")) }
                append(whole / 1_000_000, to: &out)
                out.append(UInt8(ascii: "."))
                var fraction = whole % 1_000_000
                if fraction == 0 {
                    out.append(UInt8(ascii: "0"))
                    return
                }
                var digits = 6
                while fraction % 10 == 0 { fraction /= 10; digits -= 1 }
                let start = out.count
                for _ in 0..<digits { out.append(UInt8(ascii: "0")) }
                var i = out.count - 1
                while i >= start {
                    out[i] = UInt8(ascii: "0") + UInt8(fraction % 10)
                    fraction /= 10
                    i -= 1
                }
                return
            }
        }
        out.append(contentsOf: d.description.utf8)
    }

    /// Appends the decimal digits of `i` (with a `-` when negative), as `String(i)` writes them.
    static func append(_ i: Int, to out: inout [UInt8]) {
        if i < 0 {
            guard i != .min else { out.append(contentsOf: String(i).utf8); return }
            out.append(UInt8(ascii: "-"))
        }
        var v = i.magnitude
        let start = out.count
        repeat {
            out.append(UInt8(ascii: "0") + UInt8(v % 10))
            v /= 10
        } while v > 0
        out[start...].reverse()
    }
}
