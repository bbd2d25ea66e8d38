/// The one owner of a simulation engine's raw memory: it allocates every buffer the epoch loop
/// writes and reads, and frees them all when it goes away.
///
/// An engine, each of its pipeline's draw slots, and each submission scorer own one arena, sized
/// when they are made (nothing is allocated per epoch). Buffers are handed out as
/// ``_UnsafeArenaBuffer`` values that point into the arena; they are valid while the arena lives,
/// and only the arena's owner (and the objects it hands them to, which it outlives) uses them.
/// This type and ``_UnsafeArenaBuffer`` are the only places in the engine that touch raw pointers.
final class _UnsafeArena {
    private var releases: [() -> Void] = []
    /// Elements allocated so far (all of them are live until the arena goes away).
    private(set) var elements = 0

    init() {}

    /// A buffer of `count` elements, each `value` (at least one element, so an empty roster's
    /// buffers are still valid).
    func buffer<T>(_ count: Int, repeating value: T) -> _UnsafeArenaBuffer<T> {
        let capacity = Swift.max(1, count)
        let base = UnsafeMutablePointer<T>.allocate(capacity: capacity)
        base.initialize(repeating: value, count: capacity)
        elements += capacity
        releases.append {
            base.deinitialize(count: capacity)
            base.deallocate()
        }
        return _UnsafeArenaBuffer(base: base, count: count)
    }

    /// A buffer holding a copy of `elements`.
    func buffer<T>(copying elements: [T]) -> _UnsafeArenaBuffer<T> {
        let capacity = Swift.max(1, elements.count)
        let base = UnsafeMutablePointer<T>.allocate(capacity: capacity)
        base.initialize(from: elements, count: elements.count)
        let count = elements.count
        self.elements += capacity
        releases.append {
            base.deinitialize(count: count)
            base.deallocate()
        }
        return _UnsafeArenaBuffer(base: base, count: count)
    }

    deinit {
        for release in releases { release() }
    }
}

/// A fixed-size run of elements in an ``_UnsafeArena``: reads and writes without copy-on-write or
/// exclusivity checks, and `Span` views for the formulas' batch methods.
///
/// A value, but a view: copies refer to the same elements. Valid while its arena lives; not
/// bounds-checked in release builds (the engine's loops index within the sizes it allocated).
struct _UnsafeArenaBuffer<Element> {
    private let base: UnsafeMutablePointer<Element>
    let count: Int

    fileprivate init(base: UnsafeMutablePointer<Element>, count: Int) {
        self.base = base
        self.count = count
    }

    /// The element at `i`, read and written in place (a generator advances where it is stored:
    /// `rng[m].normalNoise(σ, ziggurat)`).
    @inline(__always)
    subscript(i: Int) -> Element {
        unsafeAddress {
            assert(i >= 0 && i < Swift.max(1, count), "index \(i) outside 0..<\(count)")
            return UnsafePointer(base + i)
        }
        nonmutating unsafeMutableAddress {
            assert(i >= 0 && i < Swift.max(1, count), "index \(i) outside 0..<\(count)")
            return base + i
        }
    }

    /// The elements in `range`, as a buffer over the same memory.
    @inline(__always)
    func slice(_ range: Range<Int>) -> _UnsafeArenaBuffer<Element> {
        assert(range.lowerBound >= 0 && range.upperBound <= count, "slice \(range) outside 0..<\(count)")
        return _UnsafeArenaBuffer(base: base + range.lowerBound, count: range.count)
    }

    /// Calls `body` with a read-only view of the first `count` elements (all by default).
    @inline(__always)
    func withSpan<R>(count: Int? = nil, _ body: (Span<Element>) -> R) -> R {
        let buffer = UnsafeBufferPointer(start: base, count: count ?? self.count)
        return body(buffer.span)
    }

    /// Calls `body` with a writable view of the first `count` elements (all by default).
    @inline(__always)
    func withMutableSpan<R>(count: Int? = nil, _ body: (inout MutableSpan<Element>) -> R) -> R {
        let buffer = UnsafeMutableBufferPointer(start: base, count: count ?? self.count)
        var span = buffer.mutableSpan
        return body(&span)
    }

    /// Sets the first `count` elements to `value`.
    @inline(__always)
    func fill(_ value: Element, count: Int) {
        for i in 0..<count { base[i] = value }
    }

    /// Copies `count` elements from `source` (a buffer that does not overlap this one, or one whose
    /// elements come after this one's in the same memory).
    @inline(__always)
    func assign(from source: _UnsafeArenaBuffer<Element>, count: Int) {
        for i in 0..<count { base[i] = source.base[i] }
    }

    /// Sorts the first `count` elements in place by `areInIncreasingOrder` (not stable: give it a
    /// total order).
    @inline(__always)
    func sort(count: Int, by areInIncreasingOrder: (Element, Element) -> Bool) {
        var buffer = UnsafeMutableBufferPointer(start: base, count: count)
        buffer.sort(by: areInIncreasingOrder)
    }

    /// The elements as an array (for reports and tests).
    var array: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }
}
