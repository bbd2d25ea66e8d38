/// Which random generator a simulation draws from.
public enum GeneratorKind: String, Sendable, Hashable, CaseIterable {
    /// CPython 3.11's `random.Random`, bit for bit (``ScoringCore/PythonRandom``): reproduces the reference.
    case pythonCompat = "python-compat"
    /// xoshiro256** (``ScoringCore/Xoshiro256``): the fast default. It skips the draws the reference
    /// makes and discards (a confidence per reasoning step, a solve time), which change no score,
    /// and draws its Gaussian noise with the ziggurat method (`Ziggurat`, one word per variate
    /// almost always) rather than CPython's Box–Muller. Deterministic for a given seed.
    case xoshiro
}

/// How each component's generator is seeded from the run's master seed.
public enum SeedingScheme: String, Sendable, Hashable, CaseIterable {
    /// The reference API's scheme: miner *i* `seed + i`, validator *j* `seed + 100 + j`, the task
    /// and assignment generators of epoch *e* both `seed + 1000·e`.
    case reference
    /// Independent streams derived with ``ScoringCore/StreamSeed`` from `(seed, run, component)`;
    /// no two components share a stream, whatever the roster size.
    case streams
}
