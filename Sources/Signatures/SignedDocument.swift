// The signed-message document validators send:
//   <Bytes>On {date-time} {zone} {message}</Bytes>\n\tSigned by: {ss58}\n\tSignature: {hex}

/// Why a signed document was rejected. Compare with the static members
/// (`error == .badSignature`); ``detail`` says exactly what was found.
public struct SignedDocumentError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Kind: Sendable, Equatable {
        case empty, missingBytesWrapper, malformedHeader, missingSignedByLine, missingSignatureLine
        case unexpectedLine, invalidSignerAddress, signatureNotHex, signatureWrongLength, badSignature
    }
    private let kind: Kind
    /// A human-readable explanation.
    public let detail: String

    private init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    /// The document is empty.
    public static let empty = Self(.empty, "empty document")
    /// The first line is not `<Bytes>…</Bytes>`.
    public static let missingBytesWrapper = Self(.missingBytesWrapper, "first line is not wrapped in <Bytes>…</Bytes>")
    /// The wrapped text does not start with `On {date} [{time}] {zone} `.
    public static let malformedHeader = Self(.malformedHeader, "signed text does not start with \"On {date} {time} {zone} \"")
    /// No `\tSigned by: ` line.
    public static let missingSignedByLine = Self(.missingSignedByLine, "no \"\\tSigned by: \" line")
    /// No `\tSignature: ` line.
    public static let missingSignatureLine = Self(.missingSignatureLine, "no \"\\tSignature: \" line")
    /// A line that is not part of the format, or lines out of order.
    public static let unexpectedLine = Self(.unexpectedLine, "unexpected line")
    /// The signer is not a valid SS58 address (prefix 42).
    public static let invalidSignerAddress = Self(.invalidSignerAddress, "signer is not a valid SS58 address")
    /// The signature is not hexadecimal.
    public static let signatureNotHex = Self(.signatureNotHex, "signature is not hexadecimal")
    /// The signature is not 64 bytes.
    public static let signatureWrongLength = Self(.signatureWrongLength, "signature is not 64 bytes")
    /// Well formed, but the signature does not verify for the named signer.
    public static let badSignature = Self(.badSignature, "signature does not verify for the signer")

    static func with(_ base: SignedDocumentError, _ detail: String) -> Self { Self(base.kind, detail) }

    public static func == (a: Self, b: Self) -> Bool { a.kind == b.kind }

    public var description: String { "invalid signed document: \(detail)" }
}

/// What a successful verification established.
public struct VerifiedMessage: Sendable, Hashable {
    /// The address whose key made the signature.
    public let signer: SS58Address
    /// The message text after the time stamp, such as `reputation_request validator=… timestamp=…`.
    public let message: String
    /// The time stamp at the start of the signed text.
    public let timestamp: DocumentTimestamp
    /// The scheme the signature verified under.
    public let cryptoType: CryptoType
    /// `true` when the signature covered the first line wrapped in `<Bytes>…</Bytes>` once more
    /// (a form Bittensor's `Keypair.verify` also accepts).
    public let signedWrappedTwice: Bool
}

/// A parsed signed-message document.
///
/// ```swift
/// let verified = try SignedDocument.verify(text)   // throws SignedDocumentError
/// print(verified.signer, verified.message)
/// ```
public struct SignedDocument: Sendable, Hashable, CustomStringConvertible {
    static let open = "<Bytes>"
    static let close = "</Bytes>"
    static let signedByPrefix = "\tSigned by: "
    static let signaturePrefix = "\tSignature: "

    /// The first line exactly as signed, `<Bytes>…</Bytes>` included.
    public let signedLine: String
    /// The time stamp at the start of the signed text.
    public let timestamp: DocumentTimestamp
    /// The message text after the time stamp.
    public let message: String
    /// The address named on the `Signed by` line.
    public let signer: SS58Address
    /// The 64-byte signature.
    public let signature: [UInt8]

    init(signedLine: String, timestamp: DocumentTimestamp, message: String, signer: SS58Address, signature: [UInt8]) {
        self.signedLine = signedLine
        self.timestamp = timestamp
        self.message = message
        self.signer = signer
        self.signature = signature
    }

    /// `<Bytes>On {dateTime} {timeZone} {message}</Bytes>`.
    static func signedLine(timestamp: DocumentTimestamp, message: String) -> String {
        "\(open)On \(timestamp.dateTime) \(timestamp.timeZone) \(message)\(close)"
    }

    /// The document text: three lines joined by `\n`, the last two starting with a tab.
    public var text: String {
        signedLine + "\n" + Self.signedByPrefix + signer.string + "\n" + Self.signaturePrefix + Hex.encode(signature)
    }

    public var description: String { text }

