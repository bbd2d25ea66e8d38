// Bittensor wallet hotkey files (~/.bittensor/wallets/NAME/hotkeys/HOTKEY), unencrypted JSON.

public import Sodium
import DurableFiles
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading and writing Bittensor wallet hotkey files.
///
/// A file is a JSON object with `ss58Address`, `publicKey` and `accountId` (0x-hex of the
/// public key), `cryptoType` (1 = sr25519, 0 = ed25519; 1 when absent), `secretSeed`
/// (0x-hex, 32 bytes), `privateKey` (sr25519: 0x-hex of `scalar ‖ nonce`, 64 bytes; ed25519:
/// the 32-byte seed, or libsodium's 64-byte `seed ‖ public key`) and optionally `secretPhrase`.
///
/// Loading checks that every field present agrees with the others. The file is read into
/// ``SecureBytes``, secrets are decoded from it directly into ``SecureBytes``, and the buffer
/// is zeroed before returning; the mnemonic phrase is never decoded.
public enum WalletHotkeyFile {
    /// Loads and checks a hotkey file. A leading `~/` is expanded with `$HOME`.
    ///
    /// - Throws: ``WalletError``: ``WalletError/encrypted`` for password-protected files,
    ///   ``WalletError/inconsistent`` when the fields do not belong together, and so on.
    public static func load(path: String) throws(WalletError) -> Keypair {
        let contents = try readFile(expandTilde(path))
        defer { contents.wipe() }
        return try load(contents: contents, name: path)
    }

    /// Loads a hotkey from file contents already in memory (wiped by the caller).
    public static func load(contents: SecureBytes, name: String = "hotkey file") throws(WalletError) -> Keypair {
        try contents.withUnsafeBytes { (bytes) throws(WalletError) -> Keypair in try parse(bytes, name: name) }
    }

    /// The encrypted-file markers Bittensor writes, with a description.
    static let encryptionMarkers: [(String, String)] = [
        ("$NACL", "NaCl secretbox (bittensor-wallet password)"),
        ("$ANSIBLE_VAULT", "Ansible vault (legacy bittensor password)"),
        ("gAAAAA", "Fernet (legacy bittensor password)"),
    ]

    static func parse(_ bytes: UnsafeRawBufferPointer, name: String) throws(WalletError) -> Keypair {
        var start = 0
        while start < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[start]) { start += 1 }
        for (marker, what) in encryptionMarkers {
            let m = Array(marker.utf8)
            if bytes.count - start >= m.count, (0..<m.count).allSatisfy({ bytes[start + $0] == m[$0] }) {
                throw .with(.encrypted, "\(name) is encrypted (\(what)): password-protected hotkey files are not supported; use an unencrypted hotkey file")
            }
        }
        guard let members = parseFlatJSONObject(bytes) else {
            throw .with(.notJSON, "\(name) is not a JSON object (nor a known encrypted format)")
        }

        func hexField(_ key: String, lengths: Set<Int>) throws(WalletError) -> SecureBytes? {
            guard let value = members[key] else { return nil }
            if value == .null { return nil }
            guard case let .string(range, escaped) = value, !escaped else {
                throw .with(.invalidField, "\(name): \(key) must be a 0x-hex string")
            }
            let raw = UnsafeRawBufferPointer(rebasing: bytes[range])
            var decoded = [UInt8]()
            guard Hex.decode(raw, into: &decoded) else {
                throw .with(.invalidField, "\(name): \(key) is not hexadecimal")
            }
            let secure = SecureBytes(taking: &decoded)
            guard lengths.contains(secure.count) else {
                throw .with(.invalidField, "\(name): \(key) has \(secure.count) bytes, expected \(lengths.sorted().map(String.init).joined(separator: " or "))")
            }
            return secure
        }

