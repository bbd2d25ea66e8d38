/// One step of a durable write, in the order ``DurableWriter`` takes them.
///
/// A ``DurableWriteError`` names the step that failed, and a test names the step it makes fail
/// (``DurableWriter/Faults``).
public enum DurableWriteStep: String, Sendable, CaseIterable, CustomStringConvertible {
    /// `mkdir(2)` of a missing directory on the way to the destination.
    case makeDirectory = "mkdir"
    /// Opening the destination directory, refusing a symlink or anything that is not a directory.
    case checkDirectory = "check directory"
    /// `lstat(2)` of the final name: an existing symlink there is refused.
    case checkDestination = "check destination"
    /// Creating the temporary file (`O_CREAT | O_EXCL | O_NOFOLLOW`) beside the final name.
    case createTemporary = "create temporary file"
    /// Writing the bytes into the temporary file.
    case write
    /// `fsync(2)` of the temporary file's data.
    case syncFile = "fsync"
    /// `rename(2)` over the final name, or `link(2)` to it when the write must not overwrite.
    case publish = "publish"
    /// `fsync(2)` of the directory holding the new entry (and of the parent of every directory made).
    case syncDirectory = "fsync directory"

    public var description: String { rawValue }
}
