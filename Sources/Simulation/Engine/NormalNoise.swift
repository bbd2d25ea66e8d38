import ScoringCore

/// A generator the engine draws its normal noise from, the way the run's generator kind defines it.
///
/// `python-compat` (``ScoringCore/PythonRandom``) uses CPython's `gauss(0, σ)`, bit-exact with the
/// reference; `xoshiro` (``ScoringCore/Xoshiro256``) uses the ``Ziggurat`` (not bound to Python's
/// draws). The choice is made by the conformance, so each engine specialisation has one of them.
protocol NormalNoiseSource: SimulationRandom {
    /// A normal variate with mean 0 and standard deviation `sigma`.
    mutating func normalNoise(_ sigma: Double, _ ziggurat: Ziggurat) -> Double
}

extension PythonRandom: NormalNoiseSource {
    @inline(__always)
    mutating func normalNoise(_ sigma: Double, _ ziggurat: Ziggurat) -> Double { gauss(0, sigma) }
}

extension Xoshiro256: NormalNoiseSource {
    @inline(__always)
    mutating func normalNoise(_ sigma: Double, _ ziggurat: Ziggurat) -> Double { ziggurat.normal(&self) * sigma }
}
