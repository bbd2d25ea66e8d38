// The Sodium module: a small, safe Swift wrapper over the system libsodium.
//
// Only this module imports `CSodium`, and no C type appears in its public API: everything
// takes and returns `[UInt8]`, the fixed-size values `Bytes32`/`Bytes64`, or `SecureBytes`.

internal import CSodium

/// Process-wide libsodium set-up and a few general utilities.
///
/// Every entry point of this module calls ``Sodium/initialize()`` itself, so callers never
/// have to; calling it explicitly (for example at start-up) only moves the one-time cost.
public enum Sodium {
    /// The one-time initialisation. A Swift global/static `let` is initialised lazily and
    /// exactly once even under concurrent access (the runtime uses `swift_once`), which is
    /// what makes `sodium_init` thread safe here.
    private static let initialised: Bool = sodium_init() >= 0

    /// Initialises libsodium once for the process. Safe to call from any thread, any number of times.
    ///
    /// A failure of `sodium_init` (it can only fail when no entropy source is available)
    /// stops the process: continuing would mean generating predictable keys.
    @inline(__always)
    public static func initialize() {
        precondition(initialised, "libsodium could not be initialised (sodium_init failed)")
    }

    /// The version string of the libsodium library linked at run time, such as `1.0.18`.
    public static var libraryVersion: String {
        initialize()
        return String(cString: sodium_version_string())
    }

    /// Compares two byte sequences in time that depends only on their length.
    ///
    /// - Returns: `true` when both have the same length and the same bytes. Sequences of
    ///   different lengths return `false` immediately (lengths are not secret).
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        initialize()
        guard a.count == b.count else { return false }
        if a.isEmpty { return true }
        return a.withUnsafeBytes { pa in
            b.withUnsafeBytes { pb in sodium_memcmp(pa.baseAddress!, pb.baseAddress!, a.count) == 0 }
        }
    }

    /// Overwrites the bytes of an array with zeros in a way the optimiser cannot remove.
    ///
    /// The array keeps its count. Copies of the array made before the call are not affected:
    /// prefer ``SecureBytes`` for anything that must not outlive its use.
    public static func wipe(_ bytes: inout [UInt8]) {
        initialize()
        bytes.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress, buffer.count > 0 { sodium_memzero(base, buffer.count) }
        }
    }

    /// Zeroes raw memory in a way the optimiser cannot remove (for callers that manage their own buffers).
    public static func wipe(_ buffer: UnsafeMutableRawBufferPointer) {
        initialize()
        if let base = buffer.baseAddress, buffer.count > 0 { sodium_memzero(base, buffer.count) }
    }
}
