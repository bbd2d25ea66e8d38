import Foundation

/// What identifies one version of a file cheaply: device, inode, size and modification time.
/// A rename-over changes the inode; an in-place rewrite changes size or modification time.
struct FileIdentity: Sendable, Hashable {
    var device: UInt64
    var inode: UInt64
    var size: UInt64
    var modified: Date

    /// The identity of the file at `path`, or nil when it does not exist or cannot be examined.
    static func of(_ path: String) -> FileIdentity? {
        guard let a = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        return FileIdentity(device: (a[.deviceIdentifier] as? NSNumber)?.uint64Value ?? 0,
                            inode: (a[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0,
                            size: (a[.size] as? NSNumber)?.uint64Value ?? 0,
                            modified: a[.modificationDate] as? Date ?? .distantPast)
    }
}
