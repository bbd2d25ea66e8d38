package import Foundation
import DurableFiles

/// The validator's JSON files (weights, snapshot, reputation cache, outbox entries), written through
/// the package's one durable-write recipe (``DurableWriter``): a reader or a crash never sees a
/// partial file, and a file reported written survives a crash.
package enum JSONFile {
    /// Encodes `value` as pretty, key-sorted JSON and writes it durably to `path`, creating parent
    /// directories.
    package static func write(_ value: some Encodable, to path: String) throws {
        let data = try JSONCoding.encoder.encode(value)
        try DurableWriter().write(Array(data), to: path)
    }
}

package enum JSONCoding {
    package static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return e
    }
}