    /// Parses a document without verifying it. Trailing whitespace after the signature is ignored.
    ///
    /// The parser works on the UTF-8 bytes (no per-character work), which keeps parsing a small
    /// fraction of a verification.
    ///
    /// - Throws: ``SignedDocumentError``, one kind per malformation.
    public init(parsing document: String) throws(SignedDocumentError) {
        var document = document
        self = try document.withUTF8 { utf8 in
            Result { () throws(SignedDocumentError) -> SignedDocument in try SignedDocument(utf8: UnsafeRawBufferPointer(utf8)) }
        }.get()
    }

    private static let openBytes: [UInt8] = Array(open.utf8)
    private static let closeBytes: [UInt8] = Array(close.utf8)
    private static let signedByBytes: [UInt8] = Array(signedByPrefix.utf8)
    private static let signatureBytes: [UInt8] = Array(signaturePrefix.utf8)

    @inline(__always)
    private static func has(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, prefix: [UInt8]) -> Bool {
        guard range.count >= prefix.count else { return false }
        for i in 0..<prefix.count where bytes[range.lowerBound + i] != prefix[i] { return false }
        return true
    }

    @inline(__always)
    private static func has(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>, suffix: [UInt8]) -> Bool {
        guard range.count >= suffix.count else { return false }
        let base = range.upperBound - suffix.count
        for i in 0..<suffix.count where bytes[base + i] != suffix[i] { return false }
        return true
    }

    @inline(__always)
    private static func string(_ bytes: UnsafeRawBufferPointer, _ range: Range<Int>) -> String {
        String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    private init(utf8 bytes: UnsafeRawBufferPointer) throws(SignedDocumentError) {
        // Trim trailing ASCII whitespace (a saved file usually ends with a newline).
        var end = bytes.count
        while end > 0, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[end - 1]) { end -= 1 }
        if end == 0 { throw .empty }

        // Split into lines on "\n".
        var lines: [Range<Int>] = []
        lines.reserveCapacity(3)
        var lineStart = 0
        for i in 0..<end where bytes[i] == 0x0a {
            lines.append(lineStart..<i)
            lineStart = i + 1
        }
        lines.append(lineStart..<end)

        let first = lines[0]
        let open = Self.openBytes, close = Self.closeBytes
        guard first.count >= open.count + close.count,
              Self.has(bytes, first, prefix: open), Self.has(bytes, first, suffix: close)
        else { throw .missingBytesWrapper }

        var signerRange: Range<Int>?
        var signatureRange: Range<Int>?
        let signedBy = Self.signedByBytes, signatureTag = Self.signatureBytes
        for index in 1..<lines.count {
            let line = lines[index]
            // Trailing whitespace was trimmed, so an empty last field may have lost its space.
            let isSignedBy = Self.has(bytes, line, prefix: signedBy)
                || (line.count == signedBy.count - 1 && Self.has(bytes, line, prefix: Array(signedBy.dropLast())))
            let isSignature = Self.has(bytes, line, prefix: signatureTag)
                || (line.count == signatureTag.count - 1 && Self.has(bytes, line, prefix: Array(signatureTag.dropLast())))
            if isSignedBy, index == 1 {
                signerRange = min(line.lowerBound + signedBy.count, line.upperBound)..<line.upperBound
            } else if isSignature, signatureRange == nil, signerRange != nil {
                signatureRange = min(line.lowerBound + signatureTag.count, line.upperBound)..<line.upperBound
            } else if isSignature, signerRange == nil {
                throw .with(.missingSignedByLine, "\"\\tSignature: \" line before any \"\\tSigned by: \" line")
            } else {
                throw .with(.unexpectedLine, "unexpected line \(index + 1): \"\(Self.string(bytes, line).prefix(60))\"")
            }
        }
        guard let signerRange else { throw .missingSignedByLine }
        guard let signatureRange else { throw .missingSignatureLine }

        let signerText = Self.string(bytes, signerRange)
        let signer: SS58Address
        do {
            signer = try SS58Address(signerText)
        } catch {
            throw .with(.invalidSignerAddress, "signer \"\(signerText.prefix(60))\": \(error.detail)")
        }
        var signature = [UInt8]()
        guard Hex.decode(UnsafeRawBufferPointer(rebasing: bytes[signatureRange]), into: &signature) else {
            throw .with(.signatureNotHex, "signature \"\(Self.string(bytes, signatureRange).prefix(20))…\" is not hexadecimal")
        }
        guard signature.count == 64 else {
            throw .with(.signatureWrongLength, "signature has \(signature.count) bytes, expected 64")
        }

        // The message text: strip the wrapper (twice for a doubly wrapped document), then the stamp.
        var inner = (first.lowerBound + open.count)..<(first.upperBound - close.count)
        if inner.count >= open.count + close.count, Self.has(bytes, inner, prefix: open), Self.has(bytes, inner, suffix: close) {
            inner = (inner.lowerBound + open.count)..<(inner.upperBound - close.count)
        }
        let (timestamp, message) = try Self.parseHeader(bytes, inner)

        self.signedLine = Self.string(bytes, first)
        self.timestamp = timestamp
        self.message = message
        self.signer = signer
        self.signature = signature
    }

