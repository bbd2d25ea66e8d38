import ArgumentParser
import Foundation
import Testing
import ScoringCore
@testable import ChainPipeline
@testable import ScoringCLI

/// The scenario library end to end with the built-in mechanisms: every config in configs/chain
/// passes `scoring config check` and its own `expect:` lines, `scoring chain run` writes each
/// output format and the report, and `scoring matrix` runs them across mechanisms.
struct ChainScenarioTests {
    static let scenarios: [String] = {
        let dir = Support.root.appendingPathComponent("configs/chain").path
        let files = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.sorted().map { "\(dir)/\($0)" }
    }()

    @Test func theLibraryHoldsTheNineCases() {
        let names = Set(Self.scenarios.map { ($0 as NSString).lastPathComponent })
        #expect(names == ["kappa-moves-first.yaml", "kappa-moves-second.yaml", "kappa-moves-last.yaml", "one-epoch-switch.yaml",
                          "stable-miner.yaml", "bonds-reset.yaml", "weight-copier.yaml", "late-validator.yaml", "client-wta.yaml"])
    }

    @Test(arguments: scenarios)
    func passesConfigCheckAndItsExpectations(_ file: String) async throws {
        try await ConfigCommand.Check.parse([file]).run()
        let loaded = try ScoringConfig.load(file: file, registry: BuiltInModules.registry())
        let pipeline = try #require(loaded.pipeline as? ChainPipeline)
        #expect(pipeline.mechanisms.map(\.key) == ["yuma"])
        #expect(!loaded.expectations.isEmpty)
        let x = try pipeline.execute()
        for e in loaded.expectations {
            let r = e.check(x.metrics)
            #expect(r.passed, "\((file as NSString).lastPathComponent): \(r.message)")
        }
    }

    @Test(arguments: scenarios)
    func chainRunWritesEveryFormatAndTheReport(_ file: String) async throws {
        let dir = try Support.temporaryDirectory("chain-cli")
        for format in ["json", "jsonl", "csv"] {
            let out = "\(dir)/results.\(format)"
            let report = "\(dir)/report-\(format).html"
            try await ChainCommand.Run.parse([file, "--format", format, "-o", out, "--report", report, "--quiet"]).run()
            let text = try String(contentsOfFile: out, encoding: .utf8)
            #expect(!text.isEmpty)
            let html = try String(contentsOfFile: report, encoding: .utf8)
            #expect(html.contains("id=\"uids-yuma-yuma3-true-\""), "the report has the per-UID table of yuma")
            #expect(html.contains("data-chart=\"dividends\"") && html.contains("data-chart=\"bonds\"") && html.contains("data-chart=\"incentive\""))
            switch format {
            case "json":
                let doc = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
                #expect(doc["manifest"] != nil && doc["metrics"] != nil)
            case "csv":
                #expect(FileManager.default.fileExists(atPath: "\(dir)/results.manifest.json"), "CSV writes its manifest beside it")
            default:
                #expect(text.split(separator: "\n").allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil })
            }
        }
    }

    @Test func matrixRunsEveryScenarioAcrossMechanisms() async throws {
        let dir = try Support.temporaryDirectory("chain-matrix")
        let matrix = Support.root.appendingPathComponent("configs/matrix/chain-scenarios.yaml").path
        try await MatrixCommand.Run.parse([matrix, "-o", dir, "--quiet"]).run()
        let lines = try String(contentsOfFile: "\(dir)/results.jsonl", encoding: .utf8).split(separator: "\n")
        let spec = try MatrixSpec.load(file: matrix)
        #expect(lines.count == MatrixPlan(spec: spec).cells.count)
        #expect(MatrixPlan(spec: spec).cells.count >= 9)
    }

    @Test func bareReplayFileRunsWithMechanismAndOptionFlags() async throws {
        let dir = try Support.temporaryDirectory("chain-cli")
        let replay = Support.root.appendingPathComponent("configs/chain/replays/kappa-moves-first.csv").path
        try await ChainCommand.Run.parse([replay, "--mechanism", "yuma", "--set", "kappa=39321", "--format", "json", "-o", "\(dir)/r.json", "--quiet"]).run()
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(dir)/r.json"))) as? [String: Any])
        let mechanisms = try #require(doc["mechanisms"] as? [[String: Any]])
        #expect(mechanisms.map { $0["label"] as? String } == ["yuma[kappa=39321]"])
        #expect((mechanisms[0]["options"] as? [String: Any])?["kappa"] as? Int == 39321)
    }
}
