import Foundation
import ScoringCore
@testable import Chain

enum Support {
    static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    static func temporaryDirectory(_ prefix: String = "chain-replay") throws -> String {
        let dir = NSTemporaryDirectory() + prefix + "-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    /// Writes `text` to `name` in a new temporary directory and returns the path.
    static func file(_ name: String, _ text: String) throws -> String {
        let path = try temporaryDirectory() + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func registry() throws -> ScoringRegistry {
        try ScoringRegistry(modules: [TestChainModule()])
    }

    /// The replay's content without locations and name, for comparing formats.
    static func content(_ r: ChainReplay) -> [String] {
        r.epochs.map { e in
            "\(e.block)|\(e.stakes)|\(e.weights.rows.map { $0.map { "\($0.column):\($0.value)" } })|\(e.lastUpdate)|\(e.registeredAt)|\(e.emission)|\(e.resetBonds)"
        } + ["labels \(r.labels)", "validators \(r.validators)", "base \(String(describing: r.baseValidator))",
             "behaviours \(r.behaviours.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })"]
    }
}
