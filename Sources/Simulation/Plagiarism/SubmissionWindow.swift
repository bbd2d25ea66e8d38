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
    struct Posting {
        var record: UInt32
        var next: PostingRef
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
        for token in set.prefix {
            var ref = table.head(token)
            while ref.epoch >= windowStart {
                let slab = slabIndex(ref.epoch)
                let posting = slabs[slab].postings[Int(ref.index)]
                if slabs[slab].exceeds(threshold, record: Int(posting.record), set, excluding: miner) { return true }
                ref = posting.next
            }
        }
        return false
    }

    /// Stores `set` as miner `miner`'s submission in the current epoch and indexes its prefix.
    mutating func add(_ set: SubmissionTokenSet, miner: Int32) {
        let s = slabIndex(epoch)
        let record = UInt32(slabs[s].miners.count)
        slabs[s].miners.append(miner)
        slabs[s].wordBits.append(contentsOf: set.wordBits)
        slabs[s].codes.append(contentsOf: set.trigramCodes)
        slabs[s].codeEnds.append(UInt32(slabs[s].codes.count))
        for token in set.prefix {
            let ref = PostingRef(epoch: epoch, index: UInt32(slabs[s].postings.count))
            var previous = table.push(token, posting: ref, windowStart: windowStart)
            if previous.epoch < windowStart { previous = .none }
            slabs[s].postings.append(Posting(record: record, next: previous))
        }
    }

    /// Closes the current epoch: the next one starts, and the oldest leaves the window when it
    /// holds more than `bufferEpochs` past epochs.
    mutating func endEpoch() {
        epoch += 1
        if epoch > UInt32(slabCount) { windowStart = epoch - UInt32(slabCount) + 1 }
        let s = slabIndex(epoch)
        if s == slabs.count {
            slabs.append(EpochSlab())
        } else {
            slabs[s].removeAll()
        }
    }

    /// Past epochs in the window (at most `bufferEpochs`).
    var bufferedEpochs: Int { Int(epoch - windowStart) }

    /// Submissions currently stored (the current epoch's and the buffered epochs').
    var storedSubmissions: Int { slabs.reduce(0) { $0 + $1.miners.count } }

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
        // J ≤ min/max and rounding is monotone: a set this different in size cannot exceed the threshold.
        if Double(min(nx, ny)) / Double(max(nx, ny)) <= threshold { return false }
        for c in start..<end where set.containsTrigram(codes[c]) { common += 1 }
        return Double(common) / Double(nx + ny - common) > threshold
    }
}
