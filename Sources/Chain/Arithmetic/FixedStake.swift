/// The two places subtensor leaves I32F32: stake normalisation in `I64F64` (value × 2⁶⁴ in 128 bits)
/// and the emission amounts in `I96F32`. Only non-negative values occur in both, so they are held
/// as `UInt128`.
enum FixedStake {
    /// `I64F64::saturating_from_num(stake)` (nearest, ties to even), the sum, `safe_div` of each by the
    /// sum (truncated), then `I32F32::saturating_from_num` (drops 32 fractional bits, toward −∞).
    static func normalized(_ stakes: [Double]) -> [I32F32] {
        let bits: [UInt128] = stakes.map(i64f64Bits)
        var total: UInt128 = 0
        for b in bits {
            let (s, o) = total.addingReportingOverflow(b)
            total = o ? .max : s
        }
        if total == 0 { return stakes.map { _ in .zero } }
        return bits.map { b in I32F32(bits: Int64(quotientOfFraction32(b, total))) }
    }

    static func i64f64Bits(_ x: Double) -> UInt128 {
        guard x > 0 else { return 0 }
        let scaled = (x * 18_446_744_073_709_551_616.0).rounded(.toNearestOrEven)
        if scaled >= 1.7014118346046923e38 { return UInt128(Int128.max) }
        return UInt128(scaled)
    }

    /// ⌊a · 2³² / b⌋ for 0 ≤ a ≤ b: the I64F64 quotient ⌊a · 2⁶⁴ / b⌋ with its 32 lowest bits
    /// dropped (the I32F32 conversion), which is the same number. One 128-bit division while
    /// a · 2³² fits in 128 bits (totals below 2⁹⁶, i.e. below 2³² whole units), else 32 steps of
    /// long division.
    static func quotientOfFraction32(_ a: UInt128, _ b: UInt128) -> UInt128 {
        if a >= b { return a == b ? (1 << 32) : 0 }
        if b <= UInt128(1) << 96 { return (a << 32) / b }
        return longDivision(a, b, fractionBits: 32)
    }

    /// ⌊a · 2⁶⁴ / b⌋ for 0 ≤ a ≤ b (the I64F64 quotient of a part by its total), by long division
    /// (the reference for ``quotientOfFraction32(_:_:)``).
    static func quotientOfFraction(_ a: UInt128, _ b: UInt128) -> UInt128 {
        if a >= b { return a == b ? (1 << 64) : 0 }
        return longDivision(a, b, fractionBits: 64)
    }

    /// ⌊a · 2^fractionBits / b⌋ for 0 ≤ a < b, one bit per step.
    private static func longDivision(_ a: UInt128, _ b: UInt128, fractionBits: Int) -> UInt128 {
        var rem = a
        var q: UInt128 = 0
        for _ in 0..<fractionBits {
            // rem < b ≤ 2¹²⁷, so doubling cannot overflow.
            rem <<= 1
            q <<= 1
            if rem >= b {
                rem -= b
                q |= 1
            }
        }
        return q
    }

    /// `I96F32::saturating_from_num(share) × I96F32::saturating_from_num(emission)`, then
    /// `saturating_to_num::<u64>()`, when the emission is a whole number of units (rao) as on chain.
    /// A fractional emission (e.g. TAO) is multiplied in Double instead and not truncated.
    static func emissionAmounts(_ shares: [I32F32], emission: Double) -> [Double] {
        guard emission >= 0, emission.rounded(.towardZero) == emission, emission < 1.8446744073709552e19 else {
            return shares.map { $0.doubleValue * emission }
        }
        let e = UInt128(UInt64(emission))
        return shares.map { share in
            guard share.bits > 0 else { return 0 }
            let product = (UInt128(UInt64(share.bits)) * e) >> 32
            return Double(product > UInt128(UInt64.max) ? UInt64.max : UInt64(product))
        }
    }
}
