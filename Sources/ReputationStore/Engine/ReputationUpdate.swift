import Foundation
public import ScoringCore

extension ComponentKind {
    /// ``ReputationUpdate`` implementations: the steps of a reputation engine pass.
    public static let reputationUpdate = ComponentKind(rawValue: "reputation-update")
}

/// One step of a reputation engine pass: turns the period's inputs into a miner's new score.
///
/// An engine pass runs its updates in the configured order; each sees the score the previous ones
/// left. Implementers must guarantee:
/// - purity: the result depends only on the arguments (no randomness, I/O or hidden state);
/// - a finite, non-negative score for a finite, non-negative one;
/// - `nil` when the update has nothing to say about this miner in this period (no history row is written);
/// - a reason that names the inputs and the arithmetic, for the history row.
public protocol ReputationUpdate: Sendable {
    static var descriptor: ComponentDescriptor { get }
    init(parameters: ParameterValues) throws
    /// The `auto_source` of the history rows this update writes (`review`, `got_rewarded`, …).
    var source: String { get }
    /// The new score of `miner`, or nil when the update does not change it.
    func update(miner: String, score: Double, input: EngineInput) -> ReputationChange?
}

/// A score an update proposes, and why.
public struct ReputationChange: Sendable, Hashable {
    public var score: Double
    public var reason: String
    public init(score: Double, reason: String) {
        self.score = score
        self.reason = reason
    }
}

extension ScoringRegistry {
    /// Registers a reputation update type under its descriptor, in ``ComponentKind/reputationUpdate``.
    public mutating func register<U: ReputationUpdate>(update type: U.Type) throws(RegistryError) {
        var d = U.descriptor
        d.kind = .reputationUpdate
        try register(d) { try U(parameters: $0) }
    }
}

/// Numbers in history reasons: 4 decimals, with a sign for deltas — the text of `String(format: "%.4f")`
/// and `"%+.4f"`, computed without it.
///
/// An engine pass over 10,000 miners formats some 80,000 numbers, and `String(format:)` (an `NSString`
/// per number, then glibc's multi-precision `printf`) cost about 3.6 µs each. Here a double below 10^15
/// is converted exactly: its binary value times 10^4 in 128-bit integers, rounded half to even as
/// `printf` rounds, then written out (about 0.05 µs). Larger magnitudes and non-finite values still go
/// through `vsnprintf`. `ReasonFormatTests` compares the two on edge values, exact ties and random doubles.
enum ReasonFormat {
    static func number(_ v: Double) -> String { fixed4(v, plus: false) }
    static func signed(_ v: Double) -> String { fixed4(v, plus: true) }

    /// `%.4f` (`%+.4f` with `plus`) of `v`.
    static func fixed4(_ v: Double, plus: Bool) -> String {
        guard v.isFinite, v.magnitude < 1e15 else { return printf(v, plus: plus) }
        if #available(macOS 15, *) { return exact(v, plus: plus) }  // UInt128; always on Linux
        return printf(v, plus: plus)
    }

    @available(macOS 15, *)
    private static func exact(_ v: Double, plus: Bool) -> String {
        // v = m · 2^e exactly (subnormals have no implicit bit and the smallest exponent).
        let m = UInt128(v.significandBitPattern | (v.exponentBitPattern == 0 ? 0 : 1 << 52))
        let e = v.exponentBitPattern == 0 ? -1074 : Int(v.exponentBitPattern) - 1075
        let n = m * 10_000
        var q: UInt128
        if e >= 0 {
            q = n << UInt128(e)
        } else if e <= -127 {
            q = 0  // n < 2^67 is below half a unit of 2^-e
        } else {
            let shift = UInt128(-e)
            q = n >> shift
            let r = n - (q << shift)
            let half = UInt128(1) << (shift - 1)
            if r > half || (r == half && q & 1 == 1) { q += 1 }
        }
        var digits = UInt64(q)  // < 10^19: v < 10^15
        // From the right: four decimals, the point, the integer part (at least "0"), the sign.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { buf -> String in
            var i = 32
            for _ in 0..<4 {
                i -= 1
                buf[i] = UInt8(ascii: "0") + UInt8(digits % 10)
                digits /= 10
            }
            i -= 1
            buf[i] = UInt8(ascii: ".")
            repeat {
                i -= 1
                buf[i] = UInt8(ascii: "0") + UInt8(digits % 10)
                digits /= 10
            } while digits > 0
            if v.sign == .minus {
                i -= 1
                buf[i] = UInt8(ascii: "-")
            } else if plus {
                i -= 1
                buf[i] = UInt8(ascii: "+")
            }
            return String(decoding: UnsafeBufferPointer(rebasing: buf[i..<32]), as: UTF8.self)
        }
    }

    /// The C library's conversion, for what ``fixed4(_:plus:)`` does not compute itself.
    private static func printf(_ v: Double, plus: Bool) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 352) { buf -> String in
            // %f of the largest finite double: 309 digits, the point, 4 decimals and a sign fit in 352 bytes.
            let n = withVaList([v]) { vsnprintf(buf.baseAddress!, buf.count, plus ? "%+.4f" : "%.4f", $0) }
            let length = Int(min(max(n, 0), Int32(buf.count - 1)))
            return buf.baseAddress!.withMemoryRebound(to: UInt8.self, capacity: length) {
                String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
            }
        }
    }
}