    /// `On {YYYY-MM-DD} [{HH:MM:SS[.ffffff]}] {zone} {message}`.
    private static func parseHeader(_ bytes: UnsafeRawBufferPointer, _ inner: Range<Int>) throws(SignedDocumentError) -> (DocumentTimestamp, String) {
        guard has(bytes, inner, prefix: [UInt8(ascii: "O"), UInt8(ascii: "n"), 0x20]) else {
            throw .with(.malformedHeader, "signed text does not start with \"On \"")
        }
        var position = inner.lowerBound + 3
        func token() -> Range<Int> {
            var stop = position
            while stop < inner.upperBound, bytes[stop] != 0x20 { stop += 1 }
            let t = position..<stop
            position = min(stop + 1, inner.upperBound)
            return t
        }
        let date = token()
        guard isDate(bytes, date) else {
            throw .with(.malformedHeader, "\"\(string(bytes, date).prefix(30))\" is not a YYYY-MM-DD date")
        }
        var dateTimeEnd = date.upperBound
        var zone = token()
        if isTime(bytes, zone) {
            dateTimeEnd = zone.upperBound
            zone = token()
        }
        guard !zone.isEmpty else { throw .with(.malformedHeader, "no time zone after the date") }
        let stamp = DocumentTimestamp(dateTime: string(bytes, date.lowerBound..<dateTimeEnd), timeZone: string(bytes, zone))
        return (stamp, string(bytes, position..<inner.upperBound))
    }

    @inline(__always)
    private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    private static func isDate(_ bytes: UnsafeRawBufferPointer, _ r: Range<Int>) -> Bool {
        guard r.count == 10 else { return false }
        let b = r.lowerBound
        guard bytes[b + 4] == UInt8(ascii: "-"), bytes[b + 7] == UInt8(ascii: "-") else { return false }
        for i in [0, 1, 2, 3, 5, 6, 8, 9] where !isDigit(bytes[b + i]) { return false }
        return true
    }

    private static func isTime(_ bytes: UnsafeRawBufferPointer, _ r: Range<Int>) -> Bool {
        guard r.count >= 8 else { return false }
        let b = r.lowerBound
        guard bytes[b + 2] == UInt8(ascii: ":"), bytes[b + 5] == UInt8(ascii: ":") else { return false }
        for i in [0, 1, 3, 4, 6, 7] where !isDigit(bytes[b + i]) { return false }
        if r.count == 8 { return true }
        guard bytes[b + 8] == UInt8(ascii: "."), r.count > 9 else { return false }
        for i in (b + 9)..<r.upperBound where !isDigit(bytes[i]) { return false }
        return true
    }

    /// Verifies the signature over the first line for the named signer.
    ///
    /// The scheme is taken from the signature when `cryptoType` is `nil`: sr25519 signatures carry
    /// the Schnorrkel marker bit, which a valid ed25519 signature never has. A signature over the
    /// line wrapped in `<Bytes>…</Bytes>` once more is accepted too.
    ///
    /// - Throws: ``SignedDocumentError/badSignature`` when it does not verify.
    public func verify(cryptoType: CryptoType? = nil) throws(SignedDocumentError) -> VerifiedMessage {
        let scheme = cryptoType ?? (signature[63] & 0x80 != 0 ? .sr25519 : .ed25519)
        var line = signedLine
        let direct = line.withUTF8 { m in
            signature.withUnsafeBytes { s in
                signer.publicKey.withUnsafeBytes { pk in scheme.verify(signature: s, message: UnsafeRawBufferPointer(m), publicKey: pk) }
            }
        }
        var wrappedTwice = false
        if !direct {
            let wrapped = Array((Self.open + signedLine + Self.close).utf8)
            guard scheme.verify(signature: signature, message: wrapped, publicKey: signer.publicKey) else {
                throw .with(.badSignature, "\(scheme) signature does not verify for \(signer)")
            }
            wrappedTwice = true
        }
        return VerifiedMessage(signer: signer, message: message, timestamp: timestamp, cryptoType: scheme, signedWrappedTwice: wrappedTwice)
    }

    /// Parses and verifies a document in one step.
    ///
    /// - Returns: The signer's address and the message text.
    /// - Throws: ``SignedDocumentError``.
    public static func verify(_ document: String, cryptoType: CryptoType? = nil) throws(SignedDocumentError) -> VerifiedMessage {
        try SignedDocument(parsing: document).verify(cryptoType: cryptoType)
    }
}
