/// The token set of one submission, in the form the detector compares: which words it uses (a
/// bitmap over ``SubmissionVocabulary/words``), its distinct word 3-grams (exact codes), and its
/// prefix for the candidate filter (the smallest tokens).
///
/// The spec's tokens are words and word 3-grams; here a word is ``SubmissionVocabulary/wordHashes``
/// (top bit set) and a 3-gram ``SubmissionVocabulary/trigram(code:)`` (top bit clear, its code in
/// the low bits). Both are injective over the vocabulary (the 320 word hashes are distinct, checked
/// by a test; trigram tokens hold their code), so a set of tokens and the set of words and trigrams
/// it came from have the same sizes and intersections: the Jaccard index is the same number. The
/// token values are what orders tokens for the prefix filter: every trigram before every word.
///
/// One value is reused for every submission (``fill(_:miner:threshold:)``), so a
/// check allocates nothing once the buffers have grown; the buffers are written through spans, so
/// the loops carry no per-element uniqueness checks.
struct SubmissionTokenSet {
    /// Bitmap of the words used, ``SubmissionVocabulary/bitmapWords`` `UInt64`s.
    var wordBits: [UInt64]
    /// Distinct trigram codes (`(a·V + b)·V + c` for vocabulary size `V`), in first-seen order:
    /// the first ``trigramCount`` entries of the buffer.
    var trigramCodes: ArraySlice<UInt32> { codeBuffer[0..<trigramCount] }
    private var codeBuffer: [UInt32] = Array(repeating: 0, count: 64)
    // Invariant: `slots.count == 2 * codeBuffer.count`, so the table is at most half full.
    private(set) var trigramCount = 0
    /// Stamp of the current set's membership entries: a slot belongs to the set only when its high
    /// half equals it, so a new fill empties the table by taking the next stamp (never 0, the
    /// stamp of a cleared slot).
    private var generation: UInt64 = 1
    /// The prefix filter's tokens: the `prefixLength(count)` smallest tokens, ascending.
    var prefix: [UInt64] = []
    /// Number of distinct tokens (words and trigrams).
    var count = 0
    /// Open-addressing set of trigram codes, each slot `generation << 32 | code`; a slot of another
    /// generation is empty.
    private var slots: [UInt64] = Array(repeating: 0, count: 128)
    private var slotMask = 127

    init() {
        wordBits = Array(repeating: 0, count: SubmissionVocabulary.bitmapWords)
    }

    private init(placeholder: Void) {
        wordBits = []
        codeBuffer = []
        slots = []
        slotMask = 0
    }

    /// A set that owns no storage, to hold a place while a real set is moved out of an array
    /// (it is never filled or read).
    static var placeholder: SubmissionTokenSet { SubmissionTokenSet(placeholder: ()) }

    /// Whether `code` is one of this set's trigrams.
    @inline(__always)
    func containsTrigram(_ code: UInt32) -> Bool {
        var i = Self.slot(of: code, mask: slotMask)
        let key = generation << 32 | UInt64(code)
        while true {
            let s = slots[i]
            if s == key { return true }
            if s >> 32 != generation { return false }
            i = (i + 1) & slotMask
        }
    }

