import Foundation
import Testing
@testable import Signatures
import Sodium

struct HotkeyVector: Decodable {
    let file: String
    let ss58: String
    let public_key: String
}

struct KeypairAndWalletTests {
    // Files written by bittensor-wallet 4.1.1 (`Keyfile.set_keypair(..., encrypt=False)`) for throwaway keys.
    static let bittensorEd25519File = #"{"secretSeed":"0x6f0bfa50fa0e35c5aa505b03d9fd616becd52675629ae561b9f087dabdc0bcf5","ss58Address":"5D7XxJ9uVVbGoJrrwrU6vmTfTTxWZX2LVG7DwkKpe3GdF9Gw","secretPhrase":"drastic decline add casual worth visual easy oxygen uncover faith pause bracket","accountId":"0x2e64a22010ff765694fc5b317b8e23e8dd6ecf9795e057a0d484e560fc9675c5","privateKey":"0x6f0bfa50fa0e35c5aa505b03d9fd616becd52675629ae561b9f087dabdc0bcf5","publicKey":"0x2e64a22010ff765694fc5b317b8e23e8dd6ecf9795e057a0d484e560fc9675c5","cryptoType":0}"#
    static let bittensorSr25519File = #"{"accountId":"0x7297aabd223b1c6df39f12c0dadc4fd33ddce7c1d807f65df2a0ee42622d1f25","privateKey":"0xaaa995a1dacd6f848ec73dcc790a0cccdb7f5f6561f550dff0d545043687520af09bed702028728bd07ac5e7473e178470b318f729958327a35f508fd52976e7","secretPhrase":"grocery appear bean jacket sea patient relief know control siege muffin explain","publicKey":"0x7297aabd223b1c6df39f12c0dadc4fd33ddce7c1d807f65df2a0ee42622d1f25","cryptoType":1,"secretSeed":"0xf30b974ad1f4bf5a7870b7f6d5e1dfa3d0bfa56e05f93a1c52a03ff5a9972253","ss58Address":"5EexNSerSZHQpwnLhn5kaQsHKbF4SKEAa6QhJDfiXqa65KgF"}"#

    static func load(_ text: String) throws(WalletError) -> Keypair {
        try WalletHotkeyFile.load(contents: SecureBytes(copying: Array(text.utf8)))
    }

    static func temporaryDirectory() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sigtests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test(.enabled(if: SharedVectors.isAvailable, SharedVectors.skipMessage))
    func sharedHotkeyFiles() throws {
        let vectors = try SharedVectors.load("hotkeys.json", as: [HotkeyVector].self)
        #expect(vectors.count >= 3)
        for v in vectors {
            let key = try WalletHotkeyFile.load(path: SharedVectors.directory.appendingPathComponent(v.file).path)
            #expect(key.address.string == v.ss58)
            #expect(Hex.encode(key.publicKey) == v.public_key)
            #expect(key.cryptoType == .sr25519)
            let document = key.sign(message: "reputation_request validator=\(key.address) timestamp=now")
            #expect(try SignedDocument.verify(document.text).signer.string == v.ss58)
            key.wipe()
            #expect(key.isWiped)
        }
    }

    /// Keys derived from one seed match what bittensor-wallet derives (`Keypair.create_from_seed`).
    @Test func seedDerivationMatchesBittensor() {
        let seed = SecureBytes(copying: [UInt8](repeating: 0x11, count: 32))
        let sr = Keypair(seed: seed, cryptoType: .sr25519)
        #expect(Hex.encode(sr.publicKey) == "50780547322a1ceba67ea8c552c9bc6c686f8698ac9a8cafab7cd15a1db19859")
        #expect(sr.address.string == "5DtDLm5rQHShDqojQpsvcN8tRXHVFaecfDoRet1SU6BFD9Fi")
        #expect(Hex.encode(sr.secret.array) == "704b72419b89bab3a4632685428901bf5715b44e40ec0df50f01fdc1553bf60b092539815e61663c7f9c4c9c377346f5d2936875bd760f0ac5c5f4f6e78a6d76")
        let ed = Keypair(seed: seed, cryptoType: .ed25519)
        #expect(Hex.encode(ed.publicKey) == "d04ab232742bb4ab3a1368bd4615e4e6d0224ab71a016baf8520a332c9778737")
        #expect(ed.address.string == "5Gmp1LHh81mEqwCDPP7ug46TTMXYo3ZuwVHTeNhP1Gp2jLKV")
        // Signatures made by bittensor-wallet with these keys over b"hello".
        #expect(sr.verify(signature: hex("2c67d8d1e7a64b81756ee05a27455d1862bb8dac2040b8b5111e46999d7c147be58a42272cc7dc21d3ab52097cfa9e24af318cf5702d2917b6345788e906af88"), message: Array("hello".utf8)))
        #expect(ed.verify(signature: hex("edbf4dd3087f7b7c7201a4aa3e05ec8f56e35b1b86fc949ea59b1475179daa4540c7340eec80a9f5e12920b57ed3aca905fc8c6c1ed71636c7d9f8a661fee60d"), message: Array("hello".utf8)))
    }

