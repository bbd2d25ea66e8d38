import Foundation
import Logging
import Reputation
@testable import ReputationService
import ScoringCore
import Testing

@Suite struct ServiceConfigurationTests {
    @Test(arguments: ["service.yaml", "bench.yaml"])
    func bundledConfigsLoad(name: String) throws {
        let c = try ServiceConfiguration.load(file: RepoPaths.root + "/configs/reputation/" + name)
        #expect(c.host == "127.0.0.1")
        #expect(c.maxBodyBytes == 1 << 20 && c.signatureWindow == 600 && c.fsync && !c.compat)
        #expect(!c.adminHotkeys.isEmpty)
        #expect(c.allowListPath == "configs/reputation/allowed_validators.yaml")
        #expect(FileManager.default.fileExists(atPath: RepoPaths.root + "/" + c.snapshotPath))
    }

    @Test func bundledSnapshotAndAllowListAreValid() throws {
        let c = try ServiceConfiguration.load(file: RepoPaths.root + "/configs/reputation/service.yaml")
        #expect(c.port == 5000)
        let data = try Data(contentsOf: URL(fileURLWithPath: RepoPaths.root + "/" + c.snapshotPath))
        let snapshot = try ReputationSnapshot.decode(data)
        #expect(snapshot.miners.count == 48)
        let list = AllowList(path: RepoPaths.root + "/" + c.allowListPath!, fixed: [], logger: .init(label: "t"))
        #expect(list.reload(force: true) == nil)
        #expect(list.count == 4)
    }

    @Test func unknownKeysAndBadValuesAreLocated() throws {
        let loader = ConfigLoader()
        let typo = try loader.parse(yaml: "service:\n  prot: 5000\n", name: "t.yaml")
        #expect(throws: ConfigError.self) { try ServiceConfiguration(node: typo) }
        do { _ = try ServiceConfiguration(node: typo) } catch {
            #expect(error.kind == .unknownKey && error.location?.line == 2 && error.suggestion == "port")
        }
        let range = try loader.parse(yaml: "service:\n  max_body_bytes: 10\n", name: "t.yaml")
        #expect(throws: ConfigError.self) { try ServiceConfiguration(node: range) }
        let badKey = try loader.parse(yaml: "service:\n  admin_hotkeys: [nope]\n", name: "t.yaml")
        #expect(throws: ConfigError.self) { try ServiceConfiguration(node: badKey) }
    }

    @Test func executorDefaultsToTheGlobalPoolAndListsItsChoices() throws {
        let loader = ConfigLoader()
        #expect(try ServiceConfiguration(node: try loader.parse(yaml: "service:\n  port: 1\n", name: "t.yaml")).executor
            == .global)
        #expect(try ServiceConfiguration(node: try loader.parse(yaml: "service:\n  executor: event_loops\n", name: "t.yaml")).executor
            == .eventLoops)
        #expect(try ServiceConfiguration.load(file: RepoPaths.root + "/configs/reputation/bench.yaml").executor == .global)
        let typo = try loader.parse(yaml: "service:\n  executor: eventloops\n", name: "t.yaml")
        do {
            _ = try ServiceConfiguration(node: typo)
            Issue.record("an unknown executor was accepted")
        } catch {
            #expect(error.location?.line == 2)
            #expect(error.choices == ["event_loops", "global"])
            #expect(error.suggestion == "event_loops")
        }
    }
}
