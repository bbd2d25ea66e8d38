import Testing
@testable import Signatures

struct SS58Tests {
    static let key = "f6d0d906d785996c576ee949e6ea357985ae839928a5d68c26806c1a17a8ac41"

    /// Two-byte prefixes (64…16383), checked against scalecodec's `ss58_encode` (py-scale-codec 1.2.12).
    @Test(arguments: [
        (UInt16(42), "5HeKgFW9LDpsp3MNUjVTCQobyNAibthGPKxR2Cb9XXYRhAsP"),
        (64, "cEb9pafLJCUuqujYPp7CthrESzNpWKZm7d2Ms9cikheGDceYS"),
        (255, "yGJK8J1pkCx2d7Gm1UGuEZMAsKkryDrmdSkJqkkFEe8pmr19S"),
        (1284, "Vdw79Hyw7JipSwd6NLKUoazKpSYQpqj12DspLjPM62QvEKaty"),
        (16383, "yNaugaWw9RH8QwyFEXpKjM7ve3KsVgQSRL1D7WomCp1HVaJyF"),
    ])
    func prefixes(prefix: UInt16, address: String) throws {
        #expect(SS58.encode(publicKey: hex(Self.key), prefix: prefix) == address)
        let decoded = try SS58.decode(address)
        #expect(decoded.prefix == prefix)
        #expect(decoded.publicKey == hex(Self.key))
        #expect(try SS58Address(address, expectedPrefix: prefix).publicKey == hex(Self.key))
        #expect(try SS58Address(address, expectedPrefix: nil).prefix == prefix)
    }

    @Test func specificErrors() {
        #expect(throws: SS58Error.unexpectedPrefix) { try SS58Address("cEb9pafLJCUuqujYPp7CthrESzNpWKZm7d2Ms9cikheGDceYS") }
        #expect(throws: SS58Error.empty) { try SS58Address("") }
        #expect(throws: SS58Error.invalidCharacter) { try SS58Address("5HeKgFW9LDpsp3MNUjVTCQobyNAibthGPKxR2Cb9XXYRhAsé") }
        #expect(throws: SS58Error.invalidCharacter) { try SS58Address("5HeKgFW9LDpsp3MNUjVTCQobyNAI") }
        #expect(throws: SS58Error.invalidLength) { try SS58Address("5HeKgFW9LD") }
        #expect(throws: SS58Error.invalidLength) { try SS58Address(String(repeating: "z", count: 200)) }
        #expect(throws: SS58Error.badChecksum) { try SS58Address("5HeKgFW9LDpsp3MNUjVTCQobyNAibthGPKxR2Cb9XXYRhAsQ") }
        // A leading byte ≥ 128 is reserved.
        let reserved = SS58.base58Encode([200] + [UInt8](repeating: 1, count: 35))
        #expect(throws: SS58Error.unsupportedPrefix) { try SS58.decode(reserved) }
        do {
            _ = try SS58Address("5HeKg0W9LDpsp3MNUjVTCQobyNAibthGPKxR2Cb9XXYRhAsP")
        } catch {
            #expect(error.detail.contains("\"0\" at offset 5"))
        }
    }

    @Test func base58RoundTripsWithLeadingZeros() throws {
        for bytes: [UInt8] in [[], [0], [0, 0, 1], [1, 2, 3], [255, 255], [0] + [UInt8](repeating: 0xab, count: 40)] {
            #expect(try SS58.base58Decode(SS58.base58Encode(bytes)) == bytes)
        }
        #expect(SS58.base58Encode(Array("hello world".utf8)) == "StV1DL6CwTryKyV")
    }
}
