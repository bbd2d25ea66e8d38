import Foundation
import Testing
@testable import Signatures
import Sodium

struct SS58Vectors: Decodable {
    struct Valid: Decodable { let ss58: String; let public_key: String; let prefix: UInt16 }
    struct Invalid: Decodable { let ss58: String; let why: String }
    let valid: [Valid]
    let invalid: [Invalid]
}

struct SignatureVector: Decodable {
    let public_key: String
    let ss58: String?
    let message_hex: String
    let signature: String
    let valid: Bool
    let `case`: String
}

struct SignatureVectorTests {
    @Test(.enabled(if: SharedVectors.isAvailable, SharedVectors.skipMessage))
    func ss58SharedVectors() throws {
        let vectors = try SharedVectors.load("ss58.json", as: SS58Vectors.self)
        #expect(vectors.valid.count > 0 && vectors.invalid.count > 0)
        for v in vectors.valid {
            let address = try SS58Address(v.ss58)
            #expect(Hex.encode(address.publicKey) == v.public_key, "\(v.ss58)")
            #expect(address.prefix == v.prefix)
            #expect(SS58.encode(publicKey: hex(v.public_key), prefix: v.prefix) == v.ss58)
        }
        for v in vectors.invalid {
            let expected: SS58Error = switch v.why {
            case "checksum mismatch": .badChecksum
            case "character outside the base58 alphabet": .invalidCharacter
            case "empty": .empty
            default: .invalidLength // too short, too long
            }
            #expect(throws: expected, "\(v.why): \(v.ss58)") { try SS58Address(v.ss58) }
        }
    }

    @Test(.enabled(if: SharedVectors.isAvailable, SharedVectors.skipMessage))
    func sr25519SharedVectors() throws {
        let vectors = try SharedVectors.load("sr25519.json", as: [SignatureVector].self)
        #expect(vectors.count >= 50)
        for v in vectors {
            let ok = Sr25519.verify(signature: hex(v.signature), message: hex(v.message_hex), publicKey: hex(v.public_key))
            #expect(ok == v.valid, "sr25519 vector '\(v.case)' for \(v.public_key)")
            if let ss58 = v.ss58 { #expect(SS58.encode(publicKey: hex(v.public_key)) == ss58) }
        }
    }

    @Test(.enabled(if: SharedVectors.isAvailable, SharedVectors.skipMessage))
    func ed25519SharedVectors() throws {
        let vectors = try SharedVectors.load("ed25519.json", as: [SignatureVector].self)
        #expect(vectors.count >= 12)
        for v in vectors {
            let ok = Ed25519.verify(signature: hex(v.signature), message: hex(v.message_hex), publicKey: hex(v.public_key))
            #expect(ok == v.valid, "ed25519 vector '\(v.case)' for \(v.public_key)")
            if let ss58 = v.ss58 { #expect(SS58.encode(publicKey: hex(v.public_key)) == ss58) }
        }
    }
}
