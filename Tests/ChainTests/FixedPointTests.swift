import Testing
@testable import Chain

/// substrate_fixed's I32F32 rounding and saturation, against values worked out by hand.
struct FixedPointTests {
    @Test func multiplicationRoundsTowardNegativeInfinity() {
        let half = I32F32(0.5)
        #expect(I32F32.saturatingMul(I32F32(bits: 1), half).bits == 0)
        #expect(I32F32.saturatingMul(I32F32(bits: -1), half).bits == -1)
        #expect(I32F32.saturatingMul(I32F32(integer: 3), I32F32(integer: 4)) == I32F32(integer: 12))
        #expect(I32F32.saturatingMul(I32F32(integer: 1 << 30), I32F32(integer: 4)) == .max)
        #expect(I32F32.saturatingMul(I32F32(integer: -(1 << 30)), I32F32(integer: 4)) == .min)
    }

    @Test func divisionTruncatesTowardZeroAndSafeDivIsZeroOnZero() {
        // 1/3 = ⌊2³²/3⌋ / 2³²; −1/3 truncates toward zero.
        #expect(I32F32.safeDiv(.one, I32F32(integer: 3)).bits == 1_431_655_765)
        #expect(I32F32.safeDiv(I32F32(integer: -1), I32F32(integer: 3)).bits == -1_431_655_765)
        #expect(I32F32.safeDiv(.one, .zero) == .zero)
        // Overflowing quotient: safe_div gives 0, saturating_div the maximum.
        #expect(I32F32.safeDiv(I32F32(integer: 1 << 30), I32F32(bits: 1)) == .zero)
        #expect(I32F32.saturatingDiv(I32F32(integer: 1 << 30), I32F32(bits: 1)) == .max)
    }

    @Test func u16Conversions() {
        #expect(I32F32.one.proportionToU16 == 65535)
        #expect(I32F32.proportion(32767).bits == Int64((UInt128(32767) << 32) / 65535))
        // ⌊0.5 × 65535⌋ = 32767.
        #expect(I32F32(0.5).proportionToU16 == 32767)
        // set_alpha_values_32(0.1, 0.3) stores ⌊from_num(x) × 65535⌋.
        #expect(I32F32.saturatingMul(I32F32(0.1), .u16Max).saturatingU16 == 6553)
        #expect(I32F32.saturatingMul(I32F32(0.3), .u16Max).saturatingU16 == 19660)
    }

    @Test func roundIsHalfAwayFromZero() {
        #expect(I32F32(2.5).roundedAwayFromZero == I32F32(integer: 3))
        #expect(I32F32(2.4999).roundedAwayFromZero == I32F32(integer: 2))
        #expect(I32F32(-2.5).roundedAwayFromZero == I32F32(integer: -3))
    }

    @Test func expFollowsTheCrate() {
        // exp(1) is the crate's E as I9F23: ⌊e·2²³⌋ = 22,802,600 (consts::E >> 103), widened; exp(0) = 1.
        #expect(I32F32.exp(.one)!.bits == 22_802_600 << 9)
        #expect(I32F32.exp(.zero) == .one)
        for x in [-20.0, -5, -1.25, -0.5, 0.25, 0.5, 2, 5, 10] {
            let ours = I32F32.expSafe(I32F32(x)).doubleValue
            #expect(abs(ours - Double.exp(x)) <= 1e-6 * Swift.max(1, Double.exp(x)), "exp(\(x)) = \(ours)")
        }
        #expect(I32F32.expSafe(I32F32(integer: 100)) == I32F32.expSafe(I32F32(integer: 20)))
    }

    @Test func emaAlphaFromBondsMovingAverage() {
        // 1 − 900000/10⁶ = 0.1 up to I64F64→I32F32 truncation.
        let a = I32F32.emaAlpha(bondsMovingAverage: 900_000)
        #expect(abs(a.doubleValue - 0.1) < 1e-9)
        #expect(I32F32.emaAlpha(bondsMovingAverage: 0) == .one)
    }

    @Test func stakeNormalisationInI64F64() {
        let s = FixedStake.normalized([1, 2, 3, 4, 0])
        // 1/10 in I64F64 is ⌊2⁶⁴/10⌋, then its top 32 fractional bits.
        #expect(s[0].bits == Int64(((UInt128(1) << 64) / 10) >> 32))
        #expect(s[3].bits == Int64(((UInt128(4) << 64) / 10) >> 32))
        #expect(s[4] == .zero)
        #expect(FixedStake.normalized([0, 0]) == [.zero, .zero])
        #expect(FixedStake.normalized([5]) == [.one])
    }

    @Test func emissionAmountsTruncateLikeI96F32() {
        // 0.5 × 10⁹ exactly; a share of one ulp × 10⁹ truncates to 0.
        #expect(FixedStake.emissionAmounts([I32F32(0.5), I32F32(bits: 1)], emission: 1e9) == [5e8, 0])
    }

    @Test func setWeightsMaxUpscale() {
        #expect(ChainWeightStorage.maxUpscale([16383, 32767, 49149, 65535]) == [16383, 32767, 49149, 65535])
        #expect(ChainWeightStorage.maxUpscale([32767, 0, 32767]) == [65535, 0, 65535])
        #expect(ChainWeightStorage.maxUpscale([1, 2]) == [32768, 65535])
        #expect(ChainWeightStorage.maxUpscale([0, 0]) == [0, 0])
        #expect(ChainWeightStorage.maxUpscale([]) == [])
    }
}

extension FixedPointTests {
    /// The fast quotient (Double estimate, exact correction) equals the plain 128-bit division.
    @Test func fastDivisionEqualsReference() {
        var state: UInt64 = 0x1234_5678_9ABC_DEF0
        func next() -> UInt64 { state = state &* 6364136223846793005 &+ 1442695040888963407; return state }
        var mismatches: [String] = []
        for k in 0..<200_000 {
            let shiftA = Int(next() % 64), shiftB = Int(next() % 64)
            var a = Int64(bitPattern: next()) >> shiftA
            var b = Int64(bitPattern: next()) >> shiftB
            if k % 7 == 0 { a = a.magnitude > 1 << 40 ? a >> 20 : a; b = b | 1 }
            if b == 0 { b = 1 }
            let x = I32F32(bits: a), y = I32F32(bits: b)
            if I32F32.checkedDiv(x, y) != I32F32.checkedDivReference(x, y), mismatches.count < 5 { mismatches.append("\(a) / \(b)") }
        }
        #expect(mismatches.isEmpty, "\(mismatches)")
        #expect(I32F32.checkedDiv(I32F32(bits: .min), I32F32(bits: -1)) == nil)
        #expect(I32F32.checkedDiv(I32F32(bits: .min), .one) == I32F32(bits: .min))
    }
}
