import Foundation
import Testing
@testable import Signatures
import Sodium

struct SignedMessageVector: Decodable {
    let text: String
    let valid: Bool
    let signer: String
    let `case`: String
}

struct SignedDocumentTests {
    static let stamp = DocumentTimestamp(dateTime: "2026-11-21 12:00:00.123456", timeZone: "UTC")

    @Test(.enabled(if: SharedVectors.isAvailable, SharedVectors.skipMessage))
    func sharedSignedMessageVectors() throws {
        let vectors = try SharedVectors.load("signed_messages.json", as: [SignedMessageVector].self)
        #expect(vectors.count >= 24)
        for v in vectors {
            if v.valid {
                let verified = try SignedDocument.verify(v.text)
                #expect(verified.signer.string == v.signer)
                #expect(verified.message.hasPrefix("reputation_request validator=\(v.signer) timestamp="))
                #expect(verified.timestamp.timeZone == "UTC")
                #expect(verified.cryptoType == .sr25519)
                #expect(!verified.signedWrappedTwice)
            } else {
                let expected: SignedDocumentError = switch v.case {
                case "missing <Bytes> wrapper": .missingBytesWrapper
                case "no signature line": .missingSignatureLine
                case "signature not hex": .signatureNotHex
                default: .badSignature // "message edited after signing", "signed by line names another key"
                }
                #expect(throws: expected, "case '\(v.case)'") { try SignedDocument.verify(v.text) }
            }
        }
    }

    @Test(arguments: CryptoType.allCases)
    func signThenVerifyRoundTrip(cryptoType: CryptoType) throws {
        let key = Keypair.generate(cryptoType: cryptoType)
        let message = "reputation_request validator=\(key.address) timestamp=2026-11-21T12:00:00Z"
        let document = key.sign(message: message, at: Self.stamp)
        #expect(document.text == "<Bytes>On 2026-11-21 12:00:00.123456 UTC \(message)</Bytes>\n\tSigned by: \(key.address)\n\tSignature: \(Hex.encode(document.signature))")
        let verified = try SignedDocument.verify(document.text)
        #expect(verified.signer == key.address)
        #expect(verified.message == message)
        #expect(verified.cryptoType == cryptoType)
        #expect(try SignedDocument.verify(document.text, cryptoType: cryptoType).message == message)
        #expect(throws: SignedDocumentError.badSignature) {
            try SignedDocument.verify(document.text, cryptoType: cryptoType == .sr25519 ? .ed25519 : .sr25519)
        }
        // A trailing newline (as in a saved file) is fine.
        #expect(try SignedDocument.verify(document.text + "\n").signer == key.address)
        // Signing with the current local time parses back.
        let now = key.sign(message: "hello world")
        #expect(try SignedDocument.verify(now.text).message == "hello world")
    }

    @Test(arguments: CryptoType.allCases)
    func signatureOverDoublyWrappedLineIsAccepted(cryptoType: CryptoType) throws {
        let key = Keypair.generate(cryptoType: cryptoType)
        let line = "<Bytes>On 2026-11-21 12:00:00 UTC reward_allocation validator=\(key.address) timestamp=x</Bytes>"
        let signature = key.sign(Array(("<Bytes>" + line + "</Bytes>").utf8))
        let text = line + "\n\tSigned by: \(key.address)\n\tSignature: \(Hex.encode(signature))"
        let verified = try SignedDocument.verify(text)
        #expect(verified.signedWrappedTwice)
        #expect(verified.message == "reward_allocation validator=\(key.address) timestamp=x")
        #expect(verified.timestamp.dateTime == "2026-11-21 12:00:00")
        // A document whose first line is itself wrapped twice yields the inner message text.
        let doubled = "<Bytes>" + line + "</Bytes>"
        let sig2 = key.sign(Array(doubled.utf8))
        let text2 = doubled + "\n\tSigned by: \(key.address)\n\tSignature: \(Hex.encode(sig2))"
        #expect(try SignedDocument.verify(text2).message == "reward_allocation validator=\(key.address) timestamp=x")
    }

    @Test func everyMalformationHasItsOwnError() throws {
        let key = Keypair.generate(cryptoType: .sr25519)
        let good = key.sign(message: "reputation_request validator=\(key.address) timestamp=t", at: Self.stamp)
        let line = good.signedLine
        let by = "\n\tSigned by: \(key.address)"
        let sig = "\n\tSignature: \(Hex.encode(good.signature))"
        let cases: [(String, SignedDocumentError)] = [
            ("", .empty),
            ("  \n", .empty),
            (String(line.dropFirst(7)) + by + sig, .missingBytesWrapper),
            (String(line.dropLast(8)) + by + sig, .missingBytesWrapper),
            ("<Bytes>Hello 2026-11-21 UTC x</Bytes>" + by + sig, .malformedHeader),
            ("<Bytes>On 21/11/2026 12:00 UTC x</Bytes>" + by + sig, .malformedHeader),
            ("<Bytes>On 2026-11-21 12:00:00</Bytes>" + by + sig, .malformedHeader),
            (line, .missingSignedByLine),
            (line + sig, .missingSignedByLine),
            (line + by, .missingSignatureLine),
            (line + sig + by, .missingSignedByLine),
            (line + "\n\tComment: hi" + by + sig, .unexpectedLine),
            (line + by + sig + "\n\tExtra: 1", .unexpectedLine),
            (line + by + sig + sig, .unexpectedLine),
            (line + "\n  Signed by: \(key.address)" + sig, .unexpectedLine),
            (line + "\n\tSigned by: 5notAnAddress" + sig, .invalidSignerAddress),
            (line + "\n\tSigned by: " + String(key.address.string.dropLast()) + (key.address.string.hasSuffix("2") ? "3" : "2") + sig, .invalidSignerAddress),
            (line + by + "\n\tSignature: xyz", .signatureNotHex),
            (line + by + "\n\tSignature: abc", .signatureNotHex),
            (line + by + "\n\tSignature: " + Hex.encode(good.signature.dropLast()), .signatureWrongLength),
            (line + by + "\n\tSignature: ", .signatureWrongLength),
            (line.replacingOccurrences(of: "timestamp=t", with: "timestamp=u") + by + sig, .badSignature),
        ]
        for (text, expected) in cases {
            #expect(throws: expected, "\(text.debugDescription)") { try SignedDocument.verify(text) }
        }
        // The errors are distinct from one another.
        let all: [SignedDocumentError] = [.empty, .missingBytesWrapper, .malformedHeader, .missingSignedByLine, .missingSignatureLine,
                                          .unexpectedLine, .invalidSignerAddress, .signatureNotHex, .signatureWrongLength, .badSignature]
        for (i, a) in all.enumerated() { for b in all[(i + 1)...] { #expect(a != b) } }
        #expect(try SignedDocument.verify(good.text).message == "reputation_request validator=\(key.address) timestamp=t")
    }

    @Test func headerWithDateOnlyParses() throws {
        let key = Keypair.generate(cryptoType: .ed25519)
        let line = "<Bytes>On 2025-11-20 CST reputation_request validator=\(key.address) timestamp=1</Bytes>"
        let text = line + "\n\tSigned by: \(key.address)\n\tSignature: \(Hex.encode(key.sign(Array(line.utf8))))"
        let verified = try SignedDocument.verify(text)
        #expect(verified.timestamp == DocumentTimestamp(dateTime: "2025-11-20", timeZone: "CST"))
        #expect(verified.message == "reputation_request validator=\(key.address) timestamp=1")
    }
}
