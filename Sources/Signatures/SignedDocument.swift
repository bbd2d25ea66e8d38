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
    /// - Throws: ``SignedDocumentError``, one kind per malformation.
    public init(parsing document: String) throws(SignedDocumentError) {
        var trimmed = Substring(document)
        while let last = trimmed.last, last.isWhitespace { trimmed.removeLast() }
        if trimmed.isEmpty { throw .empty }
        let lines = trimmed.split(separator: "\n", omittingEmptySubsequences: false)

        let first = lines[0]
        guard first.hasPrefix(Self.open), first.hasSuffix(Self.close), first.count >= Self.open.count + Self.close.count else {
            throw .missingBytesWrapper
        }
        var signerText: Substring?
        var signatureText: Substring?
        for (index, rawLine) in lines.enumerated().dropFirst() {
            // Trailing whitespace was trimmed, so an empty last field loses its space: restore it.
            let line = rawLine == "\tSigned by:" || rawLine == "\tSignature:" ? rawLine + " " : rawLine
            if line.hasPrefix(Self.signedByPrefix), signerText == nil, signatureText == nil, index == 1 {
                signerText = line.dropFirst(Self.signedByPrefix.count)
            } else if line.hasPrefix(Self.signaturePrefix), signatureText == nil, signerText != nil {
                signatureText = line.dropFirst(Self.signaturePrefix.count)
            } else if line.hasPrefix(Self.signaturePrefix), signerText == nil {
                throw .with(.missingSignedByLine, "\"\\tSignature: \" line before any \"\\tSigned by: \" line")
            } else {
                throw .with(.unexpectedLine, "unexpected line \(index + 1): \"\(line.prefix(60))\"")
            }
        }
        guard let signerText else { throw .missingSignedByLine }
        guard let signatureText else { throw .missingSignatureLine }

        let signer: SS58Address
        do {
            signer = try SS58Address(String(signerText))
        } catch {
            throw .with(.invalidSignerAddress, "signer \"\(signerText)\": \(error.detail)")
        }
        var signatureString = String(signatureText)
        guard let signature = signatureString.withUTF8({ Hex.decode(UnsafeRawBufferPointer($0)) }) else {
            throw .with(.signatureNotHex, "signature \"\(signatureText.prefix(20))…\" is not hexadecimal")
        }
        guard signature.count == 64 else {
            throw .with(.signatureWrongLength, "signature has \(signature.count) bytes, expected 64")
        }

        // The message text: strip the wrapper (twice for a doubly wrapped document), then the stamp.
        var inner = first.dropFirst(Self.open.count).dropLast(Self.close.count)
        if inner.hasPrefix(Self.open), inner.hasSuffix(Self.close), inner.count >= Self.open.count + Self.close.count {
            inner = inner.dropFirst(Self.open.count).dropLast(Self.close.count)
        }
        let (timestamp, message) = try Self.parseHeader(inner)

        self.signedLine = String(first)
        self.timestamp = timestamp
        self.message = message
        self.signer = signer
        self.signature = signature
    }

    /// `On {YYYY-MM-DD} [{HH:MM:SS[.ffffff]}] {zone} {message}`.
    static func parseHeader(_ inner: Substring) throws(SignedDocumentError) -> (DocumentTimestamp, String) {
        guard inner.hasPrefix("On ") else { throw .with(.malformedHeader, "signed text does not start with \"On \"") }
        var rest = inner.dropFirst(3)
        func token() -> Substring {
            let end = rest.firstIndex(of: " ") ?? rest.endIndex
            let t = rest[..<end]
            rest = end == rest.endIndex ? rest[end...] : rest[rest.index(after: end)...]
            return t
        }
        let date = token()
        guard isDate(date) else { throw .with(.malformedHeader, "\"\(date.prefix(30))\" is not a YYYY-MM-DD date") }
        var dateTime = String(date)
        var zone = token()
        if isTime(zone) {
            dateTime += " " + zone
            zone = token()
        }
        guard !zone.isEmpty else { throw .with(.malformedHeader, "no time zone after the date") }
        return (DocumentTimestamp(dateTime: dateTime, timeZone: String(zone)), String(rest))
    }

    static func isDate(_ s: Substring) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return false }
        return [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy { (48...57).contains(u[$0]) }
    }

    static func isTime(_ s: Substring) -> Bool {
        let u = Array(s.utf8)
        guard u.count >= 8, u[2] == UInt8(ascii: ":"), u[5] == UInt8(ascii: ":") else { return false }
        guard [0, 1, 3, 4, 6, 7].allSatisfy({ (48...57).contains(u[$0]) }) else { return false }
        if u.count == 8 { return true }
        return u[8] == UInt8(ascii: ".") && u.count > 9 && u[9...].allSatisfy { (48...57).contains($0) }
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
