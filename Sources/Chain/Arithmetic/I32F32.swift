/// substrate_fixed's `I32F32` (v0.6.0, the version subtensor 14bc6f9f9 pins): a signed 64-bit integer
/// holding the value × 2³².
///
/// The rounding and saturation follow that crate and subtensor's `safe_math`, which is what makes
/// `arithmetic: fixed` bit-exact:
/// - `saturatingMul`: the 128-bit product shifted right by 32 (rounds toward −∞), clamped.
/// - `checkedDiv`: `(a << 32) / b` in 128 bits, truncated toward zero; `nil` on a zero divisor or
///   when the quotient leaves 64 bits. `safeDiv` is subtensor's `safe_div`: 0 in both cases.
/// - `saturatingDiv`: the same quotient, clamped on overflow.
/// - `fromU16` is exact; `proportionToU16` is `fixed_proportion_to_u16` (× 65535, then the integer
///   part, saturating into u16).
struct I32F32: Hashable, Comparable, Sendable {
    var bits: Int64

    init(bits: Int64) { self.bits = bits }

    static let zero = I32F32(bits: 0)
    static let one = I32F32(bits: 1 << 32)
    static let max = I32F32(bits: .max)
    static let min = I32F32(bits: .min)
    static let u16Max = I32F32(integer: 65535)

    init(integer: Int64) { bits = integer << 32 }

    /// `from_num(f64)`: nearest representable value, ties to even (exact for values the chain feeds in).
    init(_ value: Double) {
        let scaled = (value * 4_294_967_296.0).rounded(.toNearestOrEven)
        if scaled >= 9.223372036854775807e18 { bits = .max } else if scaled <= -9.223372036854775808e18 { bits = .min } else { bits = Int64(scaled) }
    }

    var doubleValue: Double { Double(bits) / 4_294_967_296.0 }

    static func < (a: I32F32, b: I32F32) -> Bool { a.bits < b.bits }

    @inline(__always) static func saturatingAdd(_ a: I32F32, _ b: I32F32) -> I32F32 {
        let (r, o) = a.bits.addingReportingOverflow(b.bits)
        if !o { return I32F32(bits: r) }
        return b.bits > 0 ? .max : .min
    }

    @inline(__always) static func saturatingSub(_ a: I32F32, _ b: I32F32) -> I32F32 {
        let (r, o) = a.bits.subtractingReportingOverflow(b.bits)
        if !o { return I32F32(bits: r) }
        return b.bits < 0 ? .max : .min
    }

    @inline(__always) static func saturatingMul(_ a: I32F32, _ b: I32F32) -> I32F32 {
        // The 128-bit product p = high·2⁶⁴ + low; p >> 32 (toward −∞) = high·2³² + low >> 32, which
        // fits in 64 bits exactly when −2³¹ ≤ high < 2³¹.
        let (high, low) = a.bits.multipliedFullWidth(by: b.bits)
        if high >= 1 << 31 { return .max }
        if high < -(1 << 31) { return .min }
        return I32F32(bits: (high << 32) | Int64(bitPattern: low >> 32))
    }

    static func checkedDiv(_ a: I32F32, _ b: I32F32) -> I32F32? { Divisor(b).quotient(a) }

    /// A divisor prepared once for many quotients (a row or column total divides every entry of
    /// it): its magnitude, sign and a Double reciprocal. ``quotient(_:)`` is `checkedDiv`, exactly.
    struct Divisor: Sendable {
        let magnitude: UInt64
        let negative: Bool
        /// 2³² / |b| in Double, for the estimate.
        let reciprocal: Double

        @inline(__always) init(_ b: I32F32) {
            magnitude = b.bits.magnitude
            negative = b.bits < 0
            reciprocal = magnitude == 0 ? 0 : 4_294_967_296.0 / Double(magnitude)
        }

