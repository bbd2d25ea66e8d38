import CPrefetch

/// Prefetch hints for the plagiarism window's large arrays: asks the cache for the line holding an
/// element, without waiting for it. The element's address is taken only to pass it to the
/// compiler's prefetch builtin (``CPrefetch``); nothing is read or written through it, and a hint
/// never changes a result.
enum _UnsafeCacheHint {
    @inline(__always)
    static func prefetch<Element>(_ array: [Element], at index: Int) {
        array.withUnsafeBufferPointer { buffer in
            guard index >= 0, index < buffer.count, let base = buffer.baseAddress else { return }
            scoring_prefetch_read(base + index)
        }
    }
}
