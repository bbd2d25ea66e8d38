import Foundation

/// A progress bar on standard error, drawn only when standard error is a terminal, not quiet, and
/// the run has already taken about a second (short runs stay silent).
///
/// `@unchecked Sendable`: the mutable fields are only touched while holding `lock`.
public final class ProgressBar: @unchecked Sendable {
    private let total: Int
    private let label: String
    private let enabled: Bool
    private let start = Date()
    private var done = 0
    private var drawn = false
    private var lastDraw = Date.distantPast
    private let lock = NSLock()

    public init(total: Int, label: String, quiet: Bool) {
        self.total = max(1, total)
        self.label = label
        self.enabled = !quiet && isatty(2) != 0
    }

    /// Records `count` more units done and redraws at most ten times a second.
    public func advance(_ count: Int = 1) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        done += count
        let now = Date()
        guard now.timeIntervalSince(start) > 1.0, now.timeIntervalSince(lastDraw) > 0.1 || done >= total else { return }
        lastDraw = now
        drawn = true
        let fraction = min(1, Double(done) / Double(total))
        let width = 30
        let filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        FileHandle.standardError.write(Data("\r\(label) [\(bar)] \(done)/\(total)".utf8))
    }

    /// Clears the bar's line if it was drawn.
    public func finish() {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }
}
