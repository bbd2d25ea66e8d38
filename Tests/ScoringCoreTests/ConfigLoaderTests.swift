import Testing
@testable import ScoringCore

struct ConfigLoaderTests {
    @Test func parsesTypedScalarsWithLocations() throws {
        let node = try ConfigLoader().parse(yaml: "a: 1\nb: 2.5\nc: true\nd: hello\ne: '7'\nf: null\n", name: "x.yaml")
        #expect(node["a"]?.value == .int(1))
        #expect(node["b"]?.value == .double(2.5))
        #expect(node["c"]?.value == .bool(true))
        #expect(node["d"]?.value == .string("hello"))
        #expect(node["e"]?.value == .string("7"))
        #expect(node["f"]?.isNull == true)
        #expect(node["d"]?.location == SourceLocation(file: "x.yaml", line: 4, column: 4))
    }

    @Test func syntaxErrorIsLocated() {
        let e = configError { _ = try ConfigLoader().parse(yaml: "a: [1, 2\nb: 3\n", name: "bad.yaml") }
        #expect(e?.kind == .syntax)
        #expect(e?.location?.file == "bad.yaml")
        #expect((e?.location?.line ?? 0) >= 1)
    }

    @Test func duplicateKeysAreRejected() {
        let e = configError { _ = try ConfigLoader().parse(yaml: "a: 1\na: 2\n", name: "dup.yaml") }
        #expect(e?.kind == .syntax)
        #expect(e?.description.contains("dup.yaml:") == true)
    }

    @Test func extendsMergesDeeplyAndChildWins() throws {
        let dir = TempDir()
        dir.write("base.yaml", "pipeline: simulation\nsimulation:\n  rounds: 3\n  consensus: test-mean\n")
        let child = dir.write("child.yaml", "extends: base.yaml\nsimulation:\n  rounds: 9\n")
        let node = try ConfigLoader().load(file: child)
        #expect(node["extends"] == nil)
        #expect(node["simulation"]?["rounds"]?.value == .int(9))
        #expect(node["simulation"]?["consensus"]?.value == .string("test-mean"))
        #expect(node["simulation"]?["rounds"]?.location?.file == child)
    }

    @Test func extendsCycleIsAnError() {
        let dir = TempDir()
        dir.write("a.yaml", "extends: b.yaml\n")
        let b = dir.write("b.yaml", "extends: a.yaml\n")
        let e = configError { _ = try ConfigLoader().load(file: b) }
        #expect(e?.message.contains("cycle") == true)
    }

    @Test func missingExtendsFileIsLocatedAtTheExtendsLine() {
        let dir = TempDir()
        let a = dir.write("a.yaml", "pipeline: simulation\nextends: nope.yaml\n")
        let e = configError { _ = try ConfigLoader().load(file: a) }
        #expect(e?.kind == .io)
        #expect(e?.location?.file == a)
        #expect(e?.location?.line == 2)
    }

    @Test func overridesSetNestedKeysAsYAML() throws {
        let dir = TempDir()
        let f = dir.write("c.yaml", "simulation:\n  rounds: 3\n")
        let node = try ConfigLoader().load(file: f, overrides: ["simulation.rounds=20", "simulation.consensus={type: test-mean, options: {scale: 2}}", "name=hello"])
        #expect(node["simulation"]?["rounds"]?.value == .int(20))
        #expect(node["simulation"]?["consensus"]?["options"]?["scale"]?.value == .int(2))
        #expect(node["name"]?.value == .string("hello"))
        #expect(node["simulation"]?["rounds"]?.location?.file.contains("--set simulation.rounds=20") == true)
    }

    @Test func malformedOverrideIsAnError() {
        let e = configError { _ = try ConfigLoader().apply(override: "noequals", to: ConfigNode(.map([]))) }
        #expect(e?.kind == .syntax)
        let e2 = configError { _ = try ConfigLoader().apply(override: "a..b=1", to: ConfigNode(.map([]))) }
        #expect(e2?.kind == .syntax)
    }

    @Test func rendersJSONAndYAMLThatReload() throws {
        let text = "a: 1\nb:\n  - x\n  - {k: 2.5, s: 'true'}\nc: {}\n"
        let node = try ConfigLoader().parse(yaml: text, name: "r.yaml")
        let again = try ConfigLoader().parse(yaml: node.yamlString(), name: "r2.yaml")
        #expect(again.withoutLocations == node.withoutLocations)
        let json = try ConfigLoader().parse(yaml: node.jsonString(), name: "r3.json")
        #expect(json.withoutLocations == node.withoutLocations)
        #expect(node.jsonString(pretty: false) == #"{"a":1,"b":["x",{"k":2.5,"s":"true"}],"c":{}}"#)
    }
}
