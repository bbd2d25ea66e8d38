import Foundation
import Testing

/// Locates `<repo>/Tests/Fixtures/signature-vectors`: the shared vectors produced by the Bittensor key
/// library (a copy of `../shared/vectors/signatures`, so a clone is self-contained).
enum SharedVectors {
    /// The repository root, found from this file's path (`<repo>/Tests/SignaturesTests/…`).
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let directory: URL = repositoryRoot
        .appendingPathComponent("Tests/Fixtures/signature-vectors", isDirectory: true)

    static var isAvailable: Bool { FileManager.default.fileExists(atPath: directory.path) }

    static let skipMessage: Comment = "shared vectors not found at \(directory.path): the fixtures copied from shared/vectors/signatures are missing"

    static func load<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        let data = try Data(contentsOf: directory.appendingPathComponent(name))
        return try JSONDecoder().decode(T.self, from: data)
    }
}

func hex(_ s: String) -> [UInt8] {
    var out = [UInt8]()
    var it = s.utf8.makeIterator()
    func v(_ c: UInt8) -> UInt8 {
        switch c {
        case 48...57: return c - 48
        case 97...102: return c - 87
        case 65...70: return c - 55
        default: fatalError("bad hex in test data")
        }
    }
    while let a = it.next(), let b = it.next() { out.append(v(a) << 4 | v(b)) }
    return out
}
