import Foundation
import Testing
import ScoringCore
@testable import Chain

/// Reading replays: the native shape in YAML, JSON and CSV (the same replay three ways), and
/// yuma-simulation's case shape.
struct ReplayParsingTests {
    static let yaml = """
        name: small
        labels: [big, small, s1, s2]
        base_validator: big
        behaviours:
          - {uid: small, shift: 1}
        epochs:
          - stakes: [3, 1, 0, 0]
            weights: {big: {s1: 65535}, 1: {2: 65535, 3: 100}}
            block: 10
          - weights: {0: {3: 65535}, 1: [0, 0, 0, 65535]}
            reset_bonds: [s1]
            repeat: 2
            emission: 2.5
        """

    static let json = """
        {"name": "small", "labels": ["big", "small", "s1", "s2"], "base_validator": "big",
         "behaviours": [{"uid": "small", "shift": 1}],
         "epochs": [
           {"stakes": [3, 1, 0, 0], "weights": {"big": {"s1": 65535}, "1": {"2": 65535, "3": 100}}, "block": 10},
           {"weights": {"0": {"3": 65535}, "1": [0, 0, 0, 65535]}, "reset_bonds": ["s1"], "repeat": 2, "emission": 2.5}
         ]}
        """

    static let csv = """
        epoch,kind,uid,target,value
        ,label,0,,big
        ,label,1,,small
        ,label,2,,s1
        ,label,3,,s2
        ,base_validator,big,,
        ,shift,small,,1
        0,stake,0,,3
        0,stake,1,,1
        0,weight,big,s1,65535
        0,weight,1,2,65535
        0,weight,1,3,100
        0,block,,,10
        1,weight,0,3,65535
        1,weight,1,0,0
        1,weight,1,1,0
        1,weight,1,2,0
        1,weight,1,3,65535
        1,reset_bonds,s1,,
        1,emission,,,2.5
        2,weight,0,3,65535
        2,weight,1,0,0
        2,weight,1,1,0
        2,weight,1,2,0
        2,weight,1,3,65535
        2,emission,,,2.5
        """

