import Foundation
import ScoringCore
import Testing
@testable import Simulation

/// The ziggurat normal sampler used for the default generator's noise.
struct ZigguratTests {
    @Test func tablesAreTheMarsagliaTsangLayers() {
        let z = Ziggurat.shared
        #expect(z.x[1] == Ziggurat.r)
        #expect(z.x[256] == 0)
        for i in 1..<256 { #expect(z.x[i + 1] < z.x[i]) }
        // Every layer has the same area v: x[i]·(f(x[i+1]) − f(x[i])) for the layers above the base.
        for i in 1..<255 {
            let area = z.x[i] * (z.f[i + 1] - z.f[i])
            #expect(abs(area - Ziggurat.v) < 1e-9, "layer \(i): area \(area)")
        }
        // The top layer closes at the mode: x[255]·(1 − f(x[255])) = v.
        #expect(abs(z.x[255] * (1 - z.f[255]) - Ziggurat.v) < 1e-6)
    }

    @Test func momentsAndTailsOfAMillionVariates() {
        let z = Ziggurat.shared
        var rng = Xoshiro256(seed: 2024)
        let n = 1_000_000
        var sum = 0.0, squares = 0.0, fourth = 0.0
        var beyond2 = 0, beyond3 = 0, beyondR = 0
        for _ in 0..<n {
            let x = z.normal(&rng)
            sum += x
            squares += x * x
            fourth += x * x * x * x
            if abs(x) > 2 { beyond2 += 1 }
            if abs(x) > 3 { beyond3 += 1 }
            if abs(x) > Ziggurat.r { beyondR += 1 }
        }
        let mean = sum / Double(n)
        let variance = squares / Double(n) - mean * mean
        // Standard errors at n = 10⁶: mean 0.001, variance ≈ 0.0014, kurtosis ≈ 0.005.
        #expect(abs(mean) < 0.005)
        #expect(abs(variance - 1) < 0.007)
        #expect(abs(fourth / Double(n) - 3) < 0.03)
        // P(|X| > 2) = 0.0455, P(|X| > 3) = 0.0027, P(|X| > r) = 0.000258: the tail method is exercised.
        #expect(abs(Double(beyond2) / Double(n) - 0.0455) < 0.001)
        #expect(abs(Double(beyond3) / Double(n) - 0.0027) < 0.0003)
        #expect(beyondR > 150 && beyondR < 380)
    }

    @Test func sameWordsSameVariates() {
        var a = Xoshiro256(seed: 7)
        var b = Xoshiro256(seed: 7)
        let z = Ziggurat.shared
        #expect((0..<1000).map { _ in z.normal(&a) } == (0..<1000).map { _ in z.normal(&b) })
    }
}
