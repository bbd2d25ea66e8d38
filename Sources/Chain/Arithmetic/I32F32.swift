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

    static func saturatingAdd(_ a: I32F32, _ b: I32F32) -> I32F32 {
        let (r, o) = a.bits.addingReportingOverflow(b.bits)
        if !o { return I32F32(bits: r) }
        return b.bits > 0 ? .max : .min
    }

    static func saturatingSub(_ a: I32F32, _ b: I32F32) -> I32F32 {
        let (r, o) = a.bits.subtractingReportingOverflow(b.bits)
        if !o { return I32F32(bits: r) }
        return b.bits < 0 ? .max : .min
    }

    static func saturatingMul(_ a: I32F32, _ b: I32F32) -> I32F32 {
        let p = Int128(a.bits) * Int128(b.bits)
        let shifted = p >> 32
        if shifted > Int128(Int64.max) { return .max }
        if shifted < Int128(Int64.min) { return .min }
        return I32F32(bits: Int64(shifted))
    }

    static func checkedDiv(_ a: I32F32, _ b: I32F32) -> I32F32? {
        if b.bits == 0 { return nil }
        // |a|·2³² / |b| truncated, estimated in Double and corrected exactly in 128-bit integers
        // (the estimate is off by at most one or two while the quotient stays below 2⁵⁰, which
        // proportions always do; larger quotients take the plain 128-bit division).
        let ua = a.bits.magnitude, ub = b.bits.magnitude
        let estimate = (Double(ua) * 4_294_967_296.0 / Double(ub)).rounded(.down)
        var q: UInt128
        if estimate < 1.125899906842624e15 {
            let n = UInt128(ua) << 32, d = UInt128(ub)
            q = UInt128(UInt64(estimate))
            var product = q * d
            while product > n { q -= 1; product -= d }
            while n - product >= d { q += 1; product += d }
        } else {
            q = (UInt128(ua) << 32) / UInt128(ub)
        }
        let negative = (a.bits < 0) != (b.bits < 0)
        if negative {
            if q > UInt128(Int64.max) + 1 { return nil }
            return I32F32(bits: q == UInt128(Int64.max) + 1 ? .min : -Int64(q))
        }
        if q > UInt128(Int64.max) { return nil }
        return I32F32(bits: Int64(q))
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
    static func proportion(_ x: UInt16) -> I32F32 { safeDiv(I32F32(integer: Int64(x)), .u16Max) }

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
        for i in 2..<32 {
            guard let t = checkedMul(term, operand) else { return nil }
            guard let d = checkedDiv(t, I32F32(integer: Int64(i))) else { return nil }
            term = d
            let (r, o2) = result.bits.addingReportingOverflow(term.bits)
            if o2 { return nil }
            result = I32F32(bits: r)
        }
        if negative { return checkedDiv(.one, result) }
        return result
    }

    static func checkedMul(_ a: I32F32, _ b: I32F32) -> I32F32? {
        let p = (Int128(a.bits) * Int128(b.bits)) >> 32
        if p > Int128(Int64.max) || p < Int128(Int64.min) { return nil }
        return I32F32(bits: Int64(p))
    }

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