    @inline(__always)
    private static func slot(of code: UInt32, mask: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(code) &* 0x9E37_79B9_7F4A_7C15) >> 40) & mask
    }

    /// Replaces the contents with the tokens of a submission whose reasoning steps are `words`
    /// (concatenated, step `i` being `stepLengths[i]` words long) and whose final answer is `answers`.
    mutating func fill(_ texts: SubmissionTexts, miner m: Int, threshold: Double) {
        let extent = texts.extents[m]
        // Room for every trigram, and a membership table at load ≤ 1/2 (steps are short; these grow
        // only for unusual ones).
        let maxTrigrams = extent.words.count
        if maxTrigrams > codeBuffer.count {
            var capacity = codeBuffer.count
            while maxTrigrams > capacity { capacity *= 2 }
            codeBuffer = Array(repeating: 0, count: capacity)
            slots = Array(repeating: 0, count: 2 * capacity)
            slotMask = 2 * capacity - 1
        }
        // A new stamp empties the membership table; after 2³² − 1 fills it is cleared for real.
        generation = generation == UInt64(UInt32.max) ? 0 : generation + 1
        if generation == 0 {
            for i in slots.indices { slots[i] = 0 }
            generation = 1
        }
        let stamp = generation << 32
        let v = UInt32(SubmissionVocabulary.words.count), mask = slotMask
        var distinct = 0
        // The buffers are taken out of `self` while written (no copy), then put back.
        var bitArray: [UInt64] = [], tableArray: [UInt64] = [], codeArray: [UInt32] = []
        swap(&bitArray, &wordBits)
        swap(&tableArray, &slots)
        swap(&codeArray, &codeBuffer)
        do {
            var bits = bitArray.mutableSpan
            var table = tableArray.mutableSpan
            var codes = codeArray.mutableSpan
            for i in 0..<bits.count { bits[i] = 0 }
            let text = texts.words.span.extracting(extent.words)
            let stepLengths = texts.stepLengths.span.extracting(extent.steps)
            var start = 0
            for s in 0..<stepLengths.count {
                let length = stepLengths[s]
                for i in start..<(start + length) { Self.setWord(text[i], in: &bits) }
                if length >= 3 {
                    for i in start..<(start + length - 2) {
                        let code = (UInt32(text[i]) * v + UInt32(text[i + 1])) * v + UInt32(text[i + 2])
                        // Insert into the membership table; a new code is appended to `codes`.
                        var j = Self.slot(of: code, mask: mask)
                        let key = stamp | UInt64(code)
                        while true {
                            let s = table[j]
                            if s == key { break }
                            if s & ~0xFFFF_FFFF != stamp {
                                table[j] = key
                                codes[distinct] = code
                                distinct += 1
                                break
                            }
                            j = (j + 1) & mask
                        }
                    }
                }
                start += length
            }
            for i in extent.answers { Self.setWord(texts.answers[i], in: &bits) }
        }
        swap(&bitArray, &wordBits)
        swap(&tableArray, &slots)
        swap(&codeArray, &codeBuffer)
        trigramCount = distinct
        var wordCount = 0
        for w in wordBits { wordCount += w.nonzeroBitCount }
        count = wordCount + distinct
        selectPrefix(Self.prefixLength(count, threshold: threshold))
    }

    @inline(__always)
    private static func setWord(_ w: Int32, in bits: inout MutableSpan<UInt64>) {
        bits[Int(w) >> 6] |= 1 << UInt64(Int(w) & 63)
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

    /// Sets ``prefix`` to the `k` smallest tokens, ascending. Word tokens have the top bit set, so
    /// they follow every trigram: the prefix is the smallest trigrams, then the smallest words.
    private mutating func selectPrefix(_ k: Int) {
        var prefix: [UInt64] = []
        swap(&prefix, &self.prefix)
        defer { swap(&prefix, &self.prefix) }
        prefix.removeAll(keepingCapacity: true)
        guard k > 0 else { return }
        let taken = min(k, trigramCount)
        // The `taken` smallest trigram tokens, kept sorted in a buffer that starts full of the
        // largest value (k is small: n·(1 − t) + 1): each token passes down the buffer, every slot
        // keeping the smaller of its value and the passing one and handing on the larger. No step
        // depends on a comparison's outcome, so none is mispredicted (the tokens are pseudo-random,
        // and a skip-or-insert branch was wrong about twice per inserted token). Word tokens all
        // exceed trigram tokens, so UInt64.max is never a real one here.
        prefix.append(contentsOf: repeatElement(UInt64.max, count: taken))
        do {
            var best = prefix.mutableSpan
            let codes = codeBuffer.span
            for i in 0..<trigramCount where taken > 0 {
                var carried = SubmissionVocabulary.trigram(code: codes[i])
                // A long prefix (a low threshold) first skips tokens that cannot enter, so the cost
                // stays near one comparison per token instead of `taken`.
                if taken > 32 && carried >= best[taken - 1] { continue }
                for j in 0..<taken {
                    let kept = best[j]
                    best[j] = min(kept, carried)
                    carried = max(kept, carried)
                }
            }
        }
        var needed = k - taken
        guard needed > 0 else { return }
        for w in SubmissionVocabulary.wordsByHash where wordBits[w >> 6] & (1 << UInt64(w & 63)) != 0 {
            prefix.append(SubmissionVocabulary.wordHashes[w])
            needed -= 1
            if needed == 0 { break }
        }
    }
}
