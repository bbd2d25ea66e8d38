#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import Chain

/// The exp series of liquid alpha, against the crate's loop written out term by term: every
/// multiply and divide checked in 128 bits, 30 terms always (the reference), for fixed; and, for
/// float, the platform's `exp`.
struct ExpSeriesTests {
    /// substrate_fixed's `exp` with no shortcut: checked 128-bit product and quotient for each of
    /// the 30 terms.
    static func referenceExp(_ x: I32F32) -> I32F32? {
        if x.bits == 0 { return .one }
        if x == .one { return I32F32(bits: I32F32.eBits) }
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
            let p = (Int128(term.bits) * Int128(operand.bits)) >> 32
            if p > Int128(Int64.max) || p < Int128(Int64.min) { return nil }
            guard let d = I32F32.checkedDivReference(I32F32(bits: Int64(p)), I32F32(integer: Int64(i))) else { return nil }
            term = d
            let (r, o2) = result.bits.addingReportingOverflow(term.bits)
            if o2 { return nil }
            result = I32F32(bits: r)
        }
        if negative { return I32F32.checkedDivReference(.one, result) }
        return result
    }

    @Test func fixedExpIsTheCratesLoopBitForBit() {
        var rng = SystemRandomNumberGenerator()
        // Liquid alpha's range (|steepness/100 · (x − ½)| with the default steepness is ≤ 5), the
        // clamp of exp_safe, and the overflow edge of the series.
        var inputs: [I32F32] = [.zero, .one, I32F32(integer: -1), I32F32(integer: 5), I32F32(integer: -5),
                                I32F32(integer: 20), I32F32(integer: -20), I32F32(integer: 21), I32F32(integer: 22),
                                I32F32(bits: 1), I32F32(bits: -1), .max, .min]
        for _ in 0..<20_000 { inputs.append(I32F32(bits: Int64.random(in: -(20 << 32)...(20 << 32), using: &rng))) }
        for _ in 0..<2_000 { inputs.append(I32F32(bits: Int64.random(in: -(30 << 32)...(30 << 32), using: &rng))) }
        for x in inputs {
            #expect(I32F32.exp(x) == Self.referenceExp(x), "exp(\(x.bits))")
        }
    }

    @Test func smallDivisorIsTheTruncatedQuotient() {
        var rng = SystemRandomNumberGenerator()
        for d in 2..<32 {
            let divisor = I32F32.SmallDivisor(d)
            var numerators: [UInt64] = [0, 1, UInt64(d) - 1, UInt64(d), UInt64(d) + 1, UInt64(Int64.max), UInt64(Int64.max) - UInt64(d)]
            for _ in 0..<2_000 { numerators.append(UInt64.random(in: 0...UInt64(Int64.max), using: &rng)) }
            for t in numerators { #expect(divisor.quotient(t) == t / UInt64(d), "\(t) / \(d)") }
        }
    }

    /// The float exp (basic operations only, no division) against the platform's `exp`: within
    /// two ulps over liquid alpha's range and beyond, exact at 0, and increasing.
    static func platformExp(_ x: Double) -> Double {
        #if canImport(Glibc)
        Glibc.exp(x)
        #else
        Darwin.exp(x)
        #endif
    }

    @Test func floatExpIsWithinTwoUlpsOfThePlatformsExp() {
        var rng = SystemRandomNumberGenerator()
        var inputs: [Double] = [0, 1, -1, 5, -5, 20, -20, 0.3465735902799726, -0.3465735902799726, 1e-300, -1e-17,
                                0.34657359027997264, -0.34657359027997264, 0.5, -0.5, 700, -700]
        for _ in 0..<100_000 { inputs.append(Double.random(in: -20...20, using: &rng)) }
        for _ in 0..<10_000 { inputs.append(Double.random(in: -700...700, using: &rng)) }
        for x in inputs {
            let ours = Double.exp(x), platform = Self.platformExp(x)
            #expect(abs(ours - platform) <= 2 * platform.ulp, "exp(\(x)): \(ours) against \(platform)")
        }
        #expect(Double.exp(0) == 1)
        var previous = Double.exp(-20)
        for i in 1...40_000 {
            let value = Double.exp(-20 + Double(i) / 1_000)
            #expect(value >= previous, "exp is not increasing at \(-20 + Double(i) / 1_000)")
            previous = value
        }
    }
}
