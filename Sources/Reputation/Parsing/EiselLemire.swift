/// The double nearest to w × 10^q (ties to even, as `strtod` rounds) for a decimal mantissa of at most
/// 19 digits, by the Eisel–Lemire method: one 64 × 128-bit product with a truncated power of five
/// (``PowersOfFive``), or nil in the rare cases that product cannot decide.
///
/// Why the answer is correctly rounded. Let T be the table's significand of 5^q, w' = w shifted so its top
/// bit is set, and P = w' × T (192 bits). The exact product X = w' × 5^q × 2^−e lies in [P, P + w') ⊂
/// [P, P + 2^64), and X = P exactly when T is exact (q in ``PowersOfFive/exactRange``). The double's
/// 53 bits and the rounding bit are the top 54 bits of X. They are the top 54 bits of P unless adding
/// less than 2^64 carries into them, which needs every bit of P between them and bit 64 to be one: then
/// the answer is nil. Otherwise, when T is inexact, X > P, so some bit below the rounding bit is set
/// and X is never exactly halfway; when T is exact the remaining bits of P are X's own. A result that
/// would be subnormal, or too large for a double, is nil too (`strtod` decides those).
///
/// The caller has to give the mantissa exactly (at most 19 significant digits, so below 10^19 < 2^64).
enum EiselLemire {
    static func double(mantissa w: UInt64, exponent q: Int, negative: Bool) -> Double? {
        if w == 0 { return negative ? -0.0 : 0.0 }
        guard PowersOfFive.range.contains(q) else { return nil }
        let power = PowersOfFive.table[q - PowersOfFive.range.lowerBound]
        let shift = w.leadingZeroBitCount
        let normalized = w << UInt64(shift)
        // P = normalized × (power.high : power.low), as words hi : mid : lo.
        let upper = normalized.multipliedFullWidth(by: power.high)
        let lower = normalized.multipliedFullWidth(by: power.low)
        let (mid, carry) = upper.low.addingReportingOverflow(lower.high)
        let hi = upper.high &+ (carry ? 1 : 0)  // P < 2^192: no carry out of hi
        let lo = lower.low
        // The top 54 bits of P start at bit 191 or 190; `below` are hi's bits under them.
        let top = Int(hi >> 63)
        let belowCount = 9 + top
        let belowMask: UInt64 = (1 << UInt64(belowCount)) - 1
        let below = hi & belowMask
        let exact = PowersOfFive.exactRange.contains(q)
        if !exact && below == belowMask && mid == .max { return nil }
        let roundBit = (hi >> UInt64(belowCount)) & 1
        var significand = hi >> UInt64(belowCount + 1)
        let sticky = !exact || below != 0 || mid != 0 || lo != 0
        if roundBit == 1 && (sticky || significand & 1 == 1) { significand += 1 }
        // X ≈ significand × 2^(129 + belowCount) in P's units; w × 10^q = P × 2^(binaryExponent + q − shift).
        var e = 129 + belowCount + power.binaryExponent + q - shift
        if significand == 1 << 53 {
            significand = 1 << 52
            e += 1
        }
        // significand × 2^e with significand in [2^52, 2^53): normal when −1074 ≤ e ≤ 971.
        guard e >= -1074, e <= 971 else { return nil }
        let bits = UInt64(e + 1075) << 52 | significand & ((1 << 52) - 1)
        return Double(bitPattern: bits | (negative ? 1 << 63 : 0))
    }
}
