import Foundation
import Reputation

/// A parser for plain `/reputation_request` bodies (hundreds of hotkeys each), which `JSONDecoder`
/// spends most of the request's CPU on. (`/reward_allocation` bodies go through Reputation's
/// `RewardAllocationScanner`, the ingest's scanner too.)
///
/// It accepts only the plain shape — the request's own members, each once, strings with the escapes
/// `\" \\ \/ \n \t \r \b \f` — and returns nil for anything else (unknown members or escapes,
/// duplicates, missing fields, wrong types, trailing bytes). The caller then decodes with
/// `JSONDecoder`, which produces the field-naming 400s. So the fast path can only ever accept what
/// `JSONDecoder` would accept, with the same result.
enum PlainRequestParser {
    static func reputationRequest(_ data: Data) -> ReputationRequest? {
        data.withUnsafeBytes { raw -> ReputationRequest? in
            var p = Parser(bytes: raw.bindMemory(to: UInt8.self))
            return p.reputationRequest()
        }
    }

    /// A plain `/reputation_request` body whose `miners` list is left as bytes (`miners` is the
    /// range of the list, brackets included, in the body). Accepts exactly what
    /// ``reputationRequest(_:)`` accepts.
    struct Parts: Sendable, Equatable {
        var validatorHotkey: String
        var signature: String
        var miners: Range<Int>
    }

    static func reputationRequestParts(_ data: Data) -> Parts? {
        data.withUnsafeBytes { raw -> Parts? in
            var p = Parser(bytes: raw.bindMemory(to: UInt8.self))
            return p.reputationRequestParts()
        }
    }

    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0

        mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        }

        mutating func expect(_ c: UInt8) -> Bool {
            skipSpace()
            guard i < bytes.count, bytes[i] == c else { return false }
            i += 1
            return true
        }

        /// Scans a string literal: the byte range between its quotes and whether it holds escapes.
        /// Only the escapes `\" \\ \/ \n \t \r \b \f` are accepted, and no raw control characters.
        mutating func scanString() -> (range: Range<Int>, escaped: Bool)? {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
            i += 1
            let start = i
            var escaped = false
            while i < bytes.count {
                let c = bytes[i]
                if c == UInt8(ascii: "\"") {
                    defer { i += 1 }
                    return (start..<i, escaped)
                }
                if c < 0x20 { return nil }
                if c == UInt8(ascii: "\\") {
                    guard i + 1 < bytes.count else { return nil }
                    switch bytes[i + 1] {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "n"), UInt8(ascii: "t"),
                         UInt8(ascii: "r"), UInt8(ascii: "b"), UInt8(ascii: "f"):
                        escaped = true
                        i += 2
                    default:
                        return nil // \u and anything else: leave it to JSONDecoder
                    }
                } else {
                    i += 1
                }
            }
            return nil
        }

        mutating func string() -> String? {
            guard let (range, escaped) = scanString() else { return nil }
            let raw = UnsafeBufferPointer(rebasing: bytes[range])
            guard escaped else { return String(decoding: raw, as: UTF8.self) }
            var out: [UInt8] = []
            out.reserveCapacity(raw.count)
            var k = 0
            while k < raw.count {
                guard raw[k] == UInt8(ascii: "\\") else {
                    out.append(raw[k])
                    k += 1
                    continue
                }
                switch raw[k + 1] { // scanString accepted only these escapes
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case let c: out.append(c) // \" \\ \/
                }
                k += 2
            }
            return String(decoding: out, as: UTF8.self)
        }

        /// A member name, compared by its bytes (no `String` is made for it).
        ///
        /// Only names without escapes are returned: every name the requests know is plain ASCII
        /// without `"`, `\`, `/` or control characters, so a name written with escapes is never one
        /// of them, and is rejected like any unknown member.
        struct Key {
            let bytes: UnsafeBufferPointer<UInt8>

            static func ~= (pattern: StaticString, key: Key) -> Bool {
                guard pattern.utf8CodeUnitCount == key.bytes.count else { return false }
                let known = pattern.utf8Start
                for k in 0..<key.bytes.count where known[k] != key.bytes[k] { return false }
                return true
            }
        }

        mutating func key() -> Key? {
            guard let (range, escaped) = scanString(), !escaped else { return nil }
            return Key(bytes: UnsafeBufferPointer(rebasing: bytes[range]))
        }

        /// Walks an object `{"key": value, …}` with at least one member: for each key (colon
        /// consumed) `member` reads the value and returns false to reject the body.
        @inline(__always)
        mutating func members(_ member: (inout Parser, Key) -> Bool) -> Bool {
            guard expect(UInt8(ascii: "{")) else { return false }
            while true {
                guard let key = key(), expect(UInt8(ascii: ":")), member(&self, key) else { return false }
                if expect(UInt8(ascii: ",")) { continue }
                return expect(UInt8(ascii: "}"))
            }
        }

        /// Walks an array `[element, …]` (possibly empty); `element` reads one element and returns
        /// false to reject the body.
        @inline(__always)
        mutating func elements(_ element: (inout Parser) -> Bool) -> Bool {
            guard expect(UInt8(ascii: "[")) else { return false }
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return true }
            while true {
                guard element(&self) else { return false }
                if expect(UInt8(ascii: ",")) { continue }
                return expect(UInt8(ascii: "]"))
            }
        }

        /// Whether only white space is left.
        mutating func atEnd() -> Bool {
            skipSpace()
            return i == bytes.count
        }

        /// Scans a list of strings without decoding them: the range from `[` to `]` inclusive.
        mutating func scanStringList() -> Range<Int>? {
            let start = i
            guard elements({ $0.scanString() != nil }) else { return nil }
            return start..<i
        }

        /// An array whose every element `element` parses; nil when one does not.
        mutating func list<T>(reservingCapacity capacity: Int = 0, _ element: (inout Parser) -> T?) -> [T]? {
            var out: [T] = []
            out.reserveCapacity(capacity)
            guard elements({ p in
                guard let e = element(&p) else { return false }
                out.append(e)
                return true
            }) else { return nil }
            return out
        }

        mutating func stringList() -> [String]? {
            list { $0.string() }
        }

        /// The plain `/reputation_request` shape with the miners list left undecoded.
        mutating func reputationRequestParts() -> Parts? {
            var validator: String?, miners: Range<Int>?, signature: String?
            let plain = members { p, key in
                switch key {
                case "validator_hotkey" where validator == nil: validator = p.string(); return validator != nil
                case "signature" where signature == nil: signature = p.string(); return signature != nil
                case "miners" where miners == nil: miners = p.scanStringList(); return miners != nil
                default: return false
                }
            }
            guard plain, atEnd(), let validator, let miners, let signature else { return nil }
            return Parts(validatorHotkey: validator, signature: signature, miners: miners)
        }

        mutating func reputationRequest() -> ReputationRequest? {
            var validator: String?, miners: [String]?, signature: String?
            let plain = members { p, key in
                switch key {
                case "validator_hotkey" where validator == nil: validator = p.string(); return validator != nil
                case "signature" where signature == nil: signature = p.string(); return signature != nil
                case "miners" where miners == nil: miners = p.stringList(); return miners != nil
                default: return false
                }
            }
            guard plain, atEnd(), let validator, let miners, let signature else { return nil }
            return ReputationRequest(validatorHotkey: validator, miners: miners, signature: signature)
        }
    }
}