        /// `(a << 32) / b` truncated toward zero, `nil` for a zero divisor or a quotient outside 64 bits.
        /// The quotient of the magnitudes is estimated in Double (|a| · 2³²/|b|, off by at most one
        /// while it stays below 2⁵⁰, which proportions always do) and corrected exactly with one
        /// 64 × 64 → 128-bit product; larger quotients take the plain 128-bit division.
        @inline(__always) func quotient(_ a: I32F32) -> I32F32? {
            let ub = magnitude
            if ub == 0 { return nil }
            let ua = a.bits.magnitude
            // Double(|a|) through the signed conversion (rounding to nearest is symmetric).
            let estimate = Double(a.bits).magnitude * reciprocal
            var q: UInt128
            if estimate < 1.125899906842624e15 {
                // The conversion truncates: the floor of a non-negative estimate.
                // Wrapping operators: nothing here leaves 128 bits (n < 2⁹⁶, q·d < 2¹¹⁴).
                let n = UInt128(ua) << 32, d = UInt128(ub)
                q = UInt128(UInt64(bitPattern: Int64(estimate)))
                var product = q &* d
                while product > n { q &-= 1; product &-= d }
                while n &- product >= d { q &+= 1; product &+= d }
            } else {
                q = (UInt128(ua) << 32) / UInt128(ub)
            }
            if (a.bits < 0) != negative {
                if q > UInt128(Int64.max) + 1 { return nil }
                return I32F32(bits: q == UInt128(Int64.max) + 1 ? .min : -Int64(q))
            }
            if q > UInt128(Int64.max) { return nil }
            return I32F32(bits: Int64(q))
        }
    }

    /// The reference quotient (plain 128-bit division), for tests of ``checkedDiv(_:_:)``.
    static func checkedDivReference(_ a: I32F32, _ b: I32F32) -> I32F32? {
        if b.bits == 0 { return nil }
        let q = (Int128(a.bits) << 32) / Int128(b.bits)
        if q > Int128(Int64.max) || q < Int128(Int64.min) { return nil }
        return I32F32(bits: Int64(q))
    }

    /// subtensor's `safe_div`: 0 for a zero divisor or an overflowing quotient.
    static func safeDiv(_ a: I32F32, _ b: I32F32) -> I32F32 { checkedDiv(a, b) ?? .zero }

    static func saturatingDiv(_ a: I32F32, _ b: I32F32) -> I32F32 {
        if let q = checkedDiv(a, b) { return q }
        return (a.bits < 0) != (b.bits < 0) ? .min : .max
    }

    /// `saturating_to_num::<u16>()`: the integer part (toward −∞), clamped to 0…65535.
    var saturatingU16: UInt16 {
        let integer = bits >> 32
        if integer < 0 { return 0 }
        if integer > 65535 { return 65535 }
        return UInt16(integer)
    }

    /// `fixed_proportion_to_u16`.
    var proportionToU16: UInt16 { I32F32.saturatingMul(self, .u16Max).saturatingU16 }

    /// `u16_proportion_to_fixed` / `fixed_to_fixed_u16_proportion` of an integer u16.
    static func proportion(_ x: UInt16) -> I32F32 { u16MaxDivisor.quotient(I32F32(integer: Int64(x))) ?? .zero }
    static let u16MaxDivisor = Divisor(.u16Max)

    /// `round()` of substrate_fixed: to nearest, ties away from zero.
    var roundedAwayFromZero: I32F32 {
        let half: Int64 = 1 << 31
        let frac = bits & 0xFFFF_FFFF
        let floor = bits - frac
        if bits >= 0 { return I32F32(bits: frac >= half ? floor &+ (1 << 32) : floor) }
        return I32F32(bits: frac > half ? floor &+ (1 << 32) : floor)
    }