    @Test func bittensorWrittenFilesLoadForBothCryptoTypes() throws {
        let ed = try Self.load(Self.bittensorEd25519File)
        #expect(ed.cryptoType == .ed25519)
        #expect(ed.address.string == "5D7XxJ9uVVbGoJrrwrU6vmTfTTxWZX2LVG7DwkKpe3GdF9Gw")
        let sr = try Self.load(Self.bittensorSr25519File)
        #expect(sr.cryptoType == .sr25519)
        #expect(sr.address.string == "5EexNSerSZHQpwnLhn5kaQsHKbF4SKEAa6QhJDfiXqa65KgF")
        for key in [ed, sr] {
            let message = Array("round trip".utf8)
            let signature = key.sign(message)
            #expect(key.verify(signature: signature, message: message))
            #expect(key.cryptoType.verify(signature: signature, message: message, publicKey: key.publicKey))
            var tampered = signature
            tampered[5] ^= 1
            #expect(!key.verify(signature: tampered, message: message))
            #expect(!key.verify(signature: signature, message: Array("round trip!".utf8)))
        }
        // sr25519 signatures are randomised; both verify.
        #expect(sr.sign([1, 2, 3]) != sr.sign([1, 2, 3]))
    }

    @Test func partialFilesLoad() throws {
        // privateKey alone (no seed) for sr25519, seed alone for either scheme.
        let onlyPrivate = #"{"cryptoType":1,"privateKey":"0x704b72419b89bab3a4632685428901bf5715b44e40ec0df50f01fdc1553bf60b092539815e61663c7f9c4c9c377346f5d2936875bd760f0ac5c5f4f6e78a6d76"}"#
        let key = try Self.load(onlyPrivate)
        #expect(key.address.string == "5DtDLm5rQHShDqojQpsvcN8tRXHVFaecfDoRet1SU6BFD9Fi")
        #expect(key.verify(signature: key.sign([9]), message: [9]))
        let onlySeed = #"{"secretSeed":"0x1111111111111111111111111111111111111111111111111111111111111111","cryptoType":0}"#
        #expect(try Self.load(onlySeed).address.string == "5Gmp1LHh81mEqwCDPP7ug46TTMXYo3ZuwVHTeNhP1Gp2jLKV")
        let edLibsodiumPrivate = #"{"cryptoType":0,"privateKey":"0x1111111111111111111111111111111111111111111111111111111111111111d04ab232742bb4ab3a1368bd4615e4e6d0224ab71a016baf8520a332c9778737"}"#
        #expect(try Self.load(edLibsodiumPrivate).address.string == "5Gmp1LHh81mEqwCDPP7ug46TTMXYo3ZuwVHTeNhP1Gp2jLKV")
    }

