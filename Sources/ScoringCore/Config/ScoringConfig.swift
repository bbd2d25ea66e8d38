/// A loaded, validated config: the pipeline it selects, ready to run, and the resolved tree.
///
/// Top-level keys:
/// - `pipeline` (string, required): `simulation` or `reputation` (or any registered pipeline);
/// - `name`, `description` (strings, optional);
/// - `domain_files` (list of paths, optional): YAML task domains (see ``DataTaskDomain``) to
///   register before the pipeline reads its section, relative to the config file;
/// - the pipeline's own section (`simulation:` / `reputation:`), read by the pipeline;
/// - `expect` (list, optional): ``Expectation``s over the run's metrics, checked by `scoring run`;
/// - `extends` (handled by ``ConfigLoader``).
public struct ScoringConfig: Sendable {
    public var path: String
    public var pipelineName: String
    public var name: String?
    public var description: String?
    public var pipeline: any Pipeline
    /// The registry with the config's YAML domains added.
    public var registry: ScoringRegistry
    /// The config with every default filled in.
    public var resolved: ConfigNode
    /// Assertions over the run's metrics (`expect:`), checked after the run.
    public var expectations: [Expectation]

    /// Loads `file`, applies `overrides`, registers its domain files and parses its pipeline.
    /// - Throws: ``ConfigError`` located in the file for every kind of mistake.
    public static func load(file: String, overrides: [String] = [], registry: ScoringRegistry,
                            loader: ConfigLoader = ConfigLoader()) throws(ConfigError) -> ScoringConfig {
        let node = try loader.load(file: file, overrides: overrides)
        return try load(node: node, path: file, registry: registry, loader: loader)
    }

    public static func load(node: ConfigNode, path: String, registry: ScoringRegistry,
                            loader: ConfigLoader = ConfigLoader()) throws(ConfigError) -> ScoringConfig {
        var registry = registry
        let root = try ConfigReader(node)
        let names = registry.pipelines.map(\.name)
        let known = Set(names + ["simulation", "reputation"]).sorted()
        let pipelineName = try root.string("pipeline", choices: known)
        let name = try root.optionalString("name")
        let description = try root.optionalString("description")
        let expectations = try Expectation.parse(root.raw("expect"))
        let baseDirectory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        if let files = root.raw("domain_files"), !files.isNull {
            guard let elements = files.elements else {
                throw ConfigError(.wrongType, at: files.location, path: "domain_files",
                                  "'domain_files' must be a list of file paths, found \(files.value.typeName)")
            }
            for element in elements {
                guard let file = element.stringValue else {
                    throw ConfigError(.wrongType, at: element.location, path: "domain_files", "domain file entries must be paths")
                }
                let full = file.hasPrefix("/") ? file : "\(baseDirectory)/\(file)"
                let domain: DataTaskDomain
                do {
                    domain = try DataTaskDomain.load(file: full, loader: loader)
                } catch where error.kind == .io {
                    throw ConfigError(.io, at: element.location, path: "domain_files", error.message)
                }
                do {
                    try registry.register(domain: domain)
                } catch {
                    throw ConfigError(.invalidValue, at: element.location, path: "domain_files", error.description)
                }
            }
        }
        guard let entry = registry.pipeline(pipelineName) else {
            throw ConfigError(.unknownComponent, at: root.location(of: "pipeline"), path: "pipeline",
                              "the '\(pipelineName)' pipeline is not available yet in this build",
                              choices: names)
        }
        let pipeline: any Pipeline
        do {
            pipeline = try entry.parse(root, registry)
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError(.invalidValue, at: node.location, path: "", "\(error)")
        }
        try root.finish()
        return ScoringConfig(path: path, pipelineName: pipelineName, name: name, description: description,
                             pipeline: pipeline, registry: registry, resolved: root.resolved,
                             expectations: expectations)
    }
}
