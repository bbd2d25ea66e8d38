/// The number type an epoch runs in: ``I32F32`` (`arithmetic: fixed`, bit-exact to subtensor) or
/// `Double` (`arithmetic: float`, for sweeps). The epoch is written once, generic over this protocol,
/// so both arithmetics run the same steps in the same order.
///
/// Where they differ: `fixed` rounds every product toward −∞ and every quotient toward zero at 2⁻³²,
/// saturates instead of overflowing, normalises stake in I64F64 and splits emission in I96F32 with
/// the chain's integer truncation; `float` rounds to nearest at Double precision, divides by a
/// total (normalising a row, a column or a vector) by multiplying with the total's reciprocal, and
/// its emission amounts are not truncated to whole units. Both truncate to u16 where the chain stores u16
/// (bonds carried between epochs, stored outputs), so they carry the same state almost always.
protocol YumaArithmetic: Comparable, Sendable {
    static var zero: Self { get }
    static var one: Self { get }
    /// The integer `x` (`saturating_from_num(u16)`).
    static func integer(_ x: Int64) -> Self
    /// `x / 65535` (`u16_proportion_to_fixed`).
    static func proportion(_ x: UInt16) -> Self
    /// `fixed_proportion_to_u16`: `x × 65535`, integer part, clamped to u16.
    var proportionToU16: UInt16 { get }
    /// A constant given as a Double (`from_num`), e.g. 0.5.
    static func constant(_ x: Double) -> Self
    var doubleValue: Double { get }

    static func add(_ a: Self, _ b: Self) -> Self
    static func sub(_ a: Self, _ b: Self) -> Self
    static func mul(_ a: Self, _ b: Self) -> Self
    /// 0 when `b` is 0 (or, in fixed point, when the quotient overflows).
    static func safeDiv(_ a: Self, _ b: Self) -> Self
    static func saturatingDiv(_ a: Self, _ b: Self) -> Self
    /// A divisor prepared for many quotients (a row or column total).
    associatedtype Divisor: Sendable
    static func divisor(_ b: Self) -> Divisor
    /// `safeDiv(a, b)` for the `b` the divisor was prepared from: exactly in fixed point; in float,
    /// `a` times `b`'s reciprocal (within an ulp of the quotient, and 0 when `b` is 0).
    static func divide(_ a: Self, by d: Divisor) -> Self
    /// subtensor's `exp_safe` (input clamped to [−20, 20]).
    static func expSafe(_ x: Self) -> Self

    /// The smaller of two values that are ≥ 0, with no branch (clipping compares weights with
    /// their median, which goes either way at random).
    static func lesser(_ a: Self, _ b: Self) -> Self
    /// The larger of two values that are ≥ 0, with no branch.
    static func greater(_ a: Self, _ b: Self) -> Self

    /// An unsigned key in the values' order (`a < b` exactly when `a.orderKey < b.orderKey`, equal
    /// values equal keys): the weighted median partitions on integer comparisons, which the
    /// compiler turns into flags, not branches on the data.
    var orderKey: UInt64 { get }

    /// `1 − bonds_moving_average / 10⁶`, computed as subtensor does (I64F64 quotient, then I32F32).
    static func emaAlpha(bondsMovingAverage: UInt64) -> Self
    /// Stake normalised to sum 1 (subtensor: I64F64 `inplace_normalize_64`, then I32F32).
    static func normalizedStake(_ stakes: [Double]) -> [Self]
    /// Emission amounts from normalised shares (subtensor: I96F32 product, truncated to an integer).
    static func amounts(_ shares: [Self], emission: Double) -> [Double]
}

extension I32F32: YumaArithmetic {
    static func integer(_ x: Int64) -> I32F32 { I32F32(integer: x) }
    static func constant(_ x: Double) -> I32F32 { I32F32(x) }
    @inline(__always) static func add(_ a: I32F32, _ b: I32F32) -> I32F32 { saturatingAdd(a, b) }
    @inline(__always) static func sub(_ a: I32F32, _ b: I32F32) -> I32F32 { saturatingSub(a, b) }
    @inline(__always) static func mul(_ a: I32F32, _ b: I32F32) -> I32F32 { saturatingMul(a, b) }
    @inline(__always) static func divisor(_ b: I32F32) -> Divisor { Divisor(b) }
    @inline(__always) static func divide(_ a: I32F32, by d: Divisor) -> I32F32 { d.quotient(a) ?? .zero }
    @inline(__always) static func lesser(_ a: I32F32, _ b: I32F32) -> I32F32 { I32F32(bits: Swift.min(a.bits, b.bits)) }
    @inline(__always) static func greater(_ a: I32F32, _ b: I32F32) -> I32F32 { I32F32(bits: Swift.max(a.bits, b.bits)) }
    /// Two's complement with the sign bit flipped: unsigned order is signed order.
    @inline(__always) var orderKey: UInt64 { UInt64(bitPattern: bits) ^ (1 << 63) }

    static func emaAlpha(bondsMovingAverage: UInt64) -> I32F32 {
        // I64F64(bma) / I64F64(1_000_000): (bma << 64) / 10⁶ truncated, then to I32F32 by dropping 32 bits.
        let q = (UInt128(bondsMovingAverage) << 64) / 1_000_000
        let asFixed32 = Int64(clamping: q >> 32)
        return saturatingSub(.one, I32F32(bits: asFixed32))
    }

    static func normalizedStake(_ stakes: [Double]) -> [I32F32] {
        FixedStake.normalized(stakes)
    }

    static func amounts(_ shares: [I32F32], emission: Double) -> [Double] {
        FixedStake.emissionAmounts(shares, emission: emission)
    }
}

