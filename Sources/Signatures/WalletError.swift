// Errors from reading and writing Bittensor wallet hotkey files.

/// Why a wallet hotkey file could not be used. Compare with the static members
/// (`error == .encrypted`); ``detail`` names the file, field or value.
public struct WalletError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Kind: Sendable, Equatable {
        case unreadable, encrypted, notJSON, missingField, invalidField, unsupportedCryptoType, inconsistent, fileExists, writeFailed
    }
    private let kind: Kind
    /// A human-readable explanation.
    public let detail: String

    private init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    /// The file could not be opened or read.
    public static let unreadable = Self(.unreadable, "file cannot be read")
    /// The file is encrypted (password protected); this tool reads only unencrypted hotkeys.
    public static let encrypted = Self(.encrypted, "file is encrypted (password protected)")
    /// The file is not a JSON object.
    public static let notJSON = Self(.notJSON, "file is not a JSON object")
    /// A required field is absent.
    public static let missingField = Self(.missingField, "required field missing")
    /// A field has the wrong type, is not hex, or has the wrong length.
    public static let invalidField = Self(.invalidField, "field has an invalid value")
    /// `cryptoType` is neither 0 (ed25519) nor 1 (sr25519).
    public static let unsupportedCryptoType = Self(.unsupportedCryptoType, "cryptoType must be 0 (ed25519) or 1 (sr25519)")
    /// Seed, private key, public key and address do not belong together.
    public static let inconsistent = Self(.inconsistent, "key fields are inconsistent")
    /// The output file exists and overwriting was not requested.
    public static let fileExists = Self(.fileExists, "file exists")
    /// Writing the file failed.
    public static let writeFailed = Self(.writeFailed, "file cannot be written")

    static func with(_ base: WalletError, _ detail: String) -> Self { Self(base.kind, detail) }

    public static func == (a: Self, b: Self) -> Bool { a.kind == b.kind }

    public var description: String { detail }
}
