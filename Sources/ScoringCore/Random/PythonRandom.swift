import Foundation

/// CPython 3.11's `random.Random`, reproduced bit for bit: the `python-compat` generator.
///
/// The core is MT19937 seeded with `init_by_array` exactly as `random.Random(n)` seeds it for an
/// integer `n`: the key is the 32-bit words of `|n|`, least significant first (a single word 0
/// for `n == 0`), so `PythonRandom(seed: -7)` and `PythonRandom(seed: 7)` are the same stream,
/// and seeds of 2³² and above use two words. On top of the raw words:
/// - ``random()`` is `((w1 >> 5) * 2^26 + (w2 >> 6)) / 2^53`;
/// - ``getrandbits(_:)`` keeps the top `k` bits of a word (several words, least significant
///   first, for `k > 32`);
/// - ``randbelow(_:)`` draws `getrandbits(bit_length(n))` until the value is below `n`;
/// - ``gauss(_:_:)`` is CPython's Box–Muller with its cached second value (computed lazily);
///   ``discardGauss()`` advances as an ignored `gauss` call without evaluating libm.
///
/// The composite calls (`randint`, `choice`, `shuffle`, `sample`, `uniform`) come from
/// ``RandomSource`` and therefore consume draws exactly as CPython does.
///
/// ## Performance
/// The 624-word state lives in a heap buffer shared copy-on-write between copies of the value.
/// Only the twist (once every 624 words) writes to it, so the uniqueness check costs nothing on
/// the per-draw path, and no call allocates except the first twist after a copy.
public struct PythonRandom: RandomSource, Sendable {
    @inlinable static var n: Int { 624 }

    @usableFromInline var state: _MTState
    /// Next word to temper; `n` means a twist is due.
    @usableFromInline var index: Int
    /// CPython's `gauss_next`, kept lazily: 0 = none; 1 = the value `gaussA`; 2 = the raw uniforms
    /// `gaussA`, `gaussB` of a pair drawn by ``discardGauss()``, nothing computed yet. The value,
    /// once computed, is the one CPython caches, bit for bit; it is just not computed when nobody
    /// reads it.
    @usableFromInline var gaussState: UInt8
    @usableFromInline var gaussA: Double
    @usableFromInline var gaussB: Double

    /// Seeds the generator as `random.Random(seed)` does for an `int` seed.
    ///
    /// Negative seeds use their magnitude (CPython seeds with `abs(n)`).
    public init(seed: Int) {
        let magnitude = seed.magnitude
        let low = UInt32(truncatingIfNeeded: magnitude)
        let high = UInt32(truncatingIfNeeded: magnitude >> 32)
        self.init(key: high == 0 ? [low] : [low, high])
    }

    /// Seeds the generator with CPython's `init_by_array` over an explicit key.
    ///
    /// `random.Random(n)` for a non-negative integer `n` uses the 32-bit words of `n`, least
    /// significant first; this initializer accepts such a key for integers of any size.
    ///
    /// - Parameter key: The key words; an empty key is treated as `[0]`, as CPython does.
    public init(key: [UInt32]) {
        state = _MTState()
        index = Self.n
        gaussState = 0
        gaussA = 0
        gaussB = 0
        state.seed(key: key.isEmpty ? [0] : key)
    }

    /// The next raw 32-bit output of MT19937 (CPython's `genrand_uint32`).
    @inlinable @inline(__always)
    public mutating func nextUInt32() -> UInt32 {
        if _slowPath(index >= Self.n) {
            twist()
        }
        let y = state.output[index]
        index &+= 1
        return y
    }

    /// Regenerates the 624 state words; copies the buffer first if another value shares it.
    @usableFromInline
    mutating func twist() {
        if !isKnownUniquelyReferenced(&state) {
            state = state.copy()
        }
        state.twist()
        index = 0
    }

