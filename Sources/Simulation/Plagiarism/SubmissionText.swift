/// The words simulated submissions are written with, and their token hashes.
///
/// Reasoning steps and final answers are sequences of indexes into ``words``; the texts exist only
/// for plagiarism detection, so they are made from their own generator streams and never move
/// the draws of the scoring model.
enum SubmissionVocabulary {
    static let stems = [
        "lemma", "proof", "bound", "case", "graph", "node", "value", "set", "map", "state", "claim", "step",
        "limit", "sum", "term", "index", "order", "factor", "root", "path", "edge", "cycle", "prime", "ratio",
        "model", "cause", "effect", "sample", "test", "hypothesis", "constraint", "payoff", "policy", "agent",
        "input", "output", "loop", "branch", "invariant", "estimate",
    ]
    static let forms = ["", "s", "ed", "ing", "-first", "-second", "-prime", "-star"]

    /// Every word, lower case (320 of them).
    static let words: [String] = stems.flatMap { s in forms.map { s + $0 } }

    /// FNV-1a hash of each word, with the top bit set so word tokens sort after trigram tokens
    /// (the rare tokens come first, which keeps the prefix filter's candidate lists short).
    static let wordHashes: [UInt64] = words.map { fnv1a($0) | (1 << 63) }

    /// Word indexes in increasing order of their hashes (the order of word tokens in a token set).
    static let wordsByHash: [Int] = words.indices.sorted { wordHashes[$0] < wordHashes[$1] }

    /// `UInt64`s in a bitmap over the words (trigram codes `(a·V + b)·V + c` need `V³ < 2³²`).
    static let bitmapWords: Int = {
        precondition(words.count * words.count * words.count < 1 << trigramCodeBits, "trigram codes must fit in 25 bits")
        return (words.count + 63) / 64
    }()

    static func fnv1a(_ text: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            h ^= UInt64(byte)
            h &*= 0x0000_0100_0000_01B3
        }
        return h
    }

    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The token of the word 3-gram `a b c` (top bit clear): ``trigram(code:)`` of its code.
    @inline(__always)
    static func trigram(_ a: Int32, _ b: Int32, _ c: Int32) -> UInt64 {
        let v = UInt32(words.count)
        return trigram(code: (UInt32(a) * v + UInt32(b)) * v + UInt32(c))
    }

    /// The token of the trigram with code `(a·V + b)·V + c`: the code times an odd constant
    /// modulo 2³² (a bijection of 32-bit values, one multiplication) above the code's 25 bits, top
    /// bit clear. The code in the low bits makes tokens injective by construction (V³ = 32,768,000
    /// < 2²⁵); the scrambled bits above it order trigrams for the prefix filter, so the prefix is
    /// not biased towards the first words of the vocabulary. Which order is used never changes a
    /// flag: the filter is exact under any fixed order, only its candidate lists change.
    @inline(__always)
    static func trigram(code: UInt32) -> UInt64 {
        UInt64(code &* 0x9E37_79B1) << 25 | UInt64(code)
    }

    /// Bits of a trigram code (``trigram(code:)`` keeps them as the token's low bits).
    static let trigramCodeBits = 25
}
