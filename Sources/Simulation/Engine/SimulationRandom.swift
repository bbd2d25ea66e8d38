public import ScoringCore

/// A generator the epoch loop can be specialised for: a ``ScoringCore/RandomSource`` that can be
/// seeded either the reference's way (a Python integer seed) or from a derived stream seed.
public protocol SimulationRandom: RandomSource, Sendable {
    /// Seeded from an integer seed, as `random.Random(seed)` would be for ``ScoringCore/PythonRandom``.
    init(referenceSeed: Int)
    /// Seeded from an independent derived stream.
    init(stream: StreamSeed)
    /// Advances as `gauss` would, for a draw whose value is unused (the reference's step
    /// confidences): ``ScoringCore/PythonRandom`` skips the libm work, others just draw.
    mutating func discardGauss()
}

extension SimulationRandom {
    @inline(__always)
    public mutating func discardGauss() { _ = gauss(0, 1) }
}

extension PythonRandom: SimulationRandom {
    public init(referenceSeed: Int) { self.init(seed: referenceSeed) }
    /// Seeds MT19937 with the two 32-bit words of the stream seed (as `random.Random(value)` would).
    public init(stream: StreamSeed) {
        self.init(key: [UInt32(truncatingIfNeeded: stream.value), UInt32(truncatingIfNeeded: stream.value >> 32)])
    }
}

extension Xoshiro256: SimulationRandom {
    public init(referenceSeed: Int) { self.init(seed: referenceSeed) }
    public init(stream: StreamSeed) { self.init(stream) }
}

/// Where every generator of one run gets its seed (see ``SeedingScheme``).
public struct SeedPlan: Sendable, Hashable {
    public var scheme: SeedingScheme
    /// The run's master seed (for run 0 the configured seed; see ``SeedPlan/init(scheme:seed:run:)``).
    public var seed: Int
    public var run: Int

    /// The plan of run `run` of a simulation seeded with `seed`.
    ///
    /// Run 0 uses `seed` itself, so a single run is the same whatever `runs` is. With the reference
    /// scheme, run `r > 0` uses the master seed `StreamSeed(seed, r, "run")` reduced to 62 bits;
    /// with streams, `run` enters every stream's derivation.
    public init(scheme: SeedingScheme, seed: Int, run: Int) {
        self.scheme = scheme
        self.run = run
        if scheme == .reference, run > 0 {
            self.seed = Int(StreamSeed(seed: seed, run: run, component: "run").value >> 2)
        } else {
            self.seed = seed
        }
    }

    private func stream(_ component: String, _ index: Int) -> StreamSeed {
        StreamSeed(seed: seed, run: run, component: component).derived(index: index)
    }

    public func miner<R: SimulationRandom>(_ i: Int, as: R.Type = R.self) -> R {
        scheme == .reference ? R(referenceSeed: seed &+ i) : R(stream: stream("miner", i))
    }
    public func validator<R: SimulationRandom>(_ j: Int, as: R.Type = R.self) -> R {
        scheme == .reference ? R(referenceSeed: seed &+ 100 &+ j) : R(stream: stream("validator", j))
    }
    public func tasks<R: SimulationRandom>(epoch e: Int, as: R.Type = R.self) -> R {
        scheme == .reference ? R(referenceSeed: seed &+ 1000 &* e) : R(stream: stream("tasks", e))
    }
    public func assignment<R: SimulationRandom>(epoch e: Int, as: R.Type = R.self) -> R {
        scheme == .reference ? R(referenceSeed: seed &+ 1000 &* e) : R(stream: stream("assignment", e))
    }
    /// Submission texts (plagiarism detection only): always a derived stream, so enabling
    /// plagiarism never moves any other generator's draws.
    public func text<R: SimulationRandom>(miner i: Int, as: R.Type = R.self) -> R {
        R(stream: stream("text", i))
    }
}
