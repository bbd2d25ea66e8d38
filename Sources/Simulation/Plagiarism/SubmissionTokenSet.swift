/// The token set of one submission, in the form the detector compares: which words it uses (a
/// bitmap over ``SubmissionVocabulary/words``), its distinct word 3-grams (exact codes), and its
/// prefix for the candidate filter (the smallest token hashes).
///
/// The spec's tokens are 64-bit hashes: ``SubmissionVocabulary/wordHashes`` for words and
/// ``SubmissionVocabulary/trigram(_:_:_:)`` for 3-grams. Those hashes are injective over the
/// vocabulary (the 320 word hashes and all 320³ = 32,768,000 trigram hashes are distinct, checked
/// exhaustively by `Scripts/plagiarism/check_token_hashes.c`, and word hashes have the top bit set,
/// trigram hashes clear), so a set of hashes and the set of words and trigrams it came from have the
/// same sizes and intersections: the Jaccard index is the same number. The hashes are still what
/// orders tokens for the prefix filter.
///
/// One value is reused for every submission (``fill(steps:stepLengths:answers:threshold:)``), so a
/// check allocates nothing once the buffers have grown.
struct SubmissionTokenSet {
    /// Bitmap of the words used, ``SubmissionVocabulary/bitmapWords`` `UInt64`s.
    var wordBits: [UInt64]
    /// Distinct trigram codes (`(a·V + b)·V + c` for vocabulary size `V`), in first-seen order.
    var trigramCodes: [UInt32] = []
    /// The hash of each entry of ``trigramCodes``.
    private var trigramHashes: [UInt64] = []
    /// The prefix filter's tokens: the `prefixLength(count)` smallest token hashes (unordered).
    var prefix: [UInt64] = []
    /// Number of distinct tokens (words and trigrams).
    var count = 0
    /// Open-addressing set of ``trigramCodes`` (code + 1; 0 is empty), for membership tests.
    private var slots: [UInt32] = Array(repeating: 0, count: 128)
    private var slotMask = 127
    private var usedSlots: [Int] = []

    init() {
        wordBits = Array(repeating: 0, count: SubmissionVocabulary.bitmapWords)
    }

    /// Whether `code` is one of this set's trigrams.
    @inline(__always)
    func containsTrigram(_ code: UInt32) -> Bool {
        var i = Self.slot(of: code, mask: slotMask)
        let key = code &+ 1
        while true {
            let s = slots[i]
            if s == key { return true }
            if s == 0 { return false }
            i = (i + 1) & slotMask
        }
    }

    @inline(__always)
    private static func slot(of code: UInt32, mask: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(code) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }

    /// Inserts a trigram code; false if it was already present.
    private mutating func insertTrigram(_ code: UInt32) -> Bool {
        var i = Self.slot(of: code, mask: slotMask)
        let key = code + 1
        while true {
            let s = slots[i]
            if s == key { return false }
            if s == 0 {
                slots[i] = key
                usedSlots.append(i)
                return true
            }
            i = (i + 1) & slotMask
        }
    }

    /// Replaces the contents with the tokens of a submission whose reasoning steps are `words`
    /// (concatenated, step `i` being `stepLengths[i]` words long) and whose final answer is `answers`.
    mutating func fill(words: [Int32], stepLengths: [Int], answers: [Int32], threshold: Double) {
        for i in usedSlots { slots[i] = 0 }
        usedSlots.removeAll(keepingCapacity: true)
        trigramCodes.removeAll(keepingCapacity: true)
        trigramHashes.removeAll(keepingCapacity: true)
        for i in wordBits.indices { wordBits[i] = 0 }
        // Room for every trigram at load ≤ 1/2 (steps are short; this grows only for unusual ones).
        let maxTrigrams = words.count
        if 2 * maxTrigrams > slots.count {
            var capacity = slots.count
            while 2 * maxTrigrams > capacity { capacity *= 2 }
            slots = Array(repeating: 0, count: capacity)
            slotMask = capacity - 1
        }
        let v = UInt32(SubmissionVocabulary.words.count), hashes = SubmissionVocabulary.wordHashes
        var start = 0
        for length in stepLengths {
            for i in start..<(start + length) { setWord(words[i]) }
            if length >= 3 {
                for i in start..<(start + length - 2) {
                    let a = words[i], b = words[i + 1], c = words[i + 2]
                    let code = (UInt32(a) * v + UInt32(b)) * v + UInt32(c)
                    if insertTrigram(code) {
                        trigramCodes.append(code)
                        trigramHashes.append(SubmissionVocabulary.trigram(a, b, c, wordHashes: hashes))
                    }
                }
            }
            start += length
        }
        for a in answers { setWord(a) }
        var wordCount = 0
        for w in wordBits { wordCount += w.nonzeroBitCount }
        count = wordCount + trigramCodes.count
        selectPrefix(Self.prefixLength(count, threshold: threshold))
    }

    @inline(__always)
    private mutating func setWord(_ w: Int32) {
        wordBits[Int(w) >> 6] |= 1 << UInt64(Int(w) & 63)
    }

    /// Number of smallest tokens of an `n`-token set that the prefix filter indexes and probes:
    /// `n − ⌈t·n⌉ + 1`. Two sets with Jaccard ≥ `t` share at least `⌈t·max(|x|, |y|)⌉` tokens, so
    /// these prefixes of both share a token: the filter loses no pair with a similarity above `t`.
    /// (`t·n` rounds to nearest in floating point, so its ceiling is never above the exact one: a
    /// prefix is never shorter than the exact bound.)
    static func prefixLength(_ n: Int, threshold: Double) -> Int {
        guard n > 0 else { return 0 }
        return min(n, n - Int((threshold * Double(n)).rounded(.up)) + 1)
    }

    /// Sets ``prefix`` to the `k` smallest token hashes. Word hashes have the top bit set, so they
    /// follow every trigram hash: the prefix is the smallest trigrams, then the smallest words.
    private mutating func selectPrefix(_ k: Int) {
        prefix.removeAll(keepingCapacity: true)
        guard k > 0 else { return }
        if k >= trigramHashes.count {
            prefix.append(contentsOf: trigramHashes)
            var needed = k - trigramHashes.count
            if needed > 0 {
                for w in SubmissionVocabulary.wordsByHash where wordBits[w >> 6] & (1 << UInt64(w & 63)) != 0 {
                    prefix.append(SubmissionVocabulary.wordHashes[w])
                    needed -= 1
                    if needed == 0 { break }
                }
            }
            return
        }
        // The k smallest of the trigram hashes, kept sorted in `prefix` (k is small: n·(1 − t) + 1).
        for h in trigramHashes {
            if prefix.count == k {
                guard h < prefix[k - 1] else { continue }
                prefix.removeLast()
            }
            var i = prefix.count
            prefix.append(h)
            while i > 0 && prefix[i - 1] > h {
                prefix[i] = prefix[i - 1]
                i -= 1
            }
            prefix[i] = h
        }
    }
}