        // cryptoType
        var cryptoType = CryptoType.sr25519
        if let value = members["cryptoType"], value != .null {
            guard case let .number(range) = value,
                  let n = Int(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self))
            else { throw .with(.invalidField, "\(name): cryptoType must be an integer") }
            guard let type = CryptoType(rawValue: n) else {
                throw .with(.unsupportedCryptoType, "\(name): cryptoType \(n) is not 0 (ed25519) or 1 (sr25519)")
            }
            cryptoType = type
        }

        let seed = try hexField("secretSeed", lengths: [32])
        let privateKey = try hexField("privateKey", lengths: cryptoType == .sr25519 ? [64] : [32, 64])
        let publicKey = try hexField("publicKey", lengths: [32])?.array
        let accountId = try hexField("accountId", lengths: [32])?.array
        var address: SS58Address?
        if let value = members["ss58Address"], value != .null {
            guard case let .string(range, false) = value else { throw .with(.invalidField, "\(name): ss58Address must be a string") }
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
            do { address = try SS58Address(text, expectedPrefix: nil) } catch {
                throw .with(.invalidField, "\(name): ss58Address \(error.detail)")
            }
        }
        defer {
            seed?.wipe()
            privateKey?.wipe()
        }

        let keypair: Keypair
        switch (cryptoType, seed, privateKey) {
        case (_, nil, nil):
            throw .with(.missingField, "\(name): neither secretSeed nor privateKey is present")
        case let (.sr25519, seed?, privateKey):
            keypair = Keypair(seed: seed, cryptoType: .sr25519, prefix: address?.prefix ?? SS58Address.bittensorPrefix)
            if let privateKey, !keypair.secret.constantTimeEquals(privateKey) {
                throw .with(.inconsistent, "\(name): privateKey is not the sr25519 expansion of secretSeed")
            }
        case let (.sr25519, nil, privateKey?):
            guard let pair = Keypair(sr25519Expanded: privateKey, prefix: address?.prefix ?? SS58Address.bittensorPrefix) else {
                throw .with(.invalidField, "\(name): privateKey holds the zero scalar")
            }
            keypair = pair
        case let (.ed25519, seed?, privateKey):
            keypair = Keypair(seed: seed, cryptoType: .ed25519, prefix: address?.prefix ?? SS58Address.bittensorPrefix)
            if let privateKey {
                let matches = privateKey.count == 32
                    ? seed.constantTimeEquals(privateKey)
                    : keypair.secret.constantTimeEquals(privateKey)
                if !matches { throw .with(.inconsistent, "\(name): privateKey does not match secretSeed (ed25519)") }
            }
        case let (.ed25519, nil, privateKey?):
            let derivedSeed = privateKey.slice(0..<32)
            defer { derivedSeed.wipe() }
            keypair = Keypair(seed: derivedSeed, cryptoType: .ed25519, prefix: address?.prefix ?? SS58Address.bittensorPrefix)
            if privateKey.count == 64, !keypair.secret.constantTimeEquals(privateKey) {
                throw .with(.inconsistent, "\(name): privateKey's public half does not match its seed (ed25519)")
            }
        }

        if let publicKey, publicKey != keypair.publicKey {
            throw .with(.inconsistent, "\(name): publicKey 0x\(Hex.encode(publicKey)) is not the key of the secret (0x\(Hex.encode(keypair.publicKey)), \(cryptoType))")
        }
        if let accountId, accountId != keypair.publicKey {
            throw .with(.inconsistent, "\(name): accountId 0x\(Hex.encode(accountId)) is not the key of the secret (0x\(Hex.encode(keypair.publicKey)), \(cryptoType))")
        }
        if let address, address.publicKey != keypair.publicKey {
            throw .with(.inconsistent, "\(name): ss58Address \(address) does not belong to the secret (expected \(keypair.address))")
        }
        return keypair
    }

    // MARK: - Writing

    /// The wallet-compatible JSON for a key pair made from a seed. The caller must wipe the result.
    ///
    /// - Precondition: the key pair has its seed (it was created from one) and is not wiped.
    public static func serialize(_ keypair: Keypair) -> SecureBytes {
        guard let seed = keypair.seed else { preconditionFailure("only key pairs created from a seed can be serialised") }
        precondition(!keypair.isWiped, "serialising a wiped key pair")
        var out = [UInt8]()
        out.reserveCapacity(512)
        func string(_ s: String) { out.append(contentsOf: s.utf8) }
        func hexBytes(_ buffer: UnsafeRawBufferPointer) {
            let digits = Array("0123456789abcdef".utf8)
            string("\"0x")
            for b in buffer {
                out.append(digits[Int(b >> 4)])
                out.append(digits[Int(b & 0x0f)])
            }
            string("\"")
        }
        let pk = "\"0x" + Hex.encode(keypair.publicKey) + "\""
        string("{\"accountId\": \(pk), \"publicKey\": \(pk), \"privateKey\": ")
        switch keypair.cryptoType {
        case .sr25519: keypair.secret.withUnsafeBytes { hexBytes($0) }
        case .ed25519: seed.withUnsafeBytes { hexBytes($0) } // Bittensor stores the ed25519 seed as privateKey
        }
        string(", \"secretSeed\": ")
        seed.withUnsafeBytes { hexBytes($0) }
        string(", \"ss58Address\": \"\(keypair.address.string)\", \"cryptoType\": \(keypair.cryptoType.rawValue)}")
        return SecureBytes(taking: &out)
    }

    /// Writes a key pair as a wallet hotkey file: mode 0600, written to a temporary file in the same
    /// directory and moved into place atomically. An existing file is replaced only with `overwrite`.
    ///
    /// - Throws: ``WalletError/fileExists`` or ``WalletError/writeFailed``.
    public static func write(_ keypair: Keypair, to path: String, overwrite: Bool = false) throws(WalletError) {
        let path = expandTilde(path)
        let contents = serialize(keypair)
        defer { contents.wipe() }
        // The package's durable-write recipe: mode 0600, temporary file beside the final name, fsync,
        // then rename (overwrite) or link (never clobbers, even if the name appears meanwhile), and
        // a directory fsync; a symlink at the path is refused; nothing partial is left behind.
        let writer = DurableWriter(createDirectories: false, permissions: 0o600)
        do {
            try contents.withUnsafeBytes { (buffer) throws(DurableWriteError) in
                try writer.write(buffer, to: path, mode: overwrite ? .replace : .createNew)
            }
        } catch where error.fileExists {
            throw .with(.fileExists, "\(path) exists; pass --force to overwrite it")
        } catch {
            throw .with(.writeFailed, "cannot write \(path): \(error)")
        }
    }

    // MARK: - File helpers

    static func expandTilde(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/"), let home = getenv("HOME") else { return path }
        return String(cString: home) + path.dropFirst()
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }

    /// Reads a whole file into ``SecureBytes`` (files over 1 MiB are refused: a hotkey is ~500 bytes).
    static func readFile(_ path: String) throws(WalletError) -> SecureBytes {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .with(.unreadable, "cannot open \(path): \(errnoText())") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw .with(.unreadable, "cannot stat \(path): \(errnoText())") }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw .with(.unreadable, "\(path) is not a regular file") }
        let size = Int(info.st_size)
        guard size <= 1 << 20 else { throw .with(.notJSON, "\(path) is \(size) bytes, far too large for a hotkey file") }
        let buffer = SecureBytes(zeroedCount: size)
        var offset = 0
        let failed: Bool = buffer.withUnsafeMutableBytes { out in
            while offset < size {
                let n = read(fd, out.baseAddress! + offset, size - offset)
                if n < 0 { if errno == EINTR { continue }; return true }
                if n == 0 { break }
                offset += n
            }
            return false
        }
        if failed {
            buffer.wipe()
            throw .with(.unreadable, "cannot read \(path): \(errnoText())")
        }
        guard offset == size else {
            let exact = buffer.slice(0..<offset)
            buffer.wipe()
            return exact
        }
        return buffer
    }
}