    @Test func nativeYAMLReadsEveryField() throws {
        let r = try ChainReplayReader.read(file: try Support.file("small.yaml", Self.yaml))
        #expect(r.name == "small")
        #expect(r.labels == ["big", "small", "s1", "s2"])
        #expect(r.validators == [0, 1], "validators are inferred from stake and weights")
        #expect(r.servers == [2, 3])
        #expect(r.baseValidator == 0)
        #expect(r.behaviours == [1: .shifted(epochs: 1)])
        #expect(r.epochs.count == 3, "repeat: 2 makes two epochs")
        #expect(r.epochs.map(\.block) == [10, 370, 730], "blocks advance by the default tempo, 360")
        #expect(r.epochs[1].stakes == [3, 1, 0, 0], "stakes carry over when an epoch omits them")
        #expect(r.epochs[0].weights.rows[1] == [.init(column: 2, value: 65535), .init(column: 3, value: 100)])
        #expect(r.epochs[1].weights.rows[1] == [.init(column: 0, value: 0), .init(column: 1, value: 0), .init(column: 2, value: 0),
                                                .init(column: 3, value: 65535)], "a dense row keeps its zeros as explicit zeros")
        #expect(r.epochs[1].resetBonds == [2])
        #expect(r.epochs[2].resetBonds == [], "a repeated epoch resets bonds once")
        #expect(r.epochs.map(\.emission) == [1e9, 2.5, 2.5], "default: one TAO in rao")
        #expect(r.epochs[0].lastUpdate == [10, 10, 10, 10])
        #expect(r.epochs[0].registeredAt == [0, 0, 0, 0])
        #expect(r.epochs[0].location?.line == 7)
    }

    @Test func jsonAndCSVReadTheSameReplayAsYAML() throws {
        let y = try ChainReplayReader.read(file: try Support.file("small.yaml", Self.yaml))
        let j = try ChainReplayReader.read(file: try Support.file("small.json", Self.json))
        let c = try ChainReplayReader.read(file: try Support.file("small.csv", Self.csv))
        #expect(Support.content(j) == Support.content(y))
        #expect(Support.content(c) == Support.content(y))
        #expect(c.epochs[1].location?.line == 14, "a CSV epoch is located at its first line")
    }

    /// yuma-simulation's Case 1 (kappa moves first), four epochs, as its cases.py builds it:
    /// validators × servers float matrices, stakes per validator.
    static let yumaSimulationCase = """
        name: Case 1 - kappa moves first
        validators: ["Big vali. (0.8)", "Small lazy vali. (0.1)", "Small lazier vali. (0.1)"]
        base_validator: "Big vali. (0.8)"
        servers: ["Server 1", "Server 2"]
        weights_epochs:
          - [[1.0, 0.0], [1.0, 0.0], [1.0, 0.0]]
          - [[0.0, 1.0], [1.0, 0.0], [1.0, 0.0]]
          - [[0.0, 1.0], [0.0, 1.0], [1.0, 0.0]]
          - {weights: [[0.0, 0.75], [0.0, 1.0], [0.25, 0.75]], repeat: 2}
        stakes: [0.8, 0.1, 0.1]
        reset_bonds: true
        reset_bonds_index: 1
        reset_bonds_epoch: 3
        """

    @Test func yumaSimulationShapeMapsValidatorsThenServers() throws {
        let r = try ChainReplayReader.read(file: try Support.file("case1.yaml", Self.yumaSimulationCase))
        #expect(r.uidCount == 5)
        #expect(r.validators == [0, 1, 2])
        #expect(r.servers == [3, 4])
        #expect(r.baseValidator == 0)
        #expect(r.epochs.count == 5)
        #expect(r.epochs[0].stakes == [0.8, 0.1, 0.1, 0, 0], "servers hold no stake")
        // Dense tensors keep their zeros as explicit zeros (they matter to Yuma 3's bonds).
        #expect(r.epochs[1].weights.rows[0] == [.init(column: 3, value: 0), .init(column: 4, value: 65535)])
        // Rows are max-upscaled to u16 as the SDK does: 0.25 / 0.75 × 65535 = 21845.
        #expect(r.epochs[3].weights.rows[2] == [.init(column: 3, value: 21845), .init(column: 4, value: 65535)])
        #expect(r.epochs[3].weights.rows[0] == [.init(column: 3, value: 0), .init(column: 4, value: 65535)])
        #expect(r.epochs[3].resetBonds == [4], "reset_bonds_index 1 is the second server, UID 3 + 1")
        #expect(r.epochs.map(\.resetBonds.count) == [0, 0, 0, 1, 0])
    }

    @Test func yumaSimulationShapeAsJSONWithStakesPerEpoch() throws {
        let text = """
            {"validators": ["A", "B"], "servers": ["S1", "S2", "S3"],
             "weights_epochs": [[[0.5, 0.5, 0.0], [0.0, 0.0, 2.0]], [[1, 0, 0], [0, 1, 0]]],
             "stakes_epochs": [[0.6, 0.4], [0.5, 0.5]]}
            """
        let r = try ChainReplayReader.read(file: try Support.file("dump.json", text))
        #expect(r.labels == ["A", "B", "S1", "S2", "S3"])
        #expect(r.epochs.map(\.stakes) == [[0.6, 0.4, 0, 0, 0], [0.5, 0.5, 0, 0, 0]])
        #expect(r.epochs[0].weights.rows[0] == [.init(column: 2, value: 65535), .init(column: 3, value: 65535), .init(column: 4, value: 0)])
        #expect(r.epochs[0].weights.rows[1] == [.init(column: 2, value: 0), .init(column: 3, value: 0), .init(column: 4, value: 65535)])
    }

    @Test func bundledReplayFilesRead() throws {
        let dir = Support.root.appendingPathComponent("configs/chain/replays").path
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { ChainReplayReader.Format(path: $0) != nil }
        #expect(!files.isEmpty)
        for f in files {
            let r = try ChainReplayReader.read(file: "\(dir)/\(f)")
            #expect(!r.epochs.isEmpty, "\(f)")
        }
    }
}
