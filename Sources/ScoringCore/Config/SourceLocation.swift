/// Where a configuration value came from: a file position, or a command-line override.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file path as given (or `<command line>` for `--set` overrides, `<default>` for filled-in defaults).
    public var file: String
    /// Line number starting from 1 (0 when unknown).
    public var line: Int
    /// Column number starting from 1 (0 when unknown).
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String {
        line > 0 ? "\(file):\(line):\(column)" : file
    }

    /// The location given to `--set` overrides.
    public static func commandLine(_ assignment: String) -> SourceLocation {
        SourceLocation(file: "<command line: --set \(assignment)>", line: 0, column: 0)
    }

    /// The location given to values that were not written anywhere and were filled in from a default.
    public static let defaultValue = SourceLocation(file: "<default>", line: 0, column: 0)
}
