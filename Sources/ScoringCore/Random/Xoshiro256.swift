import Foundation

/// The fast default generator: xoshiro256** (Blackman and Vigna), seeded through SplitMix64.
///
/// The 256-bit state is four `UInt64`s stored inline, so the value is trivially copyable, copies
/// are independent, and no call allocates. Seeding runs SplitMix64 from the 64-bit seed and takes
/// its first four outputs as the state (the seeding the xoshiro authors recommend; it never
/// yields the all-zero state in practice).
///
/// On top of the raw 64-bit words:
/// - ``random()`` is the top 53 bits scaled by 2⁻⁵³, so every value is a multiple of 2⁻⁵³ in `0 ..< 1`;
/// - ``randbelow(_:)`` is Lemire's multiply-and-reject method, exactly unbiased, and divides only
///   on the rare rejection path;
/// - ``gauss(_:_:)`` is Marsaglia's polar method (a Box–Muller variant without trigonometry),
///   which yields two independent variates per accepted pair; the second is cached.
///
/// The sequence is pinned by fixtures generated from the pure-Python definition in
/// `Scripts/fixtures/make_random_fixtures.py`, so it never changes silently. It is *not* the
/// CPython sequence; use ``PythonRandom`` to reproduce the reference implementation.
///
/// Use ``StreamSeed`` to derive seeds for independent streams (one per run and component), so that
/// results never depend on thread count or scheduling.
public struct Xoshiro256: RandomSource, Sendable, Equatable {
    @usableFromInline var s0: UInt64
    @usableFromInline var s1: UInt64
    @usableFromInline var s2: UInt64
    @usableFromInline var s3: UInt64
    @usableFromInline var gaussNext: Double?

    /// Seeds the state with the first four outputs of SplitMix64 started at `seed`.
    @inlinable
    public init(seed: UInt64) {
        var sm = SplitMix64(state: seed)
        s0 = sm.next()
        s1 = sm.next()
        s2 = sm.next()
        s3 = sm.next()
        gaussNext = nil
    }

    /// Seeds with the bit pattern of a signed seed (`Int` seeds from configs).
    @inlinable
    public init(seed: Int) {
        self.init(seed: UInt64(bitPattern: Int64(seed)))
    }

    /// Seeds with a derived stream seed.
    @inlinable
    public init(_ stream: StreamSeed) {
        self.init(seed: stream.value)
    }

    /// The next raw 64-bit output (the `**` scrambler).
    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        let result = _rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = _rotl(s3, 45)
        return result
    }

    /// A uniform double in `0 ..< 1`: the top 53 bits of one word times 2⁻⁵³.
    @inlinable @inline(__always)
    public mutating func random() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform integer in `0 ..< n`, exactly unbiased (Lemire, "Fast Random Integer Generation
    /// in an Interval", 2019).
    @inlinable @inline(__always)
    public mutating func randbelow(_ n: Int) -> Int {
        precondition(n > 0, "randbelow: n must be positive, got \(n)")
        let bound = UInt64(n)
        var m = next().multipliedFullWidth(by: bound)
        if _slowPath(m.low < bound) {
            let threshold = (0 &- bound) % bound
            while m.low < threshold {
                m = next().multipliedFullWidth(by: bound)
            }
        }
        return Int(m.high)
    }

    /// A normal variate with mean `mu` and standard deviation `sigma` (Marsaglia's polar method
    /// with the second variate cached).
    @inlinable @inline(__always)
    public mutating func gauss(_ mu: Double, _ sigma: Double) -> Double {
        if let z = gaussNext {
            gaussNext = nil
            return mu + z * sigma
        }
        var u: Double
        var v: Double
        var s: Double
        repeat {
            // Signed 53-bit uniforms in (-1, 1): two words, no division.
            u = Double(Int64(bitPattern: next()) >> 10) * 0x1.0p-53
            v = Double(Int64(bitPattern: next()) >> 10) * 0x1.0p-53
            s = u * u + v * v
        } while s >= 1.0 || s == 0.0
        let f = _polarFactor(s)
        gaussNext = v * f
        return mu + u * f * sigma
    }

    /// Advances the state by 2¹²⁸ draws: the xoshiro authors' `jump`, for 2¹²⁸ non-overlapping
    /// subsequences from one seed.
    public mutating func jump() {
        let table: [UInt64] = [0x180E_C6D3_3CFD_0ABA, 0xD5A6_1266_F0C9_392C, 0xA958_2618_E03F_C9AA, 0x39AB_DC45_29B1_661C]
        var t0: UInt64 = 0, t1: UInt64 = 0, t2: UInt64 = 0, t3: UInt64 = 0
        for word in table {
            for b in 0 ..< 64 {
                if word & (1 << UInt64(b)) != 0 {
                    t0 ^= s0
                    t1 ^= s1
                    t2 ^= s2
                    t3 ^= s3
                }
                _ = next()
            }
        }
        s0 = t0
        s1 = t1
        s2 = t2
        s3 = t3
        gaussNext = nil
    }
}

@inlinable @inline(__always)
func _rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
    (x << k) | (x >> (64 &- k))
}

/// `sqrt(-2·log(s)/s)` for the polar method, out of line so inlinable callers need not import libm.
@usableFromInline
func _polarFactor(_ s: Double) -> Double {
    (-2.0 * log(s) / s).squareRoot()
}

/// SplitMix64 (Steele, Lea and Flood): a 64-bit counter with a strong output mix.
///
/// Used to seed ``Xoshiro256`` and, through ``mix(_:)``, to hash values in ``StreamSeed``.
public struct SplitMix64: Sendable, Equatable {
    /// The counter; advanced by the golden gamma `0x9E3779B97F4A7C15` on each call.
    public var state: UInt64

    @inlinable
    public init(state: UInt64) {
        self.state = state
    }

    /// Advances the counter and returns the mixed output.
    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.finalize(state)
    }

    /// One SplitMix64 step from state `x`: `finalize(x + γ)`. A bijection on `UInt64`.
    @inlinable
    public static func mix(_ x: UInt64) -> UInt64 {
        finalize(x &+ 0x9E37_79B9_7F4A_7C15)
    }

    /// The output function (a variant of MurmurHash3's `fmix64`).
    @inlinable
    public static func finalize(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// `Xoshiro256` also drives the standard library's random APIs (`shuffled(using:)`,
/// `Int.random(in:using:)`); those use their own algorithms on top of ``Xoshiro256/next()``.
extension Xoshiro256: RandomNumberGenerator {}
