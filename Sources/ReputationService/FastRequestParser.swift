import Foundation
import Reputation

/// A fast path for decoding `/reputation_request` bodies (hundreds of hotkeys each), which
/// `JSONDecoder` spends most of the request's CPU on.
///
/// It accepts only the plain shape — one object whose members are strings or a list of strings, with
/// the escapes `\" \\ \/ \n \t \r \b \f` — and returns nil for anything else (unknown escapes, numbers,
/// nesting, duplicates, missing fields, trailing bytes). The caller then decodes with `JSONDecoder`,
/// which produces the field-naming 400s. So the fast path can only ever accept what `JSONDecoder`
/// would accept, with the same result.
enum FastRequestParser {
    static func reputationRequest(_ data: Data) -> ReputationRequest? {
        data.withUnsafeBytes { raw -> ReputationRequest? in
            var p = Parser(bytes: raw.bindMemory(to: UInt8.self))
            return p.reputationRequest()
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

        mutating func string() -> String? {
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
            i += 1
            let start = i
            // Fast scan: no escapes.
            while i < bytes.count {
                let c = bytes[i]
                if c == UInt8(ascii: "\"") {
                    let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
                    i += 1
                    return s
                }
                if c == UInt8(ascii: "\\") { break }
                if c < 0x20 { return nil }
                i += 1
            }
            // Slow path with the simple escapes.
            var out = [UInt8](UnsafeBufferPointer(rebasing: bytes[start..<i]))
            while i < bytes.count {
                let c = bytes[i]
                if c == UInt8(ascii: "\"") {
                    i += 1
                    return String(decoding: out, as: UTF8.self)
                }
                if c < 0x20 { return nil }
                if c == UInt8(ascii: "\\") {
                    guard i + 1 < bytes.count else { return nil }
                    switch bytes[i + 1] {
                    case UInt8(ascii: "\""): out.append(0x22)
                    case UInt8(ascii: "\\"): out.append(0x5C)
                    case UInt8(ascii: "/"): out.append(0x2F)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    default: return nil // \u and anything else: leave it to JSONDecoder
                    }
                    i += 2
                } else {
                    out.append(c)
                    i += 1
                }
            }
            return nil
        }

        mutating func stringList() -> [String]? {
            guard expect(UInt8(ascii: "[")) else { return nil }
            var out: [String] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return out }
            while true {
                guard let s = string() else { return nil }
                out.append(s)
                if expect(UInt8(ascii: ",")) { continue }
                guard expect(UInt8(ascii: "]")) else { return nil }
                return out
            }
        }

        mutating func reputationRequest() -> ReputationRequest? {
            guard expect(UInt8(ascii: "{")) else { return nil }
            var validator: String?, miners: [String]?, signature: String?
            while true {
                guard let key = string(), expect(UInt8(ascii: ":")) else { return nil }
                switch key {
                case "validator_hotkey" where validator == nil: validator = string()
                case "signature" where signature == nil: signature = string()
                case "miners" where miners == nil: miners = stringList()
                default: return nil
                }
                guard validator != nil || miners != nil || signature != nil else { return nil }
                if key == "validator_hotkey", validator == nil { return nil }
                if key == "signature", signature == nil { return nil }
                if key == "miners", miners == nil { return nil }
                if expect(UInt8(ascii: ",")) { continue }
                guard expect(UInt8(ascii: "}")) else { return nil }
                break
            }
            skipSpace()
            guard i == bytes.count, let validator, let miners, let signature else { return nil }
            return ReputationRequest(validatorHotkey: validator, miners: miners, signature: signature)
        }
    }
}
