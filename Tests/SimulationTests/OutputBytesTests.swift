import Foundation
import Testing
@testable import Simulation

/// JSONL and CSV output byte for byte as the previous writers (commit 34a2b15) wrote it, and the
/// number and time formatting the new writers do by hand.
struct OutputBytesTests {
    /// `Fixtures/output/digests.txt`: `<name> <format> <bytes> <FNV-1a 64 hex>` of the previous
    /// `scoring run` output, with its clock and git fields normalised (``normalised(_:)``).
    static let cases: [(name: String, config: String, overrides: [String])] = [
        ("reference-parity", "configs/reasonforge/reference-parity.yaml", ["simulation.epochs=30"]),
        ("copycats", "configs/reasonforge/copycats.yaml", ["simulation.epochs=12"]),
        ("default", "configs/default.yaml", ["simulation.epochs=12"]),
        ("default-python-compat", "configs/default.yaml", ["simulation.epochs=12", "simulation.generator=python-compat"]),
    ]

    /// The output with the values that depend on the clock or the checkout replaced: epoch and start
    /// timestamps by `T`, the summary's wall time by 0, the manifest's git commit removed.
    static func normalised(_ text: String) -> String {
        var out = replacingValues(text, of: "\"timestamp\":", quoted: true, with: "\"T\"")
        out = replacingValues(out, of: "\"started_at\":", quoted: true, with: "\"T\"")
        out = replacingValues(out, of: "\"wall_time_seconds\":", quoted: false, with: "0")
        while let r = out.range(of: "\"git_commit\":\"") {
            let end = out[r.upperBound...].firstIndex(of: "\"")!
            out.removeSubrange(r.lowerBound...out.index(after: end))  // the field and its trailing comma
        }
        return out
    }

    /// `text` with the value after each `key` (a string literal, or a number up to `,` or `}`) replaced.
    static func replacingValues(_ text: String, of key: String, quoted: Bool, with value: String) -> String {
        var result = ""
        var rest = Substring(text)
        while let r = rest.range(of: key) {
            result += rest[..<r.upperBound]
            result += value
            rest = rest[r.upperBound...]
            if quoted {
                let close = rest.dropFirst().firstIndex(of: "\"")!
                rest = rest[rest.index(after: close)...]
            } else {
                rest = rest[(rest.firstIndex { $0 == "," || $0 == "}" } ?? rest.endIndex)...]
            }
        }
        return result + rest
    }

    static func fnv1a(_ text: String) -> String {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        let hex = String(h, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    @Test(arguments: cases.indices, [OutputFormat.jsonl, .csv])
    func bytesAreThoseOfThePreviousWriters(_ i: Int, _ format: OutputFormat) async throws {
        let c = Self.cases[i]
        let fixture = try String(contentsOf: TestSupport.root.appendingPathComponent("Tests/SimulationTests/Fixtures/output/digests.txt"),
                                 encoding: .utf8)
        let expected = fixture.split(separator: "\n").first { $0.hasPrefix("\(c.name) \(format.rawValue) ") }
        let text = Self.normalised(try await TestSupport.render(try TestSupport.pipeline(c.config, c.overrides), format))
        #expect(expected.map(String.init) == "\(c.name) \(format.rawValue) \(text.utf8.count) \(Self.fnv1a(text))")
    }

    @Test func normalisingRemovesClockAndCheckoutFields() {
        let line = "{\"tool\":\"scoring\",\"git_commit\":\"abc\",\"started_at\":\"2026-01-01T00:00:00.000Z\",\"x\":1}\n"
            + "{\"timestamp\":\"2026\",\"wall_time_seconds\":0.25}"
        #expect(Self.normalised(line) == "{\"tool\":\"scoring\",\"started_at\":\"T\",\"x\":1}\n{\"timestamp\":\"T\",\"wall_time_seconds\":0}")
    }

    /// The hand-written decimal form is `description`, for 6-decimal values and for every other double.
    @Test func decimalTextIsDescription() {
        var rng = SystemRandomNumberGenerator()
        var values: [Double] = [0, -0.0, 1, -1, 0.1, 1e-3, 1e-4, 0.000999, 0.0015, 999_999_999.999999, 1e9, 5e-06, 90, 0.066667,
                                .nan, .infinity, -.infinity, 123_456.789012, 1e15, 0.5, 16.666667, .ulpOfOne, .leastNonzeroMagnitude]
        for _ in 0..<20_000 {
            let x = Double.random(in: -8...10, using: &rng)
            let v = Double(sign: Bool.random(using: &rng) ? .minus : .plus, exponent: 0, significand: 1) * pow(10, x)
            values += [v, PythonRounding.round6(v), Double(Int.random(in: 0...999_999_999_999, using: &rng)) / 1e6]
        }
        for v in values {
            var bytes: [UInt8] = []
            DecimalText.append(v, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == v.description)
        }
        for i in [0, 7, -1, 10, 1234, -98765, Int.max, Int.min] {
            var bytes: [UInt8] = []
            DecimalText.append(i, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == String(i))
        }
    }

    @Test func quotedStringsEscapeAsBefore() {
        let s = "a\"b\\c\nd\re\tf\u{1}g é\r\n"
        #expect(String(decoding: JSONWriter.quoted(s), as: UTF8.self) == "\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g é\\r\\n\"")
    }
}

struct TimestampTests {
    /// The hand-written timestamp is the text `ISO8601DateFormatter` writes, across years and within seconds.
    @Test func timestampIsWhatTheFormatterWrites() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        var rng = SystemRandomNumberGenerator()
        var times: [Double] = [0, 0.5, 1.0004, 1.9996, 951_782_400, 1_764_628_700.1234, 4_102_444_799.999]
        for _ in 0..<2000 { times.append(Double(Int.random(in: 0...4_000_000_000_000, using: &rng)) / 1000 + 0.0003) }
        for t in times {
            let date = Date(timeIntervalSince1970: t)
            #expect(RunManifest.timestamp(date) == formatter.string(from: date), "\(t)")
        }
    }
}
