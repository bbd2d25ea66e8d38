#if canImport(Glibc)
import Glibc
#endif

/// Asks Linux to back a large, randomly accessed buffer with transparent huge pages (2 MiB) before
/// it is first written, so its lookups miss the TLB far less often. A hint only: where huge pages
/// are off (or on other systems) nothing changes, and no result depends on it.
///
/// The plagiarism window is the one user: its index slots (``PrefixTokenTable``) and each epoch's
/// postings and records (``SubmissionWindow/EpochSlab``). At 256 miners × 64 tasks with a 30-epoch
/// window they take ≈ 160 MB, and a lookup there is a TLB miss as well as a cache miss. Backing
/// every large allocation of the process with huge pages (glibc's `glibc.malloc.hugetlb=1`) cut
/// `SimulationBench plagiarism 256` by 10–17 % CPU per checked submission (2.04/2.21/2.04 µs →
/// 1.84/1.75/1.82 µs, alternated in one run on the shared 2-core VM, 2026-12-02, THP mode
/// `madvise`); hinting the index slots alone did not show.
enum _UnsafeHugePageHint {
    /// Buffers smaller than this are left alone (fewer than two huge pages could be covered).
    static let minimumBytes = 4 << 20

    /// An empty array with room for `capacity` elements, advised huge pages while still untouched.
    static func emptyArray<Element>(reservingCapacity capacity: Int) -> [Element] {
        Array(unsafeUninitializedCapacity: capacity) { buffer, initialized in
            advise(UnsafeMutableRawBufferPointer(buffer))
            initialized = 0
        }
    }

    /// Advises huge pages for the whole 2 MiB-aligned pages inside `buffer`. Call it before the
    /// buffer's pages are first touched.
    static func advise(_ buffer: UnsafeMutableRawBufferPointer) {
        #if os(Linux)
        guard buffer.count >= minimumBytes, let base = buffer.baseAddress else { return }
        let page = 2 << 20
        let start = (Int(bitPattern: base) + page - 1) & ~(page - 1)
        let end = (Int(bitPattern: base) + buffer.count) & ~(page - 1)
        guard end > start, let address = UnsafeMutableRawPointer(bitPattern: start) else { return }
        _ = madvise(address, end - start, MADV_HUGEPAGE)
        #endif
    }
}
