/// Every submission the detector compares with: the current epoch's and those of the last
/// `bufferEpochs` epochs, behind one prefix index (``PrefixTokenTable``).
///
/// Each epoch's submissions are one ``EpochSlab``: their word bitmaps, trigram codes, miners and
/// postings in contiguous arrays. The slabs form a ring of `bufferEpochs + 1`; a slab is cleared
/// (keeping its capacity) when its epoch leaves the window, so after the first window the storage
/// stops growing. Index entries of departed epochs are recognised by their epoch number and never
/// followed; the table drops them when it rebuilds.
struct SubmissionWindow {
    /// One epoch's stored submissions (records) and prefix postings.
    struct EpochSlab {
        /// ``SubmissionVocabulary/bitmapWords`` per record.
        var wordBits: [UInt64] = []
        /// End of each record's trigram codes in ``codes`` (the start is the previous record's end).
        var codeEnds: [UInt32] = []
        var codes: [UInt32] = []
        var miners: [Int32] = []
        var postings: [Posting] = []

        init() {}

        /// An empty slab with room for as many records and postings as `other` holds (plus an
        /// eighth), its storage advised huge pages (``_UnsafeHugePageHint``).
        init(roomFor other: EpochSlab) {
            func room(_ n: Int) -> Int { n + n / 8 }
            wordBits = _UnsafeHugePageHint.emptyArray(reservingCapacity: room(other.wordBits.count))
            codeEnds = _UnsafeHugePageHint.emptyArray(reservingCapacity: room(other.codeEnds.count))
            codes = _UnsafeHugePageHint.emptyArray(reservingCapacity: room(other.codes.count))
            miners = _UnsafeHugePageHint.emptyArray(reservingCapacity: room(other.miners.count))
            postings = _UnsafeHugePageHint.emptyArray(reservingCapacity: room(other.postings.count))
        }

        mutating func removeAll() {
            wordBits.removeAll(keepingCapacity: true)
            codeEnds.removeAll(keepingCapacity: true)
            codes.removeAll(keepingCapacity: true)
            miners.removeAll(keepingCapacity: true)
            postings.removeAll(keepingCapacity: true)
        }

        var retainedBytes: Int {
            wordBits.capacity * 8 + codeEnds.capacity * 4 + codes.capacity * 4 + miners.capacity * 4
                + postings.capacity * MemoryLayout<Posting>.stride
        }
    }

    /// A prefix token of record `record` of its slab; `next` is the previous posting of the token.
    /// The record's token count rides along, so most candidates (those whose size cannot reach
    /// the threshold) are rejected without reading the record.
    struct Posting {
        var record: UInt32
        var next: PostingRef
        var size: UInt32
    }

    let threshold: Double
    private let slabCount: Int
    private var slabs: [EpochSlab] = [EpochSlab()]
    private var table = PrefixTokenTable()
    /// Sequence number of the current epoch (from 1) and of the oldest epoch in the window.
    private var epoch: UInt32 = 1
    private var windowStart: UInt32 = 1

    init(threshold: Double, bufferEpochs: Int) {
        self.threshold = threshold
        slabCount = max(0, bufferEpochs) + 1
    }

    @inline(__always)
    private func slabIndex(_ epoch: UInt32) -> Int { Int(epoch - 1) % slabCount }

    /// Whether a stored submission of a miner other than `miner` has a Jaccard index above the
    /// threshold with `set`: the candidates are the submissions sharing a prefix token with it, and
    /// each is checked exactly (after a size filter that only skips sets that cannot qualify).
    func hasCopy(of set: SubmissionTokenSet, excluding miner: Int32) -> Bool {
        // The prefix in groups of eight: all of a group's index probes are issued before any of
        // their results is used, so their cache misses overlap instead of following each other
        // (the index is far larger than the caches on big rosters); the same for the first posting
        // of each token.
        let prefix = set.prefix
        var start = 0
        while start < prefix.count {
            let count = min(8, prefix.count - start)
            var heads = InlineArray<8, PostingRef>(repeating: .none)
            for i in 0..<count { heads[i] = table.head(prefix[start + i]) }
            var postings = InlineArray<8, Posting>(repeating: Posting(record: 0, next: .none, size: 0))
            for i in 0..<count where heads[i].epoch >= windowStart {
                postings[i] = slabs[slabIndex(heads[i].epoch)].postings[Int(heads[i].index)]
            }
            for i in 0..<count where heads[i].epoch >= windowStart {
                var ref = heads[i], posting = postings[i]
                while true {
                    if Self.sizesMayMatch(set.count, Int(posting.size), threshold),
                       slabs[slabIndex(ref.epoch)].exceeds(threshold, record: Int(posting.record), set, excluding: miner) {
                        return true
                    }
                    ref = posting.next
                    guard ref.epoch >= windowStart else { break }
                    posting = slabs[slabIndex(ref.epoch)].postings[Int(ref.index)]
                }
            }
            start += count
        }
        return false
    }