    /// A uniform double in `0 ..< 1` with 53 random bits, from two words (CPython's `random()`).
    @inlinable @inline(__always)
    public mutating func random() -> Double {
        let a = nextUInt32() >> 5
        let b = nextUInt32() >> 6
        return (Double(a) * 67_108_864.0 + Double(b)) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// An integer with `k` random bits, as CPython's `getrandbits(k)` builds it.
    ///
    /// For `k <= 32` this is the top `k` bits of one word. For larger `k` CPython fills 32-bit
    /// words from the least significant end, each from one draw, the last keeping only its top
    /// bits. `getrandbits(0)` returns 0 without drawing.
    ///
    /// - Parameter k: The number of bits, `0 ... 64`.
    @inlinable
    public mutating func getrandbits(_ k: Int) -> UInt64 {
        precondition(k >= 0 && k <= 64, "getrandbits: k = \(k) outside 0...64")
        if k <= 32 {
            if k == 0 { return 0 }
            return UInt64(nextUInt32() >> UInt32(32 - k))
        }
        let low = UInt64(nextUInt32())
        let high = UInt64(nextUInt32() >> UInt32(64 - k))
        return low | (high << 32)
    }

    /// A uniform integer in `0 ..< n`: `getrandbits(bit_length(n))`, redrawn until below `n`
    /// (CPython's `_randbelow_with_getrandbits`).
    @inlinable @inline(__always)
    public mutating func randbelow(_ n: Int) -> Int {
        precondition(n > 0, "randbelow: n must be positive, got \(n)")
        let k = Int.bitWidth - n.leadingZeroBitCount
        if k <= 32 {
            let shift = UInt32(32 - k)
            let bound = UInt32(truncatingIfNeeded: n)
            var r = nextUInt32() >> shift
            while r >= bound {
                r = nextUInt32() >> shift
            }
            return Int(r)
        }
        let bound = UInt64(n)
        var r = getrandbits(k)
        while r >= bound {
            r = getrandbits(k)
        }
        return Int(r)
    }

    /// A normal variate (CPython's `gauss`): Box–Muller producing two values per pair of
    /// ``random()`` draws, the second cached for the next call.
    ///
    /// On a miss it computes `x = random() * 2π`, `r = sqrt(-2 * log(1 - random()))`, returns
    /// `mu + cos(x) * r * sigma` and caches `sin(x) * r`; on a hit it returns
    /// `mu + cached * sigma` and clears the cache. The cache belongs to the generator value and
    /// survives other calls in between, as in CPython. Uses the platform libm, like CPython.
    @inlinable @inline(__always)
    public mutating func gauss(_ mu: Double, _ sigma: Double) -> Double {
        switch gaussState {
        case 1:
            gaussState = 0
            return mu + gaussA * sigma
        case 2:
            gaussState = 0
            return mu + _pythonGaussSecondFromUniforms(gaussA, gaussB) * sigma
        default:
            let u1 = random()
            let u2 = random()
            let pair = _pythonGaussBoth(u1, u2)
            gaussState = 1
            gaussA = pair.second
            return mu + pair.first * sigma
        }
    }

    /// Advances the generator exactly as a ``gauss(_:_:)`` call whose result is ignored: the same
    /// words are drawn and the cache ends in the same state, but no logarithm or trigonometric
    /// function is evaluated (a cached second value is computed only if a later ``gauss(_:_:)``
    /// reads it). For the reference's draws whose values it never uses.
    @inlinable @inline(__always)
    public mutating func discardGauss() {
        if gaussState != 0 {
            gaussState = 0
            return
        }
        gaussA = random()
        gaussB = random()
        gaussState = 2
    }
}

/// CPython's whole Box–Muller step: `(cos(x)·r, sin(x)·r)` with `x = u1·2π` and
/// `r = sqrt(−2·log(1 − u2))`, using glibc's `sincos` when present (one call instead of two;
/// glibc's `sincos` runs the same code as its `sin` and `cos`, and gives identical results —
/// checked on 5·10⁷ angles in [0, 2π) — and the parity fixtures check the end result).
@usableFromInline
func _pythonGaussBoth(_ u1: Double, _ u2: Double) -> (first: Double, second: Double) {
    let x2pi = u1 * (2.0 * Double.pi)
    let g2rad = (-2.0 * log(1.0 - u2)).squareRoot()
    if let sincos = _sincos {
        var s = 0.0
        var c = 0.0
        sincos(x2pi, &s, &c)
        return (c * g2rad, s * g2rad)
    }
    return (cos(x2pi) * g2rad, sin(x2pi) * g2rad)
}

/// glibc's `sincos` (a GNU extension the Glibc module does not export), looked up once.
let _sincos: (@convention(c) (Double, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) -> Void)? = {
    #if os(Linux)
    guard let p = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sincos") else { return nil }
    return unsafeBitCast(p, to: (@convention(c) (Double, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) -> Void).self)
    #else
    return nil
    #endif
}()

/// CPython's cached second value `sin(x)·r` from the pair's two uniforms.
@usableFromInline
func _pythonGaussSecondFromUniforms(_ u1: Double, _ u2: Double) -> Double {
    let x2pi = u1 * (2.0 * Double.pi)
    let g2rad = (-2.0 * log(1.0 - u2)).squareRoot()
    return sin(x2pi) * g2rad
}

/// The 624-word MT19937 state of a ``PythonRandom``, in one fixed heap buffer.
///
/// `@unchecked Sendable`: the buffer is written only by `seed` (before the value escapes) and by
/// `twist`, which ``PythonRandom`` calls only after `isKnownUniquelyReferenced` proved that no
/// other value — and so no other thread — can see this instance. Shared instances are read-only.
@usableFromInline
final class _MTState: @unchecked Sendable {
    static let n = 624
    static let m = 397