    @Test func walletFileErrors() throws {
        let sr = Self.bittensorSr25519File
        let cases: [(String, WalletError)] = [
            ("$NACL\u{1}\u{2}binary-ciphertext", .encrypted),
            ("  $ANSIBLE_VAULT;1.1;AES256\n6162", .encrypted),
            ("gAAAAABfoo", .encrypted),
            ("", .notJSON),
            ("not json", .notJSON),
            ("[1,2]", .notJSON),
            (#"{"cryptoType":1,"secretSeed":"0x11"#, .notJSON),
            (#"{"cryptoType":1}"#, .missingField),
            (#"{"cryptoType":1,"publicKey":"0x2c8a0b053d3f0b5dcfc423be2cdf86f6dd29b87d6c0aa97444c74c05dde5b80a"}"#, .missingField),
            (sr.replacingOccurrences(of: "\"cryptoType\":1", with: "\"cryptoType\":2"), .unsupportedCryptoType),
            (sr.replacingOccurrences(of: "\"cryptoType\":1", with: "\"cryptoType\":\"sr25519\""), .invalidField),
            (sr.replacingOccurrences(of: "0xf30b974a", with: "0xz30b974a"), .invalidField),
            (sr.replacingOccurrences(of: "0xf30b974a", with: "0xf30b974"), .invalidField),
            (sr.replacingOccurrences(of: "0xf30b974a", with: "0x"), .invalidField),
            (#"{"cryptoType":1,"secretSeed":"0x\u0011\u0011"}"#, .invalidField),
            (sr.replacingOccurrences(of: "\"ss58Address\":\"5Eex", with: "\"ss58Address\":\"6Eex"), .invalidField),
            (sr.replacingOccurrences(of: "0xf30b974ad1", with: "0xf30b974ad2"), .inconsistent),      // seed vs privateKey
            (sr.replacingOccurrences(of: "0xaaa995a1da", with: "0xaaa995a1db"), .inconsistent),      // privateKey vs seed
            (sr.replacingOccurrences(of: "\"publicKey\":\"0x7297", with: "\"publicKey\":\"0x7298"), .inconsistent),
            (sr.replacingOccurrences(of: "\"accountId\":\"0x7297", with: "\"accountId\":\"0x7298"), .inconsistent),
            (sr.replacingOccurrences(of: "5EexNSerSZHQpwnLhn5kaQsHKbF4SKEAa6QhJDfiXqa65KgF", with: "5DtDLm5rQHShDqojQpsvcN8tRXHVFaecfDoRet1SU6BFD9Fi"), .inconsistent),
            (sr.replacingOccurrences(of: "\"cryptoType\":1", with: "\"cryptoType\":0"), .inconsistent), // read as ed25519 seed ‖ public key
            (Self.bittensorEd25519File.replacingOccurrences(of: "\"cryptoType\":0", with: "\"cryptoType\":1"), .invalidField),
            (Self.bittensorEd25519File.replacingOccurrences(of: "\"privateKey\":\"0x6f0b", with: "\"privateKey\":\"0x6f0c"), .inconsistent),
        ]
        for (text, expected) in cases {
            #expect(throws: expected, "\(text.prefix(80))") { try Self.load(text) }
        }
        do {
            _ = try Self.load("$NACL...")
        } catch {
            #expect(error.detail.contains("encrypted"))
        }
        #expect(throws: WalletError.unreadable) { try WalletHotkeyFile.load(path: "/nonexistent/hotkey") }
    }

    @Test(arguments: CryptoType.allCases)
    func generateWriteLoadRoundTrip(cryptoType: CryptoType) throws {
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/hotkey"
        let key = Keypair.generate(cryptoType: cryptoType)
        try WalletHotkeyFile.write(key, to: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let loaded = try WalletHotkeyFile.load(path: path)
        #expect(loaded.address == key.address)
        #expect(loaded.cryptoType == cryptoType)
        #expect(loaded.secret.constantTimeEquals(key.secret))
        // Never overwrites without being asked, and leaves no temporary files behind.
        let other = Keypair.generate(cryptoType: cryptoType)
        #expect(throws: WalletError.fileExists) { try WalletHotkeyFile.write(other, to: path) }
        #expect(try WalletHotkeyFile.load(path: path).address == key.address)
        try WalletHotkeyFile.write(other, to: path, overwrite: true)
        #expect(try WalletHotkeyFile.load(path: path).address == other.address)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["hotkey"])
        // The JSON has the wallet field names.
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        #expect(Set(json?.keys.map { $0 } ?? []) == ["accountId", "publicKey", "privateKey", "secretSeed", "ss58Address", "cryptoType"])
        #expect(json?["cryptoType"] as? Int == cryptoType.rawValue)
    }

    @Test func secretsAreZeroed() {
        let key = Keypair.generate(cryptoType: .sr25519)
        #expect(!key.isWiped)
        key.wipe()
        #expect(key.isWiped)
        #expect(key.seed?.isZero == true)
        var plain: [UInt8] = [1, 2, 3]
        let secure = SecureBytes(taking: &plain)
        #expect(plain == [0, 0, 0])
        #expect(secure.array == [1, 2, 3])
        secure.wipe()
        #expect(secure.isZero)
        #expect(secure.description == "SecureBytes(3 bytes)")
        #expect(!"\(Keypair.generate())".contains("Secure"))
    }
}