    /// Requests from memory the index slots that ``hasCopy(of:excluding:)`` and ``add(_:miner:)``
    /// will read for `set`, without waiting for them. Changes nothing.
    func prefetch(_ set: SubmissionTokenSet) {
        for token in set.prefix { table.prefetch(token) }
    }

    /// Requests from memory the newest posting of each of `set`'s prefix tokens, which
    /// ``hasCopy(of:excluding:)`` reads first. Reads the index slots, so it is worth calling once
    /// ``prefetch(_:)`` has had time to bring them in. Changes nothing.
    func prefetchPostings(_ set: SubmissionTokenSet) {
        for token in set.prefix {
            let head = table.head(token)
            guard head.epoch >= windowStart else { continue }
            _UnsafeCacheHint.prefetch(slabs[slabIndex(head.epoch)].postings, at: Int(head.index))
        }
    }

    /// Whether sets of `nx` and `ny` tokens can have a Jaccard index above `threshold`: J ≤
    /// min/max, and rounding is monotone, so a set this different in size cannot exceed it.
    @inline(__always)
    static func sizesMayMatch(_ nx: Int, _ ny: Int, _ threshold: Double) -> Bool {
        Double(min(nx, ny)) / Double(max(nx, ny)) > threshold
    }

    /// Stores `set` as miner `miner`'s submission in the current epoch and indexes its prefix.
    mutating func add(_ set: SubmissionTokenSet, miner: Int32) {
        // The slab is taken out of the ring while it grows: its arrays are then appended to directly.
        let s = slabIndex(epoch)
        var slab = EpochSlab()
        swap(&slab, &slabs[s])
        defer { swap(&slab, &slabs[s]) }
        let record = UInt32(slab.codeEnds.count)
        slab.miners.append(miner)
        slab.wordBits.append(contentsOf: set.wordBits)
        slab.codes.append(contentsOf: set.trigramCodes)
        slab.codeEnds.append(UInt32(slab.codes.count))
        for token in set.prefix {
            let ref = PostingRef(epoch: epoch, index: UInt32(slab.postings.count))
            var previous = table.push(token, posting: ref, windowStart: windowStart)
            if previous.epoch < windowStart { previous = .none }
            slab.postings.append(Posting(record: record, next: previous, size: UInt32(set.count)))
        }
    }

    /// Closes the current epoch: the next one starts, and the oldest leaves the window when it
    /// holds more than `bufferEpochs` past epochs.
    mutating func endEpoch() {
        epoch += 1
        if epoch > UInt32(slabCount) { windowStart = epoch - UInt32(slabCount) + 1 }
        // After the first epoch the index is sized for a full window of epochs like it.
        if epoch == 2 { table.reserve(keys: slabs[0].postings.count * slabCount, windowStart: windowStart) }
        let s = slabIndex(epoch)
        if s == slabs.count {
            // The window is still filling: the new epoch gets room for as much as the last one held.
            slabs.append(EpochSlab(roomFor: slabs[s - 1]))
        } else {
            slabs[s].removeAll()
        }
    }

    /// Past epochs in the window (at most `bufferEpochs`).
    var bufferedEpochs: Int { Int(epoch - windowStart) }

    /// Submissions currently stored (the current epoch's and the buffered epochs').
    var storedSubmissions: Int { slabs.reduce(0) { $0 + $1.codeEnds.count } }

    /// Bytes held by the window's storage and index.
    var retainedBytes: Int { slabs.reduce(table.retainedBytes) { $0 + $1.retainedBytes } }
}

extension SubmissionWindow.EpochSlab {
    /// Whether record `record`, if not `miner`'s, has a Jaccard index above `threshold` with `set`
    /// (computed as the spec's `|a ∩ b| / |a ∪ b|` over the same integers, so the same `Double`).
    @inline(__always)
    func exceeds(_ threshold: Double, record: Int, _ set: SubmissionTokenSet, excluding miner: Int32) -> Bool {
        guard miners[record] != miner else { return false }
        let bitmapWords = SubmissionVocabulary.bitmapWords
        let nx = set.count
        var common = 0, ny = 0
        let base = record * bitmapWords
        for i in 0..<bitmapWords {
            let w = wordBits[base + i]
            ny += w.nonzeroBitCount
            common += (w & set.wordBits[i]).nonzeroBitCount
        }
        let start = record == 0 ? 0 : Int(codeEnds[record - 1]), end = Int(codeEnds[record])
        ny += end - start
        for c in start..<end where set.containsTrigram(codes[c]) { common += 1 }
        return Double(common) / Double(nx + ny - common) > threshold
    }
}
