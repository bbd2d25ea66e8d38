/// A posting of the prefix index: where one stored submission's prefix token is recorded.
///
/// `epoch` is the detector's epoch sequence number (from 1; 0 means "none") and `index` the
/// posting's position in that epoch's ``SubmissionWindow/EpochSlab/postings``.
struct PostingRef: Equatable {
    var epoch: UInt32
    var index: UInt32

    static let none = PostingRef(epoch: 0, index: 0)
}

/// The one prefix index of the window: token hash → the newest posting of that token. Postings
/// chain to older postings of the same token, so a lookup walks from newest to oldest and stops at
/// the first posting that has left the window.
///
/// Open addressing with linear probing; a slot (key and head, 16 bytes) is one array element, so
/// a probe reads one cache line. Keys are never deleted one by one: a key whose newest posting has
/// left the window is stale, and stale keys are dropped when the table is rebuilt (when live and
/// stale keys fill 3/4 of it), into a table they fill at most half of. Its size stays proportional
/// to the tokens still in the window.
struct PrefixTokenTable {
    private struct Slot {
        var key: UInt64
        var head: PostingRef
    }

    private var slots: [Slot]
    private var mask: Int
    /// Occupied slots (live and stale keys).
    private(set) var occupied = 0

    init(capacity: Int = 1024) {
        var c = 16
        while c < capacity { c *= 2 }
        slots = Self.emptySlots(c)
        mask = c - 1
    }

    /// `count` empty slots; a large table is advised huge pages before it is first written
    /// (``_UnsafeHugePageHint``).
    private static func emptySlots(_ count: Int) -> [Slot] {
        Array(unsafeUninitializedCapacity: count) { buffer, initialized in
            _UnsafeHugePageHint.advise(UnsafeMutableRawBufferPointer(buffer))
            buffer.initialize(repeating: Slot(key: 0, head: .none))
            initialized = count
        }
    }

    var capacity: Int { slots.count }

    /// Bytes held by the table's storage.
    var retainedBytes: Int { slots.capacity * MemoryLayout<Slot>.stride }

    @inline(__always)
    private static func home(_ key: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: SubmissionVocabulary.mix(key)) & mask
    }

    /// The newest posting of `key` (``PostingRef/none`` if there is none).
    @inline(__always)
    func head(_ key: UInt64) -> PostingRef {
        var i = Self.home(key, mask)
        while true {
            let s = slots[i]
            if s.head.epoch == 0 { return .none }
            if s.key == key { return s.head }
            i = (i + 1) & mask
        }
    }

    /// Asks the cache for the slot where a lookup of `key` starts (``_UnsafeCacheHint``).
    @inline(__always)
    func prefetch(_ key: UInt64) {
        _UnsafeCacheHint.prefetch(slots, at: Self.home(key, mask))
    }

    /// Makes `posting` the newest posting of `key` and returns the previous newest (possibly stale
    /// or ``PostingRef/none``). Postings older than `windowStart` are stale: they may be dropped.
    mutating func push(_ key: UInt64, posting: PostingRef, windowStart: UInt32) -> PostingRef {
        if (occupied + 1) * 4 > slots.count * 3 { rebuild(windowStart: windowStart) }
        var i = Self.home(key, mask)
        while true {
            let s = slots[i]
            if s.head.epoch == 0 {
                slots[i] = Slot(key: key, head: posting)
                occupied += 1
                return .none
            }
            if s.key == key {
                slots[i].head = posting
                return s.head
            }
            i = (i + 1) & mask
        }
    }

    /// Makes room for `keys` keys at most half full in one rebuild, so a window that is filling up
    /// does not rehash at every doubling (each rehash also writes a fresh table).
    mutating func reserve(keys: Int, windowStart: UInt32) {
        guard keys * 2 + 2 > slots.count else { return }
        rebuild(windowStart: windowStart, minimumCapacity: keys * 2 + 2)
    }

    /// Rehashes the keys whose newest posting is still in the window into a table they fill at
    /// most half of (so at least a quarter of it is inserted before the next rebuild), and of at
    /// least `minimumCapacity` slots.
    private mutating func rebuild(windowStart: UInt32, minimumCapacity: Int = 0) {
        var live = 0
        for s in slots where s.head.epoch >= windowStart { live += 1 }
        var c = 16
        while c < max(live * 2 + 2, minimumCapacity) { c *= 2 }
        var old = Self.emptySlots(c)
        swap(&old, &slots)
        mask = c - 1
        occupied = 0
        for s in old where s.head.epoch >= windowStart {
            var i = Self.home(s.key, mask)
            while slots[i].head.epoch != 0 { i = (i + 1) & mask }
            slots[i] = s
            occupied += 1
        }
    }
}