    @usableFromInline let words: UnsafeMutablePointer<UInt32>
    /// The tempered outputs of the current block of 624 words (CPython's `genrand_uint32` results),
    /// computed by ``twist()`` in one vectorisable pass.
    @usableFromInline let output: UnsafeMutablePointer<UInt32>

    @usableFromInline
    init() {
        words = .allocate(capacity: Self.n)
        words.initialize(repeating: 0, count: Self.n)
        output = .allocate(capacity: Self.n)
        output.initialize(repeating: 0, count: Self.n)
    }

    deinit {
        words.deallocate()
        output.deallocate()
    }

    func copy() -> _MTState {
        let other = _MTState()
        other.words.update(from: words, count: Self.n)
        return other
    }

    /// CPython's `init_genrand`.
    func seed(_ s: UInt32) {
        let mt = words
        mt[0] = s
        for i in 1 ..< Self.n {
            let prev = mt[i - 1]
            mt[i] = 1_812_433_253 &* (prev ^ (prev >> 30)) &+ UInt32(truncatingIfNeeded: i)
        }
    }

    /// `init_genrand(19650218)`, where every `init_by_array` starts.
    static let initialState: [UInt32] = {
        let state = _MTState()
        state.seed(19_650_218)
        return Array(UnsafeBufferPointer(start: state.words, count: n))
    }()

    /// CPython's `init_by_array`.
    func seed(key: [UInt32]) {
        let n = Self.n
        let mt = words
        // `init_genrand(19650218)`, the same every time: copied from a table made once.
        Self.initialState.withUnsafeBufferPointer { mt.update(from: $0.baseAddress!, count: n) }
        var i = 1
        var j = 0
        var k = max(n, key.count)
        while k > 0 {
            let prev = mt[i - 1]
            mt[i] = (mt[i] ^ ((prev ^ (prev >> 30)) &* 1_664_525)) &+ key[j] &+ UInt32(truncatingIfNeeded: j)
            i += 1
            j += 1
            if i >= n {
                mt[0] = mt[n - 1]
                i = 1
            }
            if j >= key.count { j = 0 }
            k -= 1
        }
        k = n - 1
        while k > 0 {
            let prev = mt[i - 1]
            mt[i] = (mt[i] ^ ((prev ^ (prev >> 30)) &* 1_566_083_941)) &- UInt32(truncatingIfNeeded: i)
            i += 1
            if i >= n {
                mt[0] = mt[n - 1]
                i = 1
            }
            k -= 1
        }
        mt[0] = 0x8000_0000
    }

    /// Generates the next 624 words in place (the first half of CPython's `genrand_uint32`) and
    /// their tempered outputs.
    @usableFromInline
    func twist() {
        let n = Self.n
        let m = Self.m
        let mt = words
        @inline(__always) func mix(_ a: UInt32, _ b: UInt32, _ c: UInt32) -> UInt32 {
            let y = (a & 0x8000_0000) | (b & 0x7FFF_FFFF)
            return c ^ (y >> 1) ^ ((0 &- (y & 1)) & 0x9908_B0DF)
        }
        var kk = 0
        while kk < n - m {
            mt[kk] = mix(mt[kk], mt[kk + 1], mt[kk + m])
            kk += 1
        }
        while kk < n - 1 {
            mt[kk] = mix(mt[kk], mt[kk + 1], mt[kk + m - n])
            kk += 1
        }
        mt[n - 1] = mix(mt[n - 1], mt[0], mt[m - 1])
        // Tempering (the second half of `genrand_uint32`), for the whole block.
        let out = output
        for i in 0..<n {
            var y = mt[i]
            y ^= y >> 11
            y ^= (y << 7) & 0x9D2C_5680
            y ^= (y << 15) & 0xEFC6_0000
            y ^= y >> 18
            out[i] = y
        }
    }
}