    /// substrate_fixed `transcendental::exp` for I32F32 → I32F32: `Ok(1)` at 0, the 23-bit `E` at 1,
    /// otherwise the Taylor series `1 + x + Σ_{i=2}^{31} xⁱ/i!` on |x| with checked multiply and
    /// divide (rounding as above), inverted for negative x; `nil` where the crate returns `Err`.
    static func exp(_ x: I32F32) -> I32F32? {
        if x.bits == 0 { return .one }
        if x == .one { return I32F32(bits: eBits) }
        var operand = x
        let negative = x.bits < 0
        if negative {
            if x.bits == .min { return nil }
            operand = I32F32(bits: -x.bits)
        }
        let (start, o) = operand.bits.addingReportingOverflow(I32F32.one.bits)
        if o { return nil }
        var result = I32F32(bits: start)
        var term = operand
        let divisors = taylorDivisors
        for i in 2..<32 {
            guard let t = checkedMul(term, operand) else { return nil }
            // checked_div by the integer i: (t·2³²) / (i·2³²) truncated toward zero is ⌊t / i⌋
            // (t ≥ 0), which cannot overflow for i ≥ 2.
            term = I32F32(bits: Int64(bitPattern: divisors[i].quotient(UInt64(bitPattern: t.bits))))
            // The operand is positive, so every term is ≥ 0; once one is 0 the rest are 0 and
            // leave the sum as it is.
            if term.bits == 0 { break }
            let (r, o2) = result.bits.addingReportingOverflow(term.bits)
            if o2 { return nil }
            result = I32F32(bits: r)
        }
        if negative { return checkedDiv(.one, result) }
        return result
    }

    @inline(__always) static func checkedMul(_ a: I32F32, _ b: I32F32) -> I32F32? {
        // The 128-bit product shifted right by 32 (toward −∞) fits in 64 bits exactly when
        // −2³¹ ≤ high < 2³¹ (see saturatingMul).
        let (high, low) = a.bits.multipliedFullWidth(by: b.bits)
        if high >= 1 << 31 || high < -(1 << 31) { return nil }
        return I32F32(bits: (high << 32) | Int64(bitPattern: low >> 32))
    }

    /// ⌊t / d⌋ for 0 ≤ t < 2⁶³ and a fixed d ≥ 2 by one multiply (Granlund & Montgomery 1994,
    /// Theorem 4.2, for 63-bit numerators): with ℓ = ⌈log₂ d⌉ and m = ⌊2⁶³⁺ℓ / d⌋ + 1 < 2⁶⁴,
    /// ⌊t·m / 2⁶³⁺ℓ⌋ = ⌊t / d⌋. The exp series divides by 2…31 thirty times per call.
    struct SmallDivisor: Sendable {
        let magic: UInt64
        let shift: UInt64

        init(_ d: Int) {
            precondition(d >= 2)
            let l = UInt64(Int.bitWidth - (d - 1).leadingZeroBitCount)
            magic = UInt64((UInt128(1) << (63 + l)) / UInt128(d) + 1)
            shift = l - 1
        }

        @inline(__always) func quotient(_ t: UInt64) -> UInt64 {
            t.multipliedFullWidth(by: magic).high >> shift
        }
    }

    /// ``SmallDivisor`` for 2…31 (indexes 0 and 1 unused).
    static let taylorDivisors: [SmallDivisor] = (0..<32).map { SmallDivisor(Swift.max($0, 2)) }

    /// substrate_fixed's `E` as `I9F23` (`consts::E` shifted right by 103 bits), widened to 32 fractional bits.
    static let eBits: Int64 = {
        // consts::E is U2F126 0xADF8_5458_A2BB_4A9A_AFDC_5620_273D_3CF1; >> 103 keeps its top 25 bits.
        let e: UInt128 = 0xADF8_5458_A2BB_4A9A_AFDC_5620_273D_3CF1
        return Int64(e >> 103) << 9
    }()

    /// subtensor's `exp_safe`: input clamped to [−20, 20]; an `Err` becomes 0 (input ≤ 0) or the maximum.
    static func expSafe(_ input: I32F32) -> I32F32 {
        let lo = I32F32(integer: -20), hi = I32F32(integer: 20)
        var safe = input
        if input < lo { safe = lo } else if hi < input { safe = hi }
        if let v = exp(safe) { return v }
        return safe.bits <= 0 ? .zero : .max
    }
}
