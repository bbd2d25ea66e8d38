package import Foundation

/// A one-pass byte scanner for `/reward_allocation` bodies and the records the service stores them in:
/// the fast path of the service's request decoding and of `scoring reputation ingest`'s file reader.
///
/// `JSONDecoder` builds a generic value tree and decodes through keyed containers, and it dominated
/// both (about 5 ms for a 256-entry allocation). This scanner reads the same members straight from
/// the bytes. It gives up — returns `nil` — on anything it does not handle exactly as `JSONDecoder`
/// would, and the caller then decodes with `JSONDecoder`, which also names the field of a refused
/// body. So the scanner never decides what a body means or why it is refused; it only makes the
/// common case cheap. It gives up on:
/// - strings with a control character, a non-ASCII byte or an escape other than `\" \\ \/ \n \t \r \b \f`
///   (member names with any escape);
/// - a member given twice, a member of the wrong JSON type, `null` for a required member;
/// - an unknown member whose value is an object or an array (unknown scalars are skipped, as `Codable` skips them);
/// - a number outside the JSON grammar, a non-finite double, a `uid` that is not a plain integer in range;
/// - anything after the closing brace but whitespace.
///
/// Numbers are converted with correct rounding (Clinger's fast path, ``EiselLemire``, else `strtod`), so
/// a double is the same value `JSONDecoder` produces. The ingest's `FastPathEquivalenceTests` and the
/// service's `FastAllocationParserTests` check the two paths agree.
package enum RewardAllocationScanner {
    /// The allocation body, or with `wrapped` the stored record's `received_at` and allocation body;
    /// nil when the bytes must go through `JSONDecoder`.
    package static func scan(_ data: Data, wrapped: Bool) -> (allocation: RewardAllocation, receivedAt: String?)? {
        data.withUnsafeBytes { scan($0, wrapped: wrapped) }
    }

    /// ``scan(_:wrapped:)`` of bytes in memory (a file read into a buffer).
    package static func scan(_ raw: UnsafeRawBufferPointer, wrapped: Bool) -> (allocation: RewardAllocation, receivedAt: String?)? {
        guard let base = raw.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        var s = Cursor(p: base, end: base + raw.count)
        let out: (RewardAllocation, String?)?
        if wrapped {
            out = s.wrapped()
        } else if let a = s.allocation() {
            out = (a, nil)
        } else {
            out = nil
        }
        guard let out else { return nil }
        s.skipSpace()
        return s.p == s.end ? out : nil
    }

    /// The scanner's position in the file's bytes. Every method returns nil (or false) to give up.
    struct Cursor {
        var p: UnsafePointer<UInt8>
        let end: UnsafePointer<UInt8>

        mutating func skipSpace() {
            while p < end {
                let c = p.pointee
                guard c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 else { return }
                p += 1
            }
        }

        /// Consumes `c` after optional whitespace.
        mutating func take(_ c: UInt8) -> Bool {
            skipSpace()
            guard p < end, p.pointee == c else { return false }
            p += 1
            return true
        }

        /// Peeks the next non-space byte.
        mutating func peek() -> UInt8? {
            skipSpace()
            return p < end ? p.pointee : nil
        }

        /// A string's bytes without its quotes; nil when it has an escape, a control or a non-ASCII byte.
        ///
        /// Eight bytes at a time while none of them is a quote, a backslash, a control or a non-ASCII byte
        /// (a hotkey is 48 bytes), then byte by byte from the first word that has one.
        mutating func rawString() -> UnsafeBufferPointer<UInt8>? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            let start = p
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            while end - p >= 8 {
                let w = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
                // A byte's high bit is set in `special` when the byte is '"' or '\\' (x ^ c has a zero byte), below
                // 0x20 (x − 0x20 borrows), or 0x80 and above. A borrow only crosses from a byte already counted,
                // so `special` is non-zero exactly when some byte is special.
                let quote = w ^ (0x22 &* ones), backslash = w ^ (0x5C &* ones)
                let special = ((quote &- ones) & ~quote | (backslash &- ones) & ~backslash | (w &- 0x20 &* ones) & ~w | w) & highs
                if special != 0 { break }
                p += 8
            }
            while p < end {
                let c = p.pointee
                if c == UInt8(ascii: "\"") {
                    let b = UnsafeBufferPointer(start: start, count: p - start)
                    p += 1
                    return b
                }
                if c == UInt8(ascii: "\\") || c < 0x20 || c >= 0x80 { return nil }
                p += 1
            }
            return nil
        }

        /// A string value: its bytes as they are, or with the escapes `\" \\ \/ \n \t \r \b \f`
        /// decoded (a signature in the signed-message format holds `\n` and `\t`); nil for any other
        /// escape (`\u` is left to `JSONDecoder`), a control or a non-ASCII byte. Member names are
        /// read with ``rawString()``, so a name written with an escape is never taken for a known one.
        mutating func string() -> String? {
            let start = p
            if let plain = rawString() { return String(decoding: plain, as: UTF8.self) }
            p = start
            return escapedString()
        }

        /// ``string()`` for a string with escapes, byte by byte.
        mutating func escapedString() -> String? {
            guard take(UInt8(ascii: "\"")) else { return nil }
            var out: [UInt8] = []
            while p < end {
                let c = p.pointee
                p += 1
                switch c {
                case UInt8(ascii: "\""):
                    return String(decoding: out, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    guard p < end else { return nil }
                    let e = p.pointee
                    p += 1
                    switch e {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    default: return nil
                    }
                default:
                    guard c >= 0x20, c < 0x80 else { return nil }
                    out.append(c)
                }
            }
            return nil
        }

        /// `null` (returns .some(nil)) or a string.
        mutating func optionalString() -> String?? {
            if peek() == UInt8(ascii: "n") { return literal("null") ? .some(nil) : nil }
            return string().map { .some($0) }
        }

        /// `null` (returns .some(nil)) or an integer (``int()``).
        mutating func optionalInt() -> Int?? {
            if peek() == UInt8(ascii: "n") { return literal("null") ? .some(nil) : nil }
            return int().map { .some($0) }
        }

        /// A member's value, read with `read` into `slot` once: false (give up) when the member was
        /// already given or its value does not read.
        @inline(__always)
        mutating func once<T>(_ slot: inout T?, _ read: (inout Cursor) -> T?) -> Bool {
            guard slot == nil, let value = read(&self) else { return false }
            slot = value
            return true
        }

        mutating func literal(_ word: StaticString) -> Bool {
            skipSpace()
            let n = word.utf8CodeUnitCount
            guard end - p >= n, memcmp(p, word.utf8Start, n) == 0 else { return false }
            p += n
            return true
        }

        /// The bytes of a number in the JSON grammar `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`,
        /// and whether it has a fraction or an exponent.
        mutating func numberBytes() -> (start: UnsafePointer<UInt8>, count: Int, integral: Bool)? {
            skipSpace()
            let start = p
            func digit(_ q: UnsafePointer<UInt8>) -> Bool { q < end && q.pointee &- UInt8(ascii: "0") < 10 }
            if p < end, p.pointee == UInt8(ascii: "-") { p += 1 }
            guard digit(p) else { return nil }
            if p.pointee == UInt8(ascii: "0") {
                p += 1
            } else {
                while digit(p) { p += 1 }
            }
            var integral = true
            if p < end, p.pointee == UInt8(ascii: ".") {
                p += 1
                guard digit(p) else { return nil }
                while digit(p) { p += 1 }
                integral = false
            }
            if p < end, p.pointee | 0x20 == UInt8(ascii: "e") {
                p += 1
                if p < end, p.pointee == UInt8(ascii: "+") || p.pointee == UInt8(ascii: "-") { p += 1 }
                guard digit(p) else { return nil }
                while digit(p) { p += 1 }
                integral = false
            }
            // A number must end at a delimiter, as in `JSONDecoder` (`1x` is not a number).
            if p < end {
                let c = p.pointee
                guard c == UInt8(ascii: ",") || c == UInt8(ascii: "}") || c == UInt8(ascii: "]") || c == 0x20 || c == 0x0A
                    || c == 0x0D || c == 0x09 else { return nil }
            }
            return (start, p - start, integral)
        }

        /// A finite double, correctly rounded, read in one pass over the number's bytes (the JSON grammar of
        /// ``numberBytes()``): exactly by Clinger's fast path when the digits allow it (at most 2^53 as an
        /// integer times or over a power of ten up to 10^22, both exact, so the one rounding of the
        /// multiply or divide is the correct rounding), else by ``EiselLemire`` (any 19-digit mantissa), else
        /// by `strtod` on a NUL-terminated copy of the digits (more than 19 significant digits, the rare
        /// products Eisel–Lemire cannot decide, results near or beyond the ends of the double range).
        mutating func double() -> Double? {
            skipSpace()
            let start = p
            var q = p
            @inline(__always) func digit(_ q: UnsafePointer<UInt8>) -> UInt64? {
                guard q < end else { return nil }
                let d = q.pointee &- UInt8(ascii: "0")
                return d < 10 ? UInt64(d) : nil
            }
            var negative = false
            if q < end, q.pointee == UInt8(ascii: "-") {
                negative = true
                q += 1
            }
            var mantissa: UInt64 = 0
            var digits = 0  // significant digits (from the first non-zero one)
            var exponent = 0
            guard let first = digit(q) else { return nil }
            q += 1
            if first != 0 {
                mantissa = first
                digits = 1
                while let d = digit(q) {
                    if digits < 19 { mantissa = mantissa &* 10 &+ d }
                    digits += 1
                    q += 1
                }
            }
            if q < end, q.pointee == UInt8(ascii: ".") {
                q += 1
                guard digit(q) != nil else { return nil }
                while let d = digit(q) {
                    if mantissa != 0 || d != 0 {
                        if digits < 19 { mantissa = mantissa &* 10 &+ d }
                        digits += 1
                    }
                    exponent -= 1
                    q += 1
                }
            }
            var exponentDigits = 0
            if q < end, q.pointee | 0x20 == UInt8(ascii: "e") {
                q += 1
                var sign = 1
                if q < end, q.pointee == UInt8(ascii: "+") || q.pointee == UInt8(ascii: "-") {
                    if q.pointee == UInt8(ascii: "-") { sign = -1 }
                    q += 1
                }
                guard digit(q) != nil else { return nil }
                var e = 0
                while let d = digit(q) {
                    if exponentDigits < 4 { e = e * 10 + Int(d) }
                    exponentDigits += 1
                    q += 1
                }
                exponent += sign * e
            }
            // A number must end at a delimiter, as in `JSONDecoder` (`1x` is not a number).
            if q < end {
                let c = q.pointee
                guard c == UInt8(ascii: ",") || c == UInt8(ascii: "}") || c == UInt8(ascii: "]") || c == 0x20 || c == 0x0A
                    || c == 0x0D || c == 0x09 else { return nil }
            }
            p = q
            let count = q - start
            guard count < 64 else { return nil }
            if digits <= 19 && exponentDigits <= 4 {
                if mantissa <= 1 << 53 && exponent >= -22 && exponent <= 22 {
                    var v = Double(mantissa)
                    if exponent < 0 { v /= Self.powersOfTen[-exponent] } else if exponent > 0 { v *= Self.powersOfTen[exponent] }
                    return negative ? -v : v
                }
                if let v = EiselLemire.double(mantissa: mantissa, exponent: exponent, negative: negative) { return v }
            }
            return Self.strtodDouble(start, count)
        }

        /// `strtod` on a NUL-terminated copy of JSON number bytes; nil when not finite or when it underflows.
        static func strtodDouble(_ start: UnsafePointer<UInt8>, _ count: Int) -> Double? {
            withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buf -> Double? in
                UnsafeMutableRawPointer(buf.baseAddress!).copyMemory(from: start, byteCount: count)
                buf[count] = 0
                var stop: UnsafeMutablePointer<CChar>?
                let v = strtod(buf.baseAddress!, &stop)
                guard stop == buf.baseAddress! + count, v.isFinite else { return nil }
                // Underflow (a non-zero mantissa read as 0 or a subnormal): left to `JSONDecoder`.
                if v.magnitude < Double.leastNormalMagnitude {
                    for i in 0..<count {
                        let c = UInt8(bitPattern: buf[i])
                        if c | 0x20 == UInt8(ascii: "e") { break }
                        if c &- UInt8(ascii: "1") < 9 { return nil }
                    }
                }
                return v
            }
        }

        static let powersOfTen: [Double] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14,
                                            1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]

        /// A plain integer (no fraction or exponent) that fits `Int`.
        mutating func int() -> Int? {
            guard let (start, count, integral) = numberBytes(), integral, count <= 18 else { return nil }
            var q = start
            var negative = false
            if q.pointee == UInt8(ascii: "-") {
                negative = true
                q += 1
            }
            var v = 0
            while q < start + count {
                v = v * 10 + Int(q.pointee &- UInt8(ascii: "0"))
                q += 1
            }
            return negative ? -v : v
        }

        /// Skips an unknown member's value when it is a scalar; nil for an object or an array.
        mutating func skipScalar() -> Bool {
            switch peek() {
            case UInt8(ascii: "\""): return rawString() != nil
            case UInt8(ascii: "n"): return literal("null")
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case .some(let c) where c == UInt8(ascii: "-") || c &- UInt8(ascii: "0") < 10: return numberBytes() != nil
            default: return false
            }
        }

        /// Walks an object's members: `body` reads the value of each key (false gives up).
        mutating func object(_ body: (inout Cursor, UnsafeBufferPointer<UInt8>) -> Bool) -> Bool {
            guard take(UInt8(ascii: "{")) else { return false }
            if take(UInt8(ascii: "}")) { return true }
            while true {
                guard let key = rawString(), take(UInt8(ascii: ":")), body(&self, key) else { return false }
                if take(UInt8(ascii: ",")) { continue }
                return take(UInt8(ascii: "}"))
            }
        }

        // MARK: - The file's members

        /// `{"received_at": …, "allocation": {…}, other scalars…}`.
        mutating func wrapped() -> (RewardAllocation, String?)? {
            var receivedAt: String??
            var allocation: RewardAllocation?
            let ok = object { c, key in
                if equal(key, "received_at") { return c.once(&receivedAt) { $0.optionalString() } }
                if equal(key, "allocation") { return c.once(&allocation) { $0.allocation() } }
                return c.skipScalar()
            }
            guard ok, let allocation else { return nil }
            return (allocation, receivedAt ?? nil)
        }

        /// The allocation body (``RewardAllocation``'s members).
        mutating func allocation() -> RewardAllocation? {
            var validator: String?, signature: String?
            var version: String??, cycle: String??, step: String??, timestamp: String??, idempotency: String??
            var miners: [RewardAllocationEntry]?
            let ok = object { c, key in
                switch key.count {
                case 6 where equal(key, "miners"): return c.once(&miners) { $0.entries() }
                case 7 where equal(key, "step_id"): return c.once(&step) { $0.optionalString() }
                case 8 where equal(key, "cycle_id"): return c.once(&cycle) { $0.optionalString() }
                case 9 where equal(key, "signature"): return c.once(&signature) { $0.string() }
                case 9 where equal(key, "timestamp"): return c.once(&timestamp) { $0.optionalString() }
                case 15 where equal(key, "idempotency_key"): return c.once(&idempotency) { $0.optionalString() }
                case 16 where equal(key, "validator_hotkey"): return c.once(&validator) { $0.string() }
                case 20 where equal(key, "rep_snapshot_version"): return c.once(&version) { $0.optionalString() }
                default: return c.skipScalar()
                }
            }
            guard ok, let validator, let signature, let miners else { return nil }
            return RewardAllocation(validatorHotkey: validator, repSnapshotVersion: version ?? nil, cycleId: cycle ?? nil,
                                    stepId: step ?? nil, timestamp: timestamp ?? nil, miners: miners, signature: signature,
                                    idempotencyKey: idempotency ?? nil)
        }

        /// `[entry, …]`.
        mutating func entries() -> [RewardAllocationEntry]? {
            guard take(UInt8(ascii: "[")) else { return nil }
            var out: [RewardAllocationEntry] = []
            out.reserveCapacity(256)
            if take(UInt8(ascii: "]")) { return out }
            while true {
                guard let e = entry() else { return nil }
                out.append(e)
                if take(UInt8(ascii: ",")) { continue }
                return take(UInt8(ascii: "]")) ? out : nil
            }
        }

        /// One ``RewardAllocationEntry``.
        mutating func entry() -> RewardAllocationEntry? {
            var hotkey: String?, tier: String?
            var uid: Int??
            var base: Double?, score: Double?, bonus: Double?, total: Double?
            let ok = object { c, key in
                switch key.count {
                case 3 where equal(key, "uid"): return c.once(&uid) { $0.optionalInt() }
                case 8 where equal(key, "rep_tier"): return c.once(&tier) { $0.string() }
                case 9 where equal(key, "rep_score"): return c.once(&score) { $0.double() }
                case 11 where equal(key, "base_reward"): return c.once(&base) { $0.double() }
                case 12 where equal(key, "miner_hotkey"): return c.once(&hotkey) { $0.string() }
                case 12 where equal(key, "total_reward"): return c.once(&total) { $0.double() }
                case 16 where equal(key, "reputation_bonus"): return c.once(&bonus) { $0.double() }
                default: return c.skipScalar()
                }
            }
            guard ok, let hotkey, let tier, let base, let score, let bonus, let total else { return nil }
            return RewardAllocationEntry(minerHotkey: hotkey, uid: uid ?? nil, baseReward: base, repScore: score,
                                         repTier: ReputationTier(rawValue: tier), reputationBonus: bonus, totalReward: total)
        }
    }

    static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        bytes.count == word.utf8CodeUnitCount && memcmp(bytes.baseAddress!, word.utf8Start, bytes.count) == 0
    }
}
