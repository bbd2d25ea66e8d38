/// A 64-bit seed for one independent random stream, derived from `(seed, run, component)`.
///
/// A simulation gives every component its own generator — the task generator, each miner, each
/// validator, each Monte Carlo run — seeded from the run's master seed through a stable hash, so
/// results never depend on thread count, scheduling or the order in which components are created.
///
/// The derivation is fixed and documented so other implementations can reproduce it:
/// ```
/// absorb(h, x) = SplitMix64.mix(h ^ x)            // mix(y) = finalize(y + 0x9E3779B97F4A7C15)
/// h = absorb(0x5EED5EED5EED5EED, UInt64(bitPattern: seed))
/// h = absorb(h, UInt64(bitPattern: run))
/// value = absorb(h, fnv1a64(component.utf8))       // FNV-1a, 64-bit, over the UTF-8 bytes
/// ```
/// ``derived(_:)`` repeats the last step with a further component name, for nested streams.
///
/// ```swift
/// let seed = StreamSeed(seed: 42, run: 3, component: "miner/m-007")
/// var rng = Xoshiro256(seed)
/// ```
public struct StreamSeed: Hashable, Sendable, CustomStringConvertible {
    /// The derived 64-bit seed.
    public let value: UInt64

    /// Wraps an already-derived seed.
    @inlinable
    public init(value: UInt64) {
        self.value = value
    }

    /// Derives the seed of `component`'s stream in run `run` of a simulation seeded with `seed`.
    @inlinable
    public init(seed: Int, run: Int = 0, component: String) {
        var h = Self.absorb(Self.root, UInt64(bitPattern: Int64(seed)))
        h = Self.absorb(h, UInt64(bitPattern: Int64(run)))
        value = Self.absorb(h, Self.fnv1a64(component))
    }

    /// The seed of a sub-stream of this one, named `component`.
    @inlinable
    public func derived(_ component: String) -> StreamSeed {
        StreamSeed(value: Self.absorb(value, Self.fnv1a64(component)))
    }

    /// The seed of the `index`-th sub-stream of this one (for numbered components).
    @inlinable
    public func derived(index: Int) -> StreamSeed {
        StreamSeed(value: Self.absorb(value, UInt64(bitPattern: Int64(index))))
    }

    public var description: String {
        "StreamSeed(0x" + String(value, radix: 16) + ")"
    }

    @inlinable static var root: UInt64 { 0x5EED_5EED_5EED_5EED }

    @inlinable
    static func absorb(_ h: UInt64, _ x: UInt64) -> UInt64 {
        SplitMix64.mix(h ^ x)
    }

    /// 64-bit FNV-1a over the UTF-8 bytes of `text`.
    @inlinable
    public static func fnv1a64(_ text: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h &*= 0x0000_0100_0000_01B3
        }
        return h
    }
}
