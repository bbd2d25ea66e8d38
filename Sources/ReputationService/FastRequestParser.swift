import Foundation
import Reputation

/// A fast path for decoding `/reputation_request` and `/reward_allocation` bodies (hundreds of
/// hotkeys or entries each), which `JSONDecoder` spends most of the request's CPU on.
///
/// It accepts only the plain shape — the request's own members, each once, strings with the escapes
/// `\" \\ \/ \n \t \r \b \f`, numbers in strict JSON grammar that parse to finite doubles, integer
/// `uid`s, `null` for optional members — and returns nil for anything else (unknown members or escapes,
/// duplicates, missing fields, wrong types, trailing bytes). The caller then decodes with
/// `JSONDecoder`, which produces the field-naming 400s. So the fast path can only ever accept what
/// `JSONDecoder` would accept, with the same result.
enum FastRequestParser {
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

    static func rewardAllocation(_ data: Data) -> RewardAllocation? {
        data.withUnsafeBytes { raw -> RewardAllocation? in
            var p = Parser(bytes: raw.bindMemory(to: UInt8.self))
            return p.rewardAllocation()
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

        /// Scans a list of strings without decoding them: the range from `[` to `]` inclusive.
        mutating func scanStringList() -> Range<Int>? {
            guard expect(UInt8(ascii: "[")) else { return nil }
            let start = i - 1
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return start..<i }
            while true {
                guard scanString() != nil else { return nil }
                if expect(UInt8(ascii: ",")) { continue }
                guard expect(UInt8(ascii: "]")) else { return nil }
                return start..<i
            }
        }

        /// The plain `/reputation_request` shape with the miners list left undecoded.
        mutating func reputationRequestParts() -> Parts? {
            guard expect(UInt8(ascii: "{")) else { return nil }
            var validator: String?, miners: Range<Int>?, signature: String?
            while true {
                guard let key = string(), expect(UInt8(ascii: ":")) else { return nil }
                switch key {
                case "validator_hotkey" where validator == nil: guard let v = string() else { return nil }; validator = v
                case "signature" where signature == nil: guard let v = string() else { return nil }; signature = v
                case "miners" where miners == nil: guard let v = scanStringList() else { return nil }; miners = v
                default: return nil
                }
                if expect(UInt8(ascii: ",")) { continue }
                guard expect(UInt8(ascii: "}")) else { return nil }
                break
            }
            skipSpace()
            guard i == bytes.count, let validator, let miners, let signature else { return nil }
            return Parts(validatorHotkey: validator, signature: signature, miners: miners)
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

        /// `null` (consumed) or not (nothing consumed).
        mutating func null() -> Bool {
            skipSpace()
            guard i + 4 <= bytes.count, bytes[i] == UInt8(ascii: "n"), bytes[i + 1] == UInt8(ascii: "u"),
                  bytes[i + 2] == UInt8(ascii: "l"), bytes[i + 3] == UInt8(ascii: "l") else { return false }
            i += 4
            return true
        }

        /// A string or `null`: `.some(nil)` for null, nil when neither.
        mutating func optionalString() -> String?? {
            if null() { return .some(nil) }
            return string().map { .some($0) }
        }

        /// The span of a number in strict JSON grammar: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
        mutating func numberSpan() -> (start: Int, end: Int, integral: Bool)? {
            skipSpace()
            let start = i
            func digits() -> Int {
                let from = i
                while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") { i += 1 }
                return i - from
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: "0") { i += 1 } else if digits() == 0 { return nil }
            var integral = true
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                i += 1
                integral = false
                guard digits() > 0 else { return nil }
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                i += 1
                integral = false
                if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
                guard digits() > 0 else { return nil }
            }
            return (start, i, integral)
        }

        /// A finite double (correctly rounded by `strtod`, as `JSONDecoder` reads it).
        mutating func double() -> Double? {
            guard let span = numberSpan(), span.end - span.start < 64 else { return nil }
            var buffer = [CChar](repeating: 0, count: span.end - span.start + 1)
            for k in span.start..<span.end { buffer[k - span.start] = CChar(bitPattern: bytes[k]) }
            let value = buffer.withUnsafeBufferPointer { strtod($0.baseAddress!, nil) }
            return value.isFinite ? value : nil
        }

        /// An integer without fraction or exponent that fits in `Int`, or `null`.
        mutating func optionalInt() -> Int?? {
            if null() { return .some(nil) }
            guard let span = numberSpan(), span.integral, span.end - span.start <= 19 else { return nil }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[span.start..<span.end]), as: UTF8.self)
            return Int(text).map { .some($0) }
        }

        mutating func allocationEntry() -> RewardAllocationEntry? {
            guard expect(UInt8(ascii: "{")) else { return nil }
            var hotkey: String?, uid: Int??, base: Double?, score: Double?, tier: String?, bonus: Double?, total: Double?
            while true {
                guard let key = string(), expect(UInt8(ascii: ":")) else { return nil }
                switch key {
                case "miner_hotkey" where hotkey == nil: guard let v = string() else { return nil }; hotkey = v
                case "uid" where uid == nil: guard let v = optionalInt() else { return nil }; uid = v
                case "base_reward" where base == nil: guard let v = double() else { return nil }; base = v
                case "rep_score" where score == nil: guard let v = double() else { return nil }; score = v
                case "rep_tier" where tier == nil: guard let v = string() else { return nil }; tier = v
                case "reputation_bonus" where bonus == nil: guard let v = double() else { return nil }; bonus = v
                case "total_reward" where total == nil: guard let v = double() else { return nil }; total = v
                default: return nil
                }
                if expect(UInt8(ascii: ",")) { continue }
                guard expect(UInt8(ascii: "}")) else { return nil }
                break
            }
            guard let hotkey, let base, let score, let tier, let bonus, let total else { return nil }
            return RewardAllocationEntry(minerHotkey: hotkey, uid: uid ?? nil, baseReward: base, repScore: score,
                                         repTier: ReputationTier(tier), reputationBonus: bonus, totalReward: total)
        }

        mutating func allocationEntries() -> [RewardAllocationEntry]? {
            guard expect(UInt8(ascii: "[")) else { return nil }
            var out: [RewardAllocationEntry] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return out }
            while true {
                guard let e = allocationEntry() else { return nil }
                out.append(e)
                if expect(UInt8(ascii: ",")) { continue }
                guard expect(UInt8(ascii: "]")) else { return nil }
                return out
            }
        }

        mutating func rewardAllocation() -> RewardAllocation? {
            guard expect(UInt8(ascii: "{")) else { return nil }
            var validator: String?, signature: String?, miners: [RewardAllocationEntry]?
            var version: String??, cycle: String??, step: String??, timestamp: String??, idempotency: String??
            while true {
                guard let key = string(), expect(UInt8(ascii: ":")) else { return nil }
                switch key {
                case "validator_hotkey" where validator == nil: guard let v = string() else { return nil }; validator = v
                case "signature" where signature == nil: guard let v = string() else { return nil }; signature = v
                case "miners" where miners == nil: guard let v = allocationEntries() else { return nil }; miners = v
                case "rep_snapshot_version" where version == nil: guard let v = optionalString() else { return nil }; version = v
                case "cycle_id" where cycle == nil: guard let v = optionalString() else { return nil }; cycle = v
                case "step_id" where step == nil: guard let v = optionalString() else { return nil }; step = v
                case "timestamp" where timestamp == nil: guard let v = optionalString() else { return nil }; timestamp = v
                case "idempotency_key" where idempotency == nil: guard let v = optionalString() else { return nil }; idempotency = v
                default: return nil
                }
                if expect(UInt8(ascii: ",")) { continue }
                guard expect(UInt8(ascii: "}")) else { return nil }
                break
            }
            skipSpace()
            guard i == bytes.count, let validator, let miners, let signature else { return nil }
            return RewardAllocation(validatorHotkey: validator, repSnapshotVersion: version ?? nil, cycleId: cycle ?? nil,
                                    stepId: step ?? nil, timestamp: timestamp ?? nil, miners: miners, signature: signature,
                                    idempotencyKey: idempotency ?? nil)
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
