// Hotkey key pairs: sr25519 (Schnorrkel) or ed25519, with SS58 address, signing and verification.

public import Sodium

/// The signature scheme of a key, numbered as in Bittensor wallet files (`cryptoType`).
public enum CryptoType: Int, Sendable, CaseIterable, CustomStringConvertible {
    /// Ed25519 (RFC 8032), `cryptoType` 0.
    case ed25519 = 0
    /// sr25519 (Schnorrkel on ristretto255, context `substrate`), `cryptoType` 1. The Bittensor default.
    case sr25519 = 1

    /// `sr25519` or `ed25519`.
    public var description: String { self == .sr25519 ? "sr25519" : "ed25519" }

    /// Parses `sr25519` or `ed25519` (case-insensitive).
    public init?(name: String) {
        switch name.lowercased() {
        case "sr25519": self = .sr25519
        case "ed25519": self = .ed25519
        default: return nil
        }
    }

    /// Verifies a 64-byte signature over `message` by a 32-byte public key under this scheme.
    public func verify(signature: [UInt8], message: [UInt8], publicKey: [UInt8]) -> Bool {
        switch self {
        case .sr25519: Sr25519.verify(signature: signature, message: message, publicKey: publicKey)
        case .ed25519: Ed25519.verify(signature: signature, message: message, publicKey: publicKey)
        }
    }

    /// Verifies a signature held in raw buffers (no copies).
    func verify(signature: UnsafeRawBufferPointer, message: UnsafeRawBufferPointer, publicKey: UnsafeRawBufferPointer) -> Bool {
        switch self {
        case .sr25519: Sr25519.verify(signature: signature, message: message, publicKey: publicKey)
        case .ed25519: Ed25519.verify(signature: signature, message: message, publicKey: publicKey)
        }
    }
}

/// A validator's hotkey: a key pair that signs documents for the reputation service.
public typealias Hotkey = Keypair

/// An sr25519 or ed25519 key pair with its SS58 address.
///
/// The secret material lives in ``SecureBytes`` and is zeroed by ``wipe()`` or when the key pair
/// is released. A wiped key pair can no longer sign.
///
/// ```swift
/// let hotkey = try WalletHotkeyFile.load(path: "~/.bittensor/wallets/w/hotkeys/h")
/// let document = hotkey.sign(message: "reputation_request validator=\(hotkey.address) timestamp=…")
/// print(document.text)
/// ```
public final class Keypair: Sendable {
    /// The signature scheme.
    public let cryptoType: CryptoType
    /// The 32-byte public key.
    public let publicKey: [UInt8]
    /// The SS58 address (prefix 42 unless created otherwise).
    public let address: SS58Address
    /// The 32-byte seed (`secretSeed`), when the key pair was made from one.
    let seed: SecureBytes?
    /// sr25519: `scalar ‖ nonce`; ed25519: libsodium's `seed ‖ public key`. 64 bytes either way.
    let secret: SecureBytes

    /// Derives a key pair from a 32-byte seed (a Substrate "mini secret key" for sr25519,
    /// an RFC 8032 seed for ed25519), as Bittensor's `Keypair.create_from_seed` does.
    ///
    /// - Precondition: `seed.count == 32`.
    public init(seed: SecureBytes, cryptoType: CryptoType, prefix: UInt16 = SS58Address.bittensorPrefix) {
        precondition(seed.count == 32, "a key seed must be 32 bytes")
        self.cryptoType = cryptoType
        self.seed = seed.slice(0..<32)
        switch cryptoType {
        case .sr25519:
            let key = Sr25519.SecretKey(miniSecret: seed)
            guard let pk = key.publicKey() else { preconditionFailure("sr25519 seed expands to the zero scalar") }
            secret = key.bytes
            publicKey = pk.array
        case .ed25519:
            let pair = Ed25519.keyPair(seed: seed)
            secret = pair.secretKey
            publicKey = pair.publicKey
        }
        address = SS58Address(publicKey: publicKey, prefix: prefix)
    }

    /// An sr25519 key pair from its expanded secret (`scalar ‖ nonce`, a wallet's `privateKey`) alone.
    ///
    /// - Returns: `nil` when the scalar is zero modulo ℓ.
    init?(sr25519Expanded expanded: SecureBytes, prefix: UInt16 = SS58Address.bittensorPrefix) {
        precondition(expanded.count == 64, "sr25519 expanded secret must be 64 bytes")
        let key = Sr25519.SecretKey(expanded: expanded.slice(0..<64))
        guard let pk = key.publicKey() else { return nil }
        cryptoType = .sr25519
        seed = nil
        secret = key.bytes
        publicKey = pk.array
        address = SS58Address(publicKey: publicKey, prefix: prefix)
    }

    /// Generates a fresh key pair from 32 random bytes.
    public static func generate(cryptoType: CryptoType = .sr25519, prefix: UInt16 = SS58Address.bittensorPrefix) -> Keypair {
        Keypair(seed: SecureBytes(randomCount: 32), cryptoType: cryptoType, prefix: prefix)
    }

    /// `true` once ``wipe()`` has run.
    public var isWiped: Bool { secret.isZero }

    /// Zeroes the secret material now. Afterwards ``sign(_:)`` stops the process instead of signing.
    public func wipe() {
        secret.wipe()
        seed?.wipe()
    }

    /// Signs raw bytes; returns the 64-byte signature (sr25519 signatures are randomised).
    public func sign(_ message: [UInt8]) -> [UInt8] {
        precondition(!secret.isZero, "signing with a wiped key pair")
        switch cryptoType {
        case .sr25519:
            let key = Sr25519.SecretKey(expanded: secret)
            let pk = Bytes32(publicKey)!
            return message.withUnsafeBytes { key.sign(message: $0, publicKey: pk) }.array
        case .ed25519:
            return Ed25519.sign(message, secretKey: secret)
        }
    }

    /// Verifies a signature over `message` by this key pair's public key.
    public func verify(signature: [UInt8], message: [UInt8]) -> Bool {
        cryptoType.verify(signature: signature, message: message, publicKey: publicKey)
    }

    /// Signs a message the way validators do (`sign_message`): the document
    /// `<Bytes>On {date-time} {zone} {message}</Bytes>` signed by this key, stamped now in local time.
    public func sign(message: String) -> SignedDocument {
        sign(message: message, at: DocumentTimestamp.now())
    }

    /// Signs a message with a given time stamp (for reproducible documents and tests).
    public func sign(message: String, at timestamp: DocumentTimestamp) -> SignedDocument {
        let line = SignedDocument.signedLine(timestamp: timestamp, message: message)
        let signature = sign(Array(line.utf8))
        return SignedDocument(signedLine: line, timestamp: timestamp, message: message, signer: address, signature: signature)
    }
}

extension Keypair: CustomStringConvertible {
    /// Shows the scheme and address, never secrets.
    public var description: String { "Keypair(\(cryptoType), \(address))" }
}
