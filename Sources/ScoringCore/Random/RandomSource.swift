/// A seedable generator with CPython `random`-module semantics on top of its raw bits.
///
/// A conformer supplies three primitives — a uniform double, an unbiased bounded integer and a
/// normal variate — and gets the rest of CPython's composite calls (``uniform(_:_:)``,
/// ``randint(_:_:)``, ``choice(_:)``, ``shuffle(_:)``, ``sample(_:_:)``) from this protocol's
/// extension, composed exactly as CPython 3.11's `random.Random` composes them. With
/// ``PythonRandom`` the composite calls therefore reproduce CPython bit for bit; with
/// ``Xoshiro256`` they are just fast and statistically sound.
///
/// Implementations must guarantee:
/// - value semantics: a copy continues the same sequence independently of the original;
/// - determinism: the sequence depends only on the seed, never on time, thread or platform;
/// - ``random()`` returns values in `0 ..< 1`, ``randbelow(_:)`` values in `0 ..< n` without bias.
///
/// ```swift
/// var rng = PythonRandom(seed: 42)
/// let difficulty = rng.randint(2, 9)
/// let assigned = rng.sample(validatorIDs, 3)
/// ```
public protocol RandomSource {
    /// A uniform double in `0 ..< 1`.
    mutating func random() -> Double

    /// A uniform integer in `0 ..< n`.
    ///
    /// - Parameter n: The exclusive upper bound; must be positive.
    mutating func randbelow(_ n: Int) -> Int

    /// A normal variate with mean `mu` and standard deviation `sigma`.
    mutating func gauss(_ mu: Double, _ sigma: Double) -> Double
}

extension RandomSource {
    /// A uniform double between `a` and `b`, computed as `a + (b - a) * random()` (CPython's `uniform`).
    ///
    /// `b` may be smaller than `a`; the result lies between the two (inclusive of the end that
    /// rounding reaches).
    @inlinable
    public mutating func uniform(_ a: Double, _ b: Double) -> Double {
        a + (b - a) * random()
    }

    /// A uniform integer in the closed range `a ... b`: `a + randbelow(b - a + 1)` (CPython's `randint`).
    ///
    /// - Precondition: `a <= b`, and `b - a + 1` fits in `Int`.
    @inlinable @inline(__always)
    public mutating func randint(_ a: Int, _ b: Int) -> Int {
        precondition(a <= b, "randint: empty range \(a)...\(b)")
        return a + randbelow(b - a + 1)
    }

    /// One element of a non-empty collection: `c[randbelow(c.count)]` (CPython's `choice`).
    ///
    /// Indexes are offsets from `c.startIndex`, so slices work as well as arrays.
    /// - Precondition: `c` is not empty.
    @inlinable
    public mutating func choice<C: RandomAccessCollection>(_ c: C) -> C.Element where C.Index == Int {
        precondition(!c.isEmpty, "choice: empty collection")
        return c[c.startIndex + randbelow(c.count)]
    }

    /// Shuffles `a` in place with CPython's Fisher–Yates order: for `i` from `count - 1` down to 1,
    /// swap `a[i]` with `a[randbelow(i + 1)]`.
    ///
    /// - Complexity: O(*n*), *n* − 1 draws.
    @inlinable
    public mutating func shuffle<T>(_ a: inout [T]) {
        var i = a.count - 1
        while i > 0 {
            let j = randbelow(i + 1)
            a.swapAt(i, j)
            i -= 1
        }
    }

    /// `k` distinct elements of `population`, in selection order (CPython 3.11's `sample`).
    ///
    /// CPython picks one of two algorithms by size. With `n = population.count`, let
    /// `setsize = 21`, plus `4^ceil(log4(3k))` when `k > 5`. When `n <= setsize` it draws from a
    /// shrinking pool (`j = randbelow(n - i)`, take `pool[j]`, move the last live element into
    /// slot `j`); otherwise it draws `randbelow(n)` repeatedly, skipping indexes already taken.
    /// Both are reproduced here, so the draws match CPython's.
    ///
    /// - Precondition: `0 <= k <= population.count`.
    /// - Complexity: O(*n*) for the pool algorithm, expected O(*k*) draws for the other.
    @inlinable
    public mutating func sample<T>(_ population: [T], _ k: Int) -> [T] {
        var result: [T] = []
        result.reserveCapacity(k)
        forEachSampledIndex(population.count, k) { result.append(population[$0]) }
        return result
    }

    /// The indexes that ``sample(_:_:)`` would pick from a population of `n`, in selection order.
    ///
    /// Consumes exactly the draws of `sample(Array(0 ..< n), k)` and returns the same values.
    @inlinable
    public mutating func sampleIndices(_ n: Int, _ k: Int) -> [Int] {
        var result: [Int] = []
        result.reserveCapacity(k)
        forEachSampledIndex(n, k) { result.append($0) }
        return result
    }

    /// Calls `body` with each index CPython's `sample` picks from a population of `n`, in
    /// selection order, without building an array (for hot loops that only need the indexes).
    ///
    /// - Precondition: `0 <= k <= n`.
    @inlinable
    public mutating func forEachSampledIndex(_ n: Int, _ k: Int, _ body: (Int) throws -> Void) rethrows {
        precondition(k >= 0 && k <= n, "sample: k = \(k) outside 0...\(n)")
        if n <= _pythonSampleSetSize(k) {
            // The pool holds indexes, not elements: same draws, and no copy of the population.
            try withUnsafeTemporaryAllocation(of: Int.self, capacity: n) { pool in
                for i in 0 ..< n { pool[i] = i }
                for i in 0 ..< k {
                    let j = randbelow(n - i)
                    try body(pool[j])
                    pool[j] = pool[n - i - 1]
                }
            }
        } else {
            var selected = Set<Int>(minimumCapacity: k)
            for _ in 0 ..< k {
                var j = randbelow(n)
                while selected.contains(j) {
                    j = randbelow(n)
                }
                selected.insert(j)
                try body(j)
            }
        }
    }
}

/// CPython's `setsize` threshold in `sample`: `21 + 4 ** ceil(log(3k, 4))` when `k > 5`, else 21.
///
/// CPython evaluates `log(3k, 4)` in floating point (`log(3k) / log(4)`); `3k` is never a power of
/// four, so the exact integer ceiling below agrees with it for every `k`.
@inlinable
func _pythonSampleSetSize(_ k: Int) -> Int {
    guard k > 5 else { return 21 }
    // Smallest power of four that is >= 3k (strictly greater, since 3k is not a power of four).
    let target = 3 * k
    var power = 1
    while power < target {
        power &*= 4
        if power <= 0 { return Int.max }  // overflow: population cannot be that large anyway
    }
    return 21 + power
}