extension Double: YumaArithmetic {
    static var one: Double { 1 }
    @inline(__always) static func integer(_ x: Int64) -> Double { Double(x) }
    @inline(__always) static func proportion(_ x: UInt16) -> Double { Double(x) / 65535 }
    var proportionToU16: UInt16 {
        // The integer part (the floor of a value ≥ 0) of x × 65535 clamped to [0, 65535] (NaN to 0),
        // with no branch and no checked conversion: the nearest integer by the 2⁵² shift (its low
        // bits), less one where that rounded up.
        let scaled = self * 65535
        let v = Swift.min(scaled > 0 ? scaled : 0, 65535)
        let shifted = v + 0x1p52
        let nearest = shifted - 0x1p52
        let whole = UInt32(truncatingIfNeeded: shifted.bitPattern)
        return UInt16(truncatingIfNeeded: whole &- (nearest > v ? 1 : 0))
    }
    static func constant(_ x: Double) -> Double { x }
    var doubleValue: Double { self }
    @inline(__always) static func add(_ a: Double, _ b: Double) -> Double { a + b }
    @inline(__always) static func sub(_ a: Double, _ b: Double) -> Double { a - b }
    @inline(__always) static func mul(_ a: Double, _ b: Double) -> Double { a * b }
    @inline(__always) static func safeDiv(_ a: Double, _ b: Double) -> Double { b == 0 ? 0 : a / b }
    @inline(__always) static func saturatingDiv(_ a: Double, _ b: Double) -> Double { b == 0 ? 0 : a / b }
    /// The reciprocal, 0 for 0: normalising divides once per total, not once per entry (a division
    /// costs several multiplications, and a dense epoch divides millions of entries).
    @inline(__always) static func divisor(_ b: Double) -> Double { b == 0 ? 0 : 1 / b }
    @inline(__always) static func divide(_ a: Double, by d: Double) -> Double { a * d }
    static func expSafe(_ x: Double) -> Double { Double.exp(Swift.min(Swift.max(x, -20), 20)) }
    /// On the bits, which order values ≥ 0 as the values (an integer select; a select of doubles
    /// becomes a branch on x86-64's baseline).
    @inline(__always) static func lesser(_ a: Double, _ b: Double) -> Double {
        Double(bitPattern: Swift.min(a.bitPattern, b.bitPattern))
    }
    @inline(__always) static func greater(_ a: Double, _ b: Double) -> Double {
        Double(bitPattern: Swift.max(a.bitPattern, b.bitPattern))
    }
    /// IEEE order as unsigned integers: a non-negative value's bits with the sign bit set, a negative
    /// value's bits inverted; −0 is first made +0 (adding +0), so the two zeros share a key. NaN has
    /// no place in the order (the epoch never compares one).
    @inline(__always) var orderKey: UInt64 {
        let b = (self + 0).bitPattern
        return b ^ (UInt64(bitPattern: Int64(bitPattern: b) >> 63) | (1 << 63))
    }
    static func emaAlpha(bondsMovingAverage: UInt64) -> Double { 1 - Double(bondsMovingAverage) / 1_000_000 }
    static func normalizedStake(_ stakes: [Double]) -> [Double] {
        let total = stakes.reduce(0, +)
        return total == 0 ? stakes : stakes.map { $0 / total }
    }
    static func amounts(_ shares: [Double], emission: Double) -> [Double] { shares.map { $0 * emission } }
}

extension Double {
    /// e^x from basic operations only (so every platform gives the same bits), within about two
    /// ulps: x = k·ln 2 + r with |r| ≤ ln 2 / 2 (Cody–Waite: ln 2 in two parts, so r is exact to
    /// about 2⁻⁸⁵), e^r as its Taylor polynomial of degree 13 (the next term is below 10⁻¹⁷ of the
    /// result) evaluated by Estrin's scheme (pairs, then powers r², r⁴, r⁸: a short dependency
    /// chain instead of Horner's thirteen steps), then scaled by 2^k. No division and no
    /// data-dependent branch: liquid alpha calls it for every bond of every epoch. Valid for
    /// |x| ≤ 700 (liquid alpha passes |x| ≤ 20).
    static func exp(_ x: Double) -> Double {
        let ln2Hi = 0.693147180369123816490, ln2Lo = 1.90821492927058770002e-10
        let invLn2 = 1.44269504088896338700
        // Nearest integer to x / ln 2 (ties to even) by the 1.5·2⁵² shift, exact for |x / ln 2| < 2⁵¹.
        let shift = 0x1.8p52
        let k = (x * invLn2 + shift) - shift
        let r = (x - k * ln2Hi) - k * ln2Lo
        let r2 = r * r, r4 = r2 * r2, r8 = r4 * r4
        // 1/n! for n = 0…13, two by two.
        let a0 = 1.0 + r, a1 = 1.0 / 2 + r * (1.0 / 6), a2 = 1.0 / 24 + r * (1.0 / 120)
        let a3 = 1.0 / 720 + r * (1.0 / 5040), a4 = 1.0 / 40320 + r * (1.0 / 362880)
        let a5 = 1.0 / 3628800 + r * (1.0 / 39916800), a6 = 1.0 / 479001600 + r * (1.0 / 6227020800)
        let b0 = a0 + a1 * r2, b1 = a2 + a3 * r2, b2 = a4 + a5 * r2
        let er = (b0 + b1 * r4) + (b2 + a6 * r4) * r8
        return er * Double(bitPattern: UInt64(1023 + Int(k)) << 52)
    }
}
