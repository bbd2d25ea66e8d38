/// The formats a simulation can write its results in.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// Leaderboard and validator table of the last epoch (and Monte Carlo summary tables).
    case table
    /// One JSON document: the reference response's fields (`config`, `epochs`) plus `metrics` and `manifest`.
    case json
    /// One JSON object per line: a manifest line, one line per epoch as it finishes, a summary line.
    case jsonl
    /// One row per (epoch, miner) and per (epoch, validator), streamed; the manifest goes to a side file.
    case csv
}
