import Testing
@testable import ScoringCore

/// One test per kind of config error, each checking the file, line and column it names.
struct ScoringConfigTests {
    func load(_ text: String, overrides: [String] = [], extra: [(String, String)] = []) throws(ConfigError) -> (ScoringConfig, String) {
        let dir = TempDir()
        for (n, t) in extra { dir.write(n, t) }
        let file = dir.write("config.yaml", text)
        let registry = try! toyRegistry()
        return (try ScoringConfig.load(file: file, overrides: overrides, registry: registry), file)
    }

    func error(_ text: String, overrides: [String] = []) -> ConfigError? {
        configError { _ = try load(text, overrides: overrides) }
    }

    @Test func validConfigLoadsAndResolvesDefaults() throws {
        let (config, _) = try load("pipeline: simulation\nsimulation:\n  consensus: {type: test-mean, options: {scale: 2}}\n")
        let toy = try #require(config.pipeline as? ToyPipeline)
        #expect(toy.rounds == 5)
        #expect(toy.consensus.consensus(scores: [0.5], stakes: [1]) == 1.0)
        let resolved = config.resolved.jsonString(pretty: false)
        #expect(resolved == #"{"pipeline":"simulation","simulation":{"rounds":5,"seed":0,"consensus":{"type":"test-mean","options":{"scale":2,"window":3}}}}"#)
    }

    @Test func typoInComponentNameGetsLineColumnAndSuggestion() {
        let e = error("pipeline: simulation\nsimulation:\n  consensus: test-maen\n")
        #expect(e?.kind == .unknownComponent)
        #expect(e?.location?.line == 3)
        #expect(e?.location?.column == 14)
        #expect(e?.suggestion == "test-mean")
        #expect(e?.choices == ["test-mean"])
        #expect(e?.description.contains("config.yaml:3:14: error: unknown consensus formula 'test-maen'") == true)
    }

    @Test func componentOfTheWrongRoleIsRejected() {
        let e = error("pipeline: simulation\nsimulation:\n  consensus: test-final\n")
        #expect(e?.kind == .unknownComponent)
        #expect(e?.location?.line == 3)
        #expect(e?.choices == ["test-mean"])
    }

    @Test func unknownKeyIsLocatedWithSuggestion() {
        let e = error("pipeline: simulation\nsimulation:\n  rouns: 3\n")
        #expect(e?.kind == .unknownKey)
        #expect(e?.location?.line == 3)
        #expect(e?.location?.column == 3)
        #expect(e?.suggestion == "rounds")
        #expect(e?.choices.contains("consensus") == true)
    }

    @Test func unknownTopLevelKeyIsRejected() {
        let e = error("pipeline: simulation\nsimulaton: {}\n")
        #expect(e?.kind == .unknownKey)
        #expect(e?.location?.line == 2)
        #expect(e?.suggestion == "simulation")
    }

    @Test func wrongTypeIsLocated() {
        let e = error("pipeline: simulation\nsimulation:\n  rounds: many\n")
        #expect(e?.kind == .wrongType)
        #expect(e?.location?.line == 3)
        #expect(e?.description.contains("must be an integer, found a string 'many'") == true)
    }

    @Test func outOfRangeValueIsLocated() {
        let e = error("pipeline: simulation\nsimulation:\n  rounds: 0\n")
        #expect(e?.kind == .outOfRange)
        #expect(e?.location?.line == 3)
        #expect(e?.message.contains("[1, 1000]") == true)
    }

    @Test func unknownOptionListsParameters() {
        let e = error("pipeline: simulation\nsimulation:\n  consensus:\n    type: test-mean\n    options:\n      scael: 2\n")
        #expect(e?.kind == .unknownKey)
        #expect(e?.location?.line == 6)
        #expect(e?.location?.column == 7)
        #expect(e?.choices == ["scale", "window"])
        #expect(e?.suggestion == "scale")
    }

    @Test func outOfRangeOptionIsLocated() {
        let e = error("pipeline: simulation\nsimulation:\n  consensus: {type: test-mean, options: {scale: 11}}\n")
        #expect(e?.kind == .outOfRange)
        #expect(e?.location?.line == 3)
        #expect(e?.message.contains("[0.0, 10.0]") == true)
    }

    @Test func wrongOptionTypeIsLocated() {
        let e = error("pipeline: simulation\nsimulation:\n  consensus: {type: test-mean, options: {window: 2.5}}\n")
        #expect(e?.kind == .wrongType)
        #expect(e?.location?.line == 3)
    }

    @Test func unknownPipelineSuggests() {
        let e = error("pipeline: simulaton\n")
        #expect(e?.kind == .invalidValue)
        #expect(e?.location?.line == 1)
        #expect(e?.location?.column == 11)
        #expect(e?.suggestion == "simulation")
    }

    @Test func knownButUnavailablePipelineSaysSo() {
        let e = error("pipeline: reputation\n")
        #expect(e?.kind == .unknownComponent)
        #expect(e?.message.contains("not available yet") == true)
    }

    @Test func missingPipelineIsAnError() {
        let e = error("name: x\n")
        #expect(e?.kind == .missingKey)
    }

    @Test func overrideErrorsNameTheCommandLine() {
        let e = error("pipeline: simulation\n", overrides: ["simulation.rounds=-1"])
        #expect(e?.kind == .outOfRange)
        #expect(e?.location?.file.contains("--set simulation.rounds=-1") == true)
    }

    @Test func overrideSwapsAComponent() throws {
        let (config, _) = try load("pipeline: simulation\n", overrides: ["simulation.consensus={type: test-mean, options: {scale: 3}}"])
        let toy = try #require(config.pipeline as? ToyPipeline)
        #expect(toy.consensus.consensus(scores: [0.5], stakes: [1]) == 1.5)
    }

    @Test func domainFilesRegisterLikeBuiltIns() throws {
        let domain = """
            name: legal
            summary: Legal reasoning
            checks:
              - {key: precedent, weight: 0.5}
              - {key: statute, weight: 0.5}
            templates: ["Is the clause enforceable?"]
            traps:
              - {text: "A contract with no consideration", ground_truth: 0.9}
            """
        let (config, _) = try load("pipeline: simulation\ndomain_files: [domains/legal.yaml]\n", extra: [("domains/legal.yaml", domain)])
        #expect(config.registry.domainKeys == ["legal"])
        let d = try config.registry.make(.domain, "legal", as: (any TaskDomain).self)
        #expect(d.checks.map(\.key) == ["precedent", "statute"])
        #expect(d.problems().isEmpty)
        var results: [Double] = []
        d.checkResults(for: DimensionScores(quality: 0.1, accuracy: 0.2, novelty: 0.3, efficiency: 0.4), difficulty: 5, into: &results)
        #expect(results == [0.1, 0.2])
    }

    @Test func badDomainFileIsLocatedInThatFile() {
        let domain = "name: legal\nchecks:\n  - {key: a, weight: 0.7}\n  - {key: b, weight: 0.7}\ntemplates: [x]\n"
        let e = configError {
            _ = try load("pipeline: simulation\ndomain_files: [d.yaml]\n", extra: [("d.yaml", domain)])
        }
        #expect(e?.kind == .invalidValue)
        #expect(e?.location?.file.hasSuffix("d.yaml") == true)
        #expect(e?.message.contains("sum to 1") == true)
    }

    @Test func missingDomainFileIsLocatedInTheConfig() {
        let e = error("pipeline: simulation\ndomain_files: [nope.yaml]\n")
        #expect(e?.kind == .io)
        #expect(e?.location?.line == 2)
    }
}
