/// Options from the command line that every pipeline honours.
public struct RunOptions: Sendable {
    /// Where to write result files; each pipeline documents its default.
    public var outputDirectory: String?
    /// Path of a self-contained HTML report to write, when asked for.
    public var reportPath: String?
    /// Suppress progress and tables on the terminal.
    public var quiet: Bool
    /// Output format for the main result (`table`, `json`, `jsonl`, `csv`).
    public var format: String?
    /// The config file that was run (for manifests).
    public var configPath: String?
    public init(outputDirectory: String? = nil, reportPath: String? = nil, quiet: Bool = false,
                format: String? = nil, configPath: String? = nil) {
        self.outputDirectory = outputDirectory
        self.reportPath = reportPath
        self.quiet = quiet
        self.format = format
        self.configPath = configPath
    }
}

/// What a pipeline run produced.
public struct RunOutcome: Sendable {
    /// Expectations (`expect:`) that failed; a non-empty list makes `scoring run` exit non-zero.
    public var failedExpectations: [String]
    /// Files written.
    public var files: [String]
    /// Named results of the run, for `expect:` assertions and matrices.
    public var metrics: RunMetrics
    public init(failedExpectations: [String] = [], files: [String] = [], metrics: RunMetrics = RunMetrics()) {
        self.failedExpectations = failedExpectations
        self.files = files
        self.metrics = metrics
    }
}

/// A runnable job made from a config (`pipeline: simulation`, `pipeline: reputation`).
///
/// Implementers must guarantee that everything the job does is decided by its config and the
/// ``RunOptions`` (seeds included), so the same inputs give the same results.
public protocol Pipeline: Sendable {
    func run(_ options: RunOptions) async throws -> RunOutcome
}

/// A pipeline registered under a name, with the parser of its config section.
public struct PipelineEntry: Sendable {
    public var name: String
    public var summary: String
    /// Reads the pipeline's part of the root config (its own section and anything else it owns).
    public var parse: @Sendable (ConfigReader, ScoringRegistry) throws -> any Pipeline

    public init(name: String, summary: String,
                parse: @escaping @Sendable (ConfigReader, ScoringRegistry) throws -> any Pipeline) {
        self.name = name
        self.summary = summary
        self.parse = parse
    }
}
