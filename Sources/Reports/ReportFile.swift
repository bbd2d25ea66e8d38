import DurableFiles

/// Writing a rendered report to disk.
public enum ReportFile {
    /// Writes `html` to `path` through the package's durable-write recipe (``DurableWriter``):
    /// missing directories are made, a reader never sees half a report, and an old report at `path`
    /// is replaced only by the complete new one.
    public static func write(_ html: String, to path: String) throws {
        try DurableWriter().write(html, to: path)
    }
}
