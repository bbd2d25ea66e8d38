import Testing
import Sodium

struct SodiumTests {
    @Test func hashesMatchKnownAnswers() {
        #expect(Sodium.libraryVersion.hasPrefix("1."))
        #expect(SHA256.hash(Array("abc".utf8)) == hex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"))
        #expect(SHA512.hash(Array("abc".utf8)) == hex("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"))
        // BLAKE2b-512("abc"), RFC 7693 Appendix A.
        #expect(BLAKE2b.hash(Array("abc".utf8), outputLength: 64) == hex("ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923"))
        let hasher = BLAKE2b.Hasher(outputLength: 64)
        hasher.update(Array("a".utf8))
        hasher.update(Array("bc".utf8))
        #expect(hasher.finalize() == BLAKE2b.hash(Array("abc".utf8), outputLength: 64))
        let keyed = BLAKE2b.hash([1, 2, 3], outputLength: 16, key: [9, 9])
        #expect(keyed.count == 16 && keyed != BLAKE2b.hash([1, 2, 3], outputLength: 16))
    }

    @Test func randomAndCompare() {
        let a = Random.bytes(count: 32)
        #expect(a.count == 32 && a != Random.bytes(count: 32))
        #expect(Sodium.constantTimeEqual(a, a))
        #expect(!Sodium.constantTimeEqual(a, Array(a.dropLast())))
        var b = a
        Sodium.wipe(&b)
        #expect(b == [UInt8](repeating: 0, count: 32))
    }

    @Test func ristrettoGroupLaws() throws {
        let x = Ristretto255.reduce(Bytes64(Random.bytes(count: 64))!)
        let y = Ristretto255.reduce(Bytes64(Random.bytes(count: 64))!)
        let xB = try #require(Ristretto255.scalarMultiplyBase(x))
        let yB = try #require(Ristretto255.scalarMultiplyBase(y))
        #expect(Ristretto255.isValidPoint(xB))
        #expect(Ristretto255.add(xB, yB) == Ristretto255.scalarMultiplyBase(Ristretto255.scalarAdd(x, y)))
        #expect(Ristretto255.subtract(xB, yB) == Ristretto255.scalarMultiplyBase(Ristretto255.scalarAdd(x, Ristretto255.scalarNegate(y))))
        #expect(Ristretto255.scalarMultiply(y, xB) == Ristretto255.scalarMultiplyBase(Ristretto255.scalarMultiply(scalar: x, by: y)))
        #expect(Ristretto255.scalarMultiplyBase(.zero) == nil)
        #expect(!Ristretto255.isValidPoint(Bytes32(hex("0000000000000000000000000000000000000000000000000000000000000001"))!))
        #expect(Ristretto255.isCanonicalScalar(x))
        #expect(!Ristretto255.isCanonicalScalar(Ristretto255.order))
    }

    @Test func ed25519RFC8032Test1() {
        // RFC 8032 §7.1 TEST 1 (empty message).
        let seed = SecureBytes(copying: hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"))
        let (pk, sk) = Ed25519.keyPair(seed: seed)
        #expect(pk == hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"))
        let sig = Ed25519.sign([], secretKey: sk)
        #expect(sig == hex("e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"))
        #expect(Ed25519.verify(signature: sig, message: [], publicKey: pk))
        #expect(!Ed25519.verify(signature: sig, message: [0], publicKey: pk))
    }
}
