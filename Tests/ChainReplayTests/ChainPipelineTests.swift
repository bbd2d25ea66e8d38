import Foundation
import Testing
import ScoringCore
@testable import Chain
@testable import ChainPipeline

/// The `chain` pipeline with a test mechanism: config parsing, side-by-side mechanisms, the three
/// output formats with the manifest, the report, atomic writes.
struct ChainPipelineTests {
    static let config = """
        pipeline: chain
        name: two validators
        chain:
          mechanisms: [test-proportional, {type: test-proportional, options: {alpha: 1}}]
          replay:
            labels: [a, b, s1, s2]
            epochs:
              - stakes: [3, 1, 0, 0]
                weights: {a: {s1: 65535}, b: {s2: 65535}}
                repeat: 3
        expect:
          - "dividend_per_stake.a == 1"
        """

    static func load(_ text: String = config, overrides: [String] = []) throws -> (ScoringConfig, ChainPipeline) {
        let path = try Support.file("chain.yaml", text)
        let loaded = try ScoringConfig.load(file: path, overrides: overrides, registry: Support.registry().adding(ChainPipelineModule()))
        return (loaded, try #require(loaded.pipeline as? ChainPipeline))
    }

    @Test func twoMechanismsSideBySideWithPrefixedMetrics() throws {
        let (loaded, p) = try Self.load()
        #expect(p.mechanisms.map(\.label) == ["test-proportional", "test-proportional[alpha=1]"])
        let x = try p.execute()
        #expect(x.runs.count == 2)
        #expect(x.metrics["epochs"] == 3)
        #expect(x.metrics["test-proportional[alpha=1].final_bonds.a"] == 1)
        #expect(abs(x.metrics["test-proportional.final_bonds.a"]! - 0.875) < 1e-12, "0.5, 0.75, 0.875")
        #expect(loaded.expectations.allSatisfy { $0.check(x.metrics).passed })
    }

    @Test func replayFileIsRelativeToTheConfig() throws {
        let dir = try Support.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: "\(dir)/replays", withIntermediateDirectories: true)
        try ReplayParsingTests.csv.write(toFile: "\(dir)/replays/small.csv", atomically: true, encoding: .utf8)
        try "pipeline: chain\nchain:\n  mechanisms: test-proportional\n  replay: replays/small.csv\n".write(toFile: "\(dir)/c.yaml", atomically: true, encoding: .utf8)
        let loaded = try ScoringConfig.load(file: "\(dir)/c.yaml", registry: Support.registry().adding(ChainPipelineModule()))
        let p = try #require(loaded.pipeline as? ChainPipeline)
        #expect(p.replay.uidCount == 4)
        #expect(p.mechanisms.map(\.label) == ["test-proportional"])
    }

    @Test func unknownMechanismNamesTheChoices() throws {
        #expect {
            _ = try Self.load(Self.config.replacingOccurrences(of: "[test-proportional, {", with: "[test-proportionl, {"))
        } throws: { error in
            let d = "\(error)"
            return d.contains("chain.yaml:4:16") && d.contains("test-proportional")
        }
    }

    @Test func allFormatsCarryTheManifestAndEveryEpoch() throws {
        let (_, p) = try Self.load()
        let dir = try Support.temporaryDirectory()
        for format in ChainOutputFormat.allCases {
            let out = "\(dir)/results.\(format.rawValue)"
            let outcome = try p.perform(format: format, output: out, manifest: "\(dir)/manifest-\(format.rawValue).json",
                                        report: format == .json ? "\(dir)/report.html" : nil, quiet: true, gitCommit: .some(nil))
            #expect(outcome.files.contains(out))
            let text = try String(contentsOfFile: out, encoding: .utf8)
            switch format {
            case .json:
                let doc = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
                let mechanisms = try #require(doc["mechanisms"] as? [[String: Any]])
                #expect(mechanisms.count == 2)
                let epochs = try #require(mechanisms[0]["epochs"] as? [[String: Any]])
                #expect(epochs.count == 3)
                #expect(epochs[0]["incentive"] as? [Double] == [0, 0, 0.75, 0.25])
                let manifest = try #require(doc["manifest"] as? [String: Any])
                #expect(manifest["tool"] as? String == "scoring")
                #expect((manifest["config_sha256"] as? String)?.count == 64)
                #expect(manifest["mechanisms"] as? [String] == ["test-proportional", "test-proportional[alpha=1]"])
            case .jsonl:
                let lines = text.split(separator: "\n")
                #expect(lines.count == 2 + 2 * 3 + 1, "manifest, replay, one line per mechanism × epoch, summary")
                for l in lines { _ = try JSONSerialization.jsonObject(with: Data(l.utf8)) }
                #expect(lines.first?.hasPrefix("{\"type\":\"manifest\"") == true)
            case .csv:
                let lines = text.split(separator: "\n")
                #expect(lines.count == 1 + 2 * 3 * 4, "header, one row per mechanism × epoch × UID")
                #expect(lines[0] == Substring(ChainOutput.csvHeader))
                #expect(lines[1].hasPrefix("test-proportional,0,360,0,a,validator,3.0,0.0,0.75,"))
            case .table:
                #expect(text.contains("Run metrics"))
            }
        }
        let html = try String(contentsOfFile: "\(dir)/report.html", encoding: .utf8)
        #expect(html.contains("id=\"uids-test-proportional\""))
        #expect(html.components(separatedBy: "<tr data-uid=").count - 1 == 2 * 4)
        #expect(html.contains("data-chart=\"bonds\""))
        #expect(!html.contains("http://") && !html.contains("https://"), "self-contained")
    }

    @Test func sameReplayTwiceIsByteIdenticalApartFromTimeFields() throws {
        let (_, p) = try Self.load()
        let dir = try Support.temporaryDirectory()
        _ = try p.perform(format: .json, output: "\(dir)/a.json", manifest: nil, report: nil, quiet: true, gitCommit: .some(nil))
        _ = try p.perform(format: .json, output: "\(dir)/b.json", manifest: nil, report: nil, quiet: true, gitCommit: .some(nil))
        func strip(_ s: String) -> String {
            s.replacingOccurrences(of: #""(started_at|wall_time_seconds)":("[^"]*"|[-+0-9.eE]+)"#, with: "T", options: .regularExpression)
        }
        #expect(strip(try String(contentsOfFile: "\(dir)/a.json", encoding: .utf8)) == strip(try String(contentsOfFile: "\(dir)/b.json", encoding: .utf8)))
    }

    @Test func atomicWriteReplacesWholeFiles() throws {
        let dir = try Support.temporaryDirectory()
        let path = "\(dir)/sub/out.txt"
        try AtomicWrite.write("first", to: path)
        try AtomicWrite.write("second", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second")
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(dir)/sub") == ["out.txt"], "no temporary file is left")
    }
}

extension ScoringRegistry {
    func adding(_ module: any ScoringModule) throws -> ScoringRegistry {
        var copy = self
        try module.register(into: &copy)
        return copy
    }
}
