/// 5^q for q in ``range`` as a 128-bit significand and a power of two: 5^q ≈ `high:low` × 2^`binaryExponent`,
/// with `high`'s top bit set and the significand truncated (rounded toward zero). The table of
/// ``EiselLemire``.
///
/// Truncation is what ``EiselLemire`` relies on: the exact 5^q × 2^−`binaryExponent` lies in
/// [`high:low`, `high:low` + 1), and equals `high:low` exactly when q is in ``exactRange``.
///
/// The table is computed once, on first use, with exact multi-word integers (no digits to copy or
/// mistype): 5^q by repeated multiplication for q ≥ 0, and ⌊2^1024 / 5^n⌋ by repeated division for
/// q = −n (⌊⌊a / b⌋ / c⌋ = ⌊a / (b·c)⌋, so each division stays exact in the floor).
enum PowersOfFive {
    struct Entry {
        var high: UInt64
        var low: UInt64
        var binaryExponent: Int
    }

    /// Decimal exponents with an entry: beyond them every non-zero 19-digit mantissa underflows or
    /// overflows a double.
    static let range = -342...308

    /// Exponents whose 5^q fits in 128 bits, so the entry is exact.
    static let exactRange = 0...55

    /// `table[q - range.lowerBound]` describes 5^q.
    static let table: [Entry] = {
        var out = [Entry](repeating: Entry(high: 0, low: 0, binaryExponent: 0), count: range.count)
        // Negative exponents: ⌊2^k / 5^n⌋, k large enough that the quotient keeps more than 128 bits at n = 342.
        let k = 1024
        var quotient = [UInt64](repeating: 0, count: k / 64 + 1)
        quotient[k / 64] = 1
        for n in 1...(-range.lowerBound) {
            divide(&quotient, by: 5)
            let (high, low, shift) = top128(quotient)
            out[-n - range.lowerBound] = Entry(high: high, low: low, binaryExponent: shift - k)
        }
        // Non-negative exponents: 5^q exactly.
        var power: [UInt64] = [1]
        for q in 0...range.upperBound {
            if q > 0 { multiply(&power, by: 5) }
            let (high, low, shift) = top128(power)
            out[q - range.lowerBound] = Entry(high: high, low: low, binaryExponent: shift)
        }
        return out
    }()

    /// The top 128 bits of a non-zero little-endian multi-word integer `x`, and the shift: `x` ≈ bits × 2^shift
    /// (bits moved up, zero filled, when `x` is shorter than 128 bits; truncated when longer).
    static func top128(_ x: [UInt64]) -> (high: UInt64, low: UInt64, shift: Int) {
        var words = x
        while words.count > 1, words.last == 0 { words.removeLast() }
        let bitLength = words.count * 64 - words.last!.leadingZeroBitCount
        let shift = bitLength - 128
        // Bit i of the result is bit i + shift of x.
        func bit(_ i: Int) -> UInt64 {
            let j = i + shift
            guard j >= 0, j < bitLength else { return 0 }
            return words[j / 64] >> UInt64(j % 64) & 1
        }
        var high: UInt64 = 0, low: UInt64 = 0
        for i in 0..<64 {
            low |= bit(i) << UInt64(i)
            high |= bit(i + 64) << UInt64(i)
        }
        return (high, low, shift)
    }

    static func multiply(_ x: inout [UInt64], by m: UInt64) {
        var carry: UInt64 = 0
        for i in x.indices {
            let (high, low) = x[i].multipliedFullWidth(by: m)
            let (sum, overflow) = low.addingReportingOverflow(carry)
            x[i] = sum
            carry = high &+ (overflow ? 1 : 0)
        }
        if carry != 0 { x.append(carry) }
    }

    /// `x = ⌊x / d⌋`.
    static func divide(_ x: inout [UInt64], by d: UInt64) {
        var remainder: UInt64 = 0
        for i in x.indices.reversed() {
            let (q, r) = d.dividingFullWidth((high: remainder, low: x[i]))
            x[i] = q
            remainder = r
        }
    }
}
