public import ArgumentParser
import Foundation
import Signatures

/// `scoring keys …`: Bittensor hotkeys and signed-message documents.
///
/// - `inspect FILE`: check a wallet hotkey file and show its scheme, address and public key.
/// - `sign --hotkey FILE --message TEXT`: print the signed document a validator sends.
/// - `verify [FILE|-]`: verify a document; exit status 0 when valid, 1 when not.
/// - `generate --out FILE [--crypto sr25519|ed25519] [--force]`: write a new unencrypted hotkey file.
public struct KeysCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Inspect, generate and sign with Bittensor hotkeys; verify signed documents.",
        discussion: """
            Hotkey files are Bittensor wallet JSON files (~/.bittensor/wallets/NAME/hotkeys/HOTKEY). \
            Encrypted (password-protected) files are refused with a message saying so. A signed document is \
            "<Bytes>On {date-time} {zone} {message}</Bytes>\\n\\tSigned by: {ss58}\\n\\tSignature: {hex}".
            """,
        subcommands: [Inspect.self, Sign.self, Verify.self, Generate.self]
    )

    public init() {}
}

/// The signature schemes as a command-line option value.
enum CryptoChoice: String, CaseIterable, ExpressibleByArgument {
    case sr25519, ed25519

    var cryptoType: CryptoType { self == .sr25519 ? .sr25519 : .ed25519 }
}

extension KeysCommand {
    /// `scoring keys inspect FILE`.
    public struct Inspect: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Check a wallet hotkey file (seed, private key, public key and address agree) and show its public parts.")

        @Argument(help: "The hotkey file.") public var file: String
        @Flag(help: "Print JSON instead of text.") public var json = false
        public init() {}

        public func run() async throws {
            let key = try loadHotkey(file)
            defer { key.wipe() }
            if json {
                print(#"{"ss58Address": "\#(key.address)", "publicKey": "0x\#(Hex.encode(key.publicKey))", "cryptoType": \#(key.cryptoType.rawValue), "scheme": "\#(key.cryptoType)"}"#)
            } else {
                print("file:        \(file)")
                print("scheme:      \(key.cryptoType) (cryptoType \(key.cryptoType.rawValue))")
                print("ss58Address: \(key.address)")
                print("publicKey:   0x\(Hex.encode(key.publicKey))")
                print("consistent:  yes")
            }
        }
    }

    /// `scoring keys sign --hotkey FILE --message TEXT`.
    public struct Sign: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Sign a message with a hotkey and print the signed document (as validators' sign_message does).")

        @Option(help: "The hotkey file.") public var hotkey: String
        @Option(help: "The message text, such as \"reputation_request validator=5… timestamp=…\".") public var message: String
        public init() {}

        public func validate() throws {
            if message.contains("\n") { throw ValidationError("--message must be a single line") }
            if message.contains("</Bytes>") || message.contains("<Bytes>") {
                throw ValidationError("--message must not contain <Bytes> or </Bytes>")
            }
        }

        public func run() async throws {
            let key = try loadHotkey(hotkey)
            defer { key.wipe() }
            print(key.sign(message: message).text)
        }
    }

    /// `scoring keys verify [FILE|-]`.
    public struct Verify: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Verify a signed document; exit status 0 when valid, 1 when not.",
            discussion: "Prints the signer address and the message text of a valid document.")

        @Argument(help: "The document file, or - for standard input.") public var file: String = "-"
        @Option(help: "Require this scheme (\(CryptoChoice.allCases.map(\.rawValue).joined(separator: ", "))); by default it is read from the signature.")
        var crypto: CryptoChoice?
        public init() {}

        public func run() async throws {
            let text: String
            do {
                if file == "-" {
                    text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                } else {
                    text = try String(contentsOfFile: file, encoding: .utf8)
                }
            } catch {
                printError("error: cannot read \(file): \(error.localizedDescription)")
                throw ExitCode(1)
            }
            do {
                let verified = try SignedDocument.verify(text, cryptoType: crypto?.cryptoType)
                print("valid")
                print("signer:  \(verified.signer)")
                print("scheme:  \(verified.cryptoType)")
                print("signed:  \(verified.timestamp.dateTime) \(verified.timestamp.timeZone)")
                print("message: \(verified.message)")
            } catch {
                print("invalid")
                printError("error: \(error.detail)")
                throw ExitCode(1)
            }
        }
    }

    /// `scoring keys generate --out FILE [--crypto sr25519|ed25519] [--force]`.
    public struct Generate: AsyncParsableCommand {
        public static let configuration = CommandConfiguration(
            abstract: "Generate a new hotkey and write it as an unencrypted wallet file (mode 0600).")

        @Option(help: "The file to write.") public var out: String
        @Option(help: "The signature scheme.") var crypto: CryptoChoice = .sr25519
        @Flag(help: "Replace an existing file.") public var force = false
        public init() {}

        public func run() async throws {
            let key = Keypair.generate(cryptoType: crypto.cryptoType)
            defer { key.wipe() }
            do {
                try WalletHotkeyFile.write(key, to: out, overwrite: force)
            } catch {
                printError("error: \(error.detail)")
                throw ExitCode(1)
            }
            print("wrote \(out)")
            print("scheme:      \(key.cryptoType)")
            print("ss58Address: \(key.address)")
            print("publicKey:   0x\(Hex.encode(key.publicKey))")
        }
    }
}

/// Loads a hotkey file, turning wallet errors into a message and exit status 1.
private func loadHotkey(_ path: String) throws -> Keypair {
    do {
        return try WalletHotkeyFile.load(path: path)
    } catch {
        printError("error: \(error.detail)")
        throw ExitCode(1)
    }
}
