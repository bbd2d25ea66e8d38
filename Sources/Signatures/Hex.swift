// Hexadecimal encoding and strict decoding.

/// Lower-case hexadecimal encoding and strict decoding (even length, 0-9a-fA-F, optional `0x`).
public enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Encodes bytes as lower-case hex without a prefix.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        var out = [UInt8]()
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes hex, with or without a `0x` prefix. Returns `nil` for odd length or a non-hex character.
    public static func decode(_ text: String) -> [UInt8]? {
        var text = text
        return text.withUTF8 { decode(UnsafeRawBufferPointer($0)) }
    }

    /// Decodes hex held as UTF-8 bytes, with or without a `0x` prefix.
    static func decode(_ utf8: UnsafeRawBufferPointer) -> [UInt8]? {
        var out = [UInt8]()
        guard decode(utf8, into: &out) else { return nil }
        return out
    }

    /// Decodes hex held as UTF-8 bytes into `out` (appending). Returns `false` on malformed input.
    static func decode(_ utf8: UnsafeRawBufferPointer, into out: inout [UInt8]) -> Bool {
        var start = 0
        if utf8.count >= 2, utf8[0] == UInt8(ascii: "0"), utf8[1] == UInt8(ascii: "x") || utf8[1] == UInt8(ascii: "X") {
            start = 2
        }
        let n = utf8.count - start
        guard n % 2 == 0 else { return false }
        out.reserveCapacity(out.count + n / 2)
        var i = start
        while i < utf8.count {
            guard let hi = nibble(utf8[i]), let lo = nibble(utf8[i + 1]) else { return false }
            out.append(hi << 4 | lo)
            i += 2
        }
        return true
    }

    @inline(__always)
    static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
