import Foundation
import Testing
@testable import Signatures
import Sodium

/// Interoperability with the Bittensor key library (`bittensor-wallet` on PyPI), both ways.
/// Runs when `python3 -c "import bittensor_wallet"` succeeds (`make interop` installs it); skipped otherwise.
enum BittensorPython {
    static let script = SharedVectors.repositoryRoot.appendingPathComponent("Scripts/interop/bittensor_interop.py").path

    static let available: Bool = (try? run(["-c", "import bittensor_wallet"]))?.status == 0

    struct Output { let status: Int32; let stdout: Data; let stderr: String }

    static func run(_ arguments: [String], stdin: Data? = nil) throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }
}

@Suite(.enabled(if: BittensorPython.available,
                "bittensor_wallet is not importable by python3: run `make interop` (pip install bittensor-wallet)"))
struct InteropTests {
    struct PythonSigned: Decodable {
        let scheme: String
        let hotkey_file: String
        let ss58: String
        let public_key: String
        let message: String
        let document: String
        let raw_message_hex: String
        let raw_signature_hex: String
    }

    struct VerifyRequest: Encodable { let scheme: String; let document: String; let hotkey_file: String? }
    struct VerifyResult: Decodable {
        let scheme: String
        let document_valid: Bool
        let tampered_valid: Bool
        let signer: String
        let hotkey_ss58: String?
        let hotkey_crypto_type: Int?
        let hotkey_signs: Bool?
    }

    @Test func weVerifyWhatBittensorSigned() throws {
        let dir = try KeypairAndWalletTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let output = try BittensorPython.run([BittensorPython.script, "sign", dir])
        try #require(output.status == 0, "python sign failed: \(output.stderr)")
        let signed = try JSONDecoder().decode([PythonSigned].self, from: output.stdout)
        #expect(Set(signed.map(\.scheme)) == ["sr25519", "ed25519"])
        for item in signed {
            let scheme = try #require(CryptoType(name: item.scheme))
            // The document.
            let verified = try SignedDocument.verify(item.document)
            #expect(verified.signer.string == item.ss58)
            #expect(verified.message == item.message)
            #expect(verified.cryptoType == scheme)
            #expect(!verified.signedWrappedTwice)
            let tampered = item.document.replacingOccurrences(of: "timestamp=", with: "timestamp=9")
            #expect(throws: SignedDocumentError.badSignature) { try SignedDocument.verify(tampered) }
            // A raw signature.
            #expect(scheme.verify(signature: hex(item.raw_signature_hex), message: hex(item.raw_message_hex), publicKey: hex(item.public_key)))
            // The hotkey file bittensor-wallet wrote (with its mnemonic) loads, checks out, and signs.
            let key = try WalletHotkeyFile.load(path: item.hotkey_file)
            #expect(key.cryptoType == scheme)
            #expect(key.address.string == item.ss58)
            #expect(Hex.encode(key.publicKey) == item.public_key)
            #expect(try SignedDocument.verify(key.sign(message: "x").text).signer == key.address)
        }
    }

    @Test func bittensorVerifiesWhatWeSigned() throws {
        let dir = try KeypairAndWalletTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var requests: [VerifyRequest] = []
        var expectedSigners: [String: String] = [:]
        for scheme in CryptoType.allCases {
            let key = Keypair.generate(cryptoType: scheme)
            let path = dir + "/swift-\(scheme)"
            try WalletHotkeyFile.write(key, to: path)
            let document = key.sign(message: "reward_allocation validator=\(key.address) timestamp=2026-11-21T12:00:00Z")
            requests.append(VerifyRequest(scheme: "\(scheme)", document: document.text, hotkey_file: path))
            expectedSigners["\(scheme)"] = key.address.string
        }
        let output = try BittensorPython.run([BittensorPython.script, "verify"], stdin: try JSONEncoder().encode(requests))
        try #require(output.status == 0, "python verify failed: \(output.stderr)")
        let results = try JSONDecoder().decode([VerifyResult].self, from: output.stdout)
        #expect(results.count == 2)
        for result in results {
            #expect(result.document_valid, "bittensor rejected our \(result.scheme) document")
            #expect(!result.tampered_valid, "bittensor accepted a tampered \(result.scheme) document")
            #expect(result.signer == expectedSigners[result.scheme])
            #expect(result.hotkey_ss58 == expectedSigners[result.scheme], "bittensor read another address from our \(result.scheme) hotkey file")
            #expect(result.hotkey_crypto_type == CryptoType(name: result.scheme)?.rawValue)
            #expect(result.hotkey_signs == true)
        }
    }
}
