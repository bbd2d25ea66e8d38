import Foundation
import Testing
@testable import Simulation

/// One case of `Fixtures/parity/manifest.json`.
struct ParityCase: Sendable, CustomTestStringConvertible {
    var name: String
    var file: String
    var seed: Int
    var epochs: Int
    var emission: Double
    var testDescription: String { name }

    static func all() -> [ParityCase] {
        let url = TestSupport.parityDirectory.appendingPathComponent("manifest.json")
        guard let data = try? Data(contentsOf: url),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let cases = root["cases"] as? [[String: Any]] else { return [] }
        return cases.map {
            ParityCase(name: $0["name"] as! String, file: $0["file"] as! String, seed: ($0["seed"] as! NSNumber).intValue,
                       epochs: ($0["epochs"] as! NSNumber).intValue, emission: ($0["emission"] as! NSNumber).doubleValue)
        }
    }
}

/// Compares `expected` (the reference) with `actual` (ours): every key of the reference must be
/// present with the same value, numbers within `tolerance`; `actual` may carry extra keys.
/// Returns the differences found (at most 20), with their JSON paths.
func referenceDifferences(_ expected: Any, _ actual: Any, path: String = "", tolerance: Double = 1e-6,
                          ignoring: Set<String> = ["timestamp"], into out: inout [String]) {
    guard out.count < 20 else { return }
    switch expected {
    case let e as [String: Any]:
        guard let a = actual as? [String: Any] else { out.append("\(path): expected an object"); return }
        for (key, value) in e where !ignoring.contains(key) {
            guard let other = a[key] else { out.append("\(path).\(key): missing"); continue }
            referenceDifferences(value, other, path: "\(path).\(key)", tolerance: tolerance, ignoring: ignoring, into: &out)
        }
    case let e as [Any]:
        guard let a = actual as? [Any], a.count == e.count else { out.append("\(path): expected \(e.count) elements"); return }
        for i in e.indices {
            referenceDifferences(e[i], a[i], path: "\(path)[\(i)]", tolerance: tolerance, ignoring: ignoring, into: &out)
        }
    case let e as String:
        if (actual as? String) != e { out.append("\(path): expected \"\(e)\", found \(actual)") }
    case let e as NSNumber:
        guard let a = actual as? NSNumber else { out.append("\(path): expected a number"); return }
        if abs(e.doubleValue - a.doubleValue) > tolerance {
            out.append("\(path): expected \(e), found \(a)")
        }
    default:
        break
    }
}

struct ReferenceParityTests {
    @Test("reference-parity.yaml reproduces the reference fixture", arguments: ParityCase.all())
    func reproducesFixture(_ c: ParityCase) async throws {
        let pipeline = try TestSupport.pipeline("configs/reasonforge/reference-parity.yaml", [
            "simulation.seed=\(c.seed)", "simulation.epochs=\(c.epochs)", "simulation.emission=\(c.emission)",
        ])
        let ours = try TestSupport.json(try await TestSupport.render(pipeline, .json))
        let data = try Data(contentsOf: TestSupport.parityDirectory.appendingPathComponent(c.file))
        let reference = try JSONSerialization.jsonObject(with: data)
        var differences: [String] = []
        referenceDifferences(reference, ours, into: &differences)
        #expect(differences.isEmpty, "\(c.name): \(differences.joined(separator: "; "))")
    }

    @Test func manifestListsTenCases() {
        #expect(ParityCase.all().count == 10)
    }

    @Test func differenceCheckerCatchesAChangedNumber() {
        var out: [String] = []
        referenceDifferences(["a": [1.0, 2.0], "b": "x"], ["a": [1.0, 2.000002], "b": "x", "extra": 1], into: &out)
        #expect(out == [".a[1]: expected 2, found 2.000002"] || out.count == 1)
        var none: [String] = []
        referenceDifferences(["a": [1.0]], ["a": [1.0000005]], into: &none)
        #expect(none.isEmpty)
    }
}
