#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A durable write that did not happen: the step that failed, the path it acted on, and `errno`.
///
/// When this is thrown nothing partial is left behind (see ``DurableWriter``).
public struct DurableWriteError: Error, Sendable, Equatable, CustomStringConvertible {
    public var step: DurableWriteStep
    public var path: String
    public var errno: Int32

    public init(step: DurableWriteStep, path: String, errno: Int32) {
        self.step = step
        self.path = path
        self.errno = errno
    }

    /// The no-overwrite variant found a file (or anything else) at the final name.
    public var fileExists: Bool { step == .publish && errno == EEXIST }

    /// The final name, or the destination directory, is a symlink: refused.
    /// Whether a symlink was refused: `ELOOP` where the final name or a directory was checked, or
    /// `ENOTDIR` on the directory check (Linux's answer to `O_DIRECTORY | O_NOFOLLOW` on a symlink).
    public var isSymlink: Bool {
        (errno == ELOOP && (step == .checkDestination || step == .checkDirectory))
            || (errno == ENOTDIR && step == .checkDirectory)
    }

    public var description: String {
        switch (step, errno) {
        case (.checkDestination, ELOOP):
            return "\(path) is a symlink; expected a regular file or no file (symlinks are refused)"
        case (.checkDirectory, ELOOP):
            return "\(path) is a symlink; expected a directory (symlinks are refused)"
        case (.checkDirectory, ENOTDIR):
            return "\(path) is not a directory"
        case (.publish, EEXIST):
            return "\(path) exists; expected no file there (this write never overwrites)"
        default:
            return "\(step) \(path): \(String(cString: strerror(errno)))"
        }
    }
}
