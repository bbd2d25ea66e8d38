import Foundation
import ScoringCore

/// Marsaglia and Tsang's ziggurat method for standard normal variates ("The Ziggurat Method for
/// Generating Random Variables", J. Stat. Software 5(8), 2000), 256 layers, on 64-bit words.
///
/// The simulation's noise with the default generator (``ScoringCore/Xoshiro256``), which is not
/// bound to Python's draws: about 99 % of variates cost one word, a table lookup, a multiply and
/// a compare (no logarithm). Deterministic: the tables are computed once from the published
/// constants with IEEE-754 arithmetic and the platform's `exp`/`log` (as the polar method's `log`
/// was), and every variate is a pure function of the generator's words.
struct Ziggurat: @unchecked Sendable {
    /// Layer widths `x[0] … x[256]`: `x[0] = v/f(r)` (the base layer's pseudo-width), `x[1] = r`,
    /// decreasing to `x[256] = 0`.
    let x: UnsafePointer<Double>
    /// `f(x[i]) = exp(-x[i]²/2)`.
    let f: UnsafePointer<Double>

    static let r = 3.654152885361008796
    static let v = 0.004928673233992336

    /// The tables, built on first use and never freed (read-only, shared by every run).
    static let shared = Ziggurat()

    private init() {
        let x = UnsafeMutablePointer<Double>.allocate(capacity: 257)
        let f = UnsafeMutablePointer<Double>.allocate(capacity: 257)
        func density(_ t: Double) -> Double { exp(-0.5 * t * t) }
        x[0] = Self.v / density(Self.r)
        x[1] = Self.r
        for i in 1..<255 {
            x[i + 1] = (-2.0 * log(Self.v / x[i] + density(x[i]))).squareRoot()
        }
        x[256] = 0
        for i in 0...256 { f[i] = density(x[i]) }
        self.x = UnsafePointer(x)
        self.f = UnsafePointer(f)
    }

    /// A standard normal variate from `rng`.
    @inline(__always)
    func normal(_ rng: inout Xoshiro256) -> Double {
        while true {
            let bits = rng.next()
            let i = Int(truncatingIfNeeded: bits & 0xFF)
            // A signed uniform in [-1, 1) from the top 53 bits (independent of the layer bits).
            let u = Double(Int64(bitPattern: bits) >> 11) * 0x1.0p-52
            let candidate = u * x[i]
            if abs(candidate) < x[i + 1] { return candidate }
            if let value = edge(&rng, layer: i, candidate: candidate, sign: u) { return value }
        }
    }

    /// The rare cases: the tail beyond `r` (layer 0) or the wedge of layer `i`; `nil` to retry.
    @inline(never)
    func edge(_ rng: inout Xoshiro256, layer i: Int, candidate: Double, sign: Double) -> Double? {
        if i == 0 {
            // Marsaglia's tail method.
            var a: Double
            var b: Double
            repeat {
                a = -log(1.0 - rng.random()) / Self.r
                b = -log(1.0 - rng.random())
            } while b + b < a * a
            return sign < 0 ? -(Self.r + a) : Self.r + a
        }
        let y = f[i] + (f[i + 1] - f[i]) * rng.random()
        return y < exp(-0.5 * candidate * candidate) ? candidate : nil
    }
}
