import Foundation
import Testing
import ScoringCore
import ScoringTestKit

/// YAML-only domains (`configs/domains/*.yaml`) register exactly like built-in ones.
@Suite struct DataTaskDomainConfigTests {
    /// The repository's `configs/domains` directory, found from this file's path.
    static let domainsDirectory: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("configs/domains").path
    }()

    /// A registry with a pipeline that reads nothing, so a config can be loaded without the simulator.
    static func registry() throws -> ScoringRegistry {
        var registry = ScoringRegistry()
        try registry.register(pipeline: PipelineEntry(name: "noop", summary: "does nothing") { _, _ in NoopPipeline() })
        return registry
    }

    struct NoopPipeline: Pipeline {
        func run(_ options: RunOptions) async throws -> RunOutcome { RunOutcome() }
    }

    func writeConfig(_ text: String) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rf-domains-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("config.yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    @Test(arguments: ["legal", "forecasting"])
    func exampleDomainFilesAreValidAndConform(_ name: String) throws {
        let domain = try DataTaskDomain.load(file: "\(Self.domainsDirectory)/\(name).yaml")
        #expect(domain.key.rawValue == name)
        #expect(DomainConformance().check(domain).isEmpty, "\(DomainConformance().check(domain))")
    }

    @Test func aConfigListingADomainFileRegistersIt() throws {
        let file = try writeConfig("""
            pipeline: noop
            domain_files: [\(Self.domainsDirectory)/legal.yaml]
            """)
        let base = try Self.registry()
        #expect(!base.domainKeys.contains("legal"))
        let config = try ScoringConfig.load(file: file, registry: base)
        #expect(config.registry.domainKeys.contains("legal"))
        let domain = try config.registry.make(.domain, "legal", as: (any TaskDomain).self)
        #expect(domain.checks.map(\.key) == ["precedent", "statute", "citations"])
        #expect(domain.checkWeights == [0.45, 0.35, 0.20])
        #expect(domain.traps.map(\.groundTruth) == [0.95, 1.0])
        #expect(try config.registry.descriptor(.domain, "legal").reference?.hasSuffix("legal.yaml") == true)
        #expect(DomainConformance().check("legal", in: config.registry).isEmpty)
    }

    @Test func aDomainFileClashingWithARegisteredDomainIsALocatedError() throws {
        var base = try Self.registry()
        try base.register(domain: DataTaskDomain(key: "legal", summary: "x", checks: [DomainCheck("a", weight: 1)],
                                                 templates: [TaskTemplate("t")], traps: []))
        let file = try writeConfig("""
            pipeline: noop
            domain_files: [\(Self.domainsDirectory)/legal.yaml]
            """)
        let error = try #require(throws: ConfigError.self) { _ = try ScoringConfig.load(file: file, registry: base) }
        #expect(error.path == "domain_files")
        #expect(error.location?.line == 2)
    }

    @Test func badWeightsInADomainFileAreRejected() throws {
        let file = try writeConfig("""
            name: broken
            checks: [{key: a, weight: 0.5}, {key: b, weight: 0.2}]
            templates: [x]
            """)
        let error = try #require(throws: ConfigError.self) { _ = try DataTaskDomain.load(file: file) }
        #expect(error.message.contains("sum to 1"))
    }
}
