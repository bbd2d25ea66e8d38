import Foundation
import Testing

/// Loads the generator fixtures written by `Scripts/fixtures/make_random_fixtures.py`.
enum RandomFixtures {
    /// Fixture file stems of the CPython sequences, one per seed (`m` marks a negative seed).
    static let pythonSeeds = [
        "0", "1", "42", "m7", "12345", "4294967296", "4294967301",
        "9223372036854775807", "m9223372036854775808",
    ]

    static func url(_ name: String) throws -> URL {
        try #require(
            Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures/random"),
            "missing fixture Fixtures/random/\(name).json"
        )
    }

    static func load<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(contentsOf: url(name)))
    }

    static func python(_ stem: String) throws -> PythonFixture {
        try load(PythonFixture.self, "python_seed_\(stem)")
    }

    /// A double stored as the 16 hex digits of its IEEE-754 bit pattern.
    static func double(_ hex: String) -> Double {
        Double(bitPattern: UInt64(hex, radix: 16)!)
    }

    static func int(_ text: String) -> Int {
        Int(text)!
    }
}

struct PythonFixture: Decodable {
    struct Bits: Decodable { let k: Int; let value: String }
    struct Below: Decodable { let n: String; let value: String }
    struct RandInt: Decodable { let a: String; let b: String; let value: String }
    struct Choice: Decodable {
        let population: String
        let value: ChoiceValue
    }
    enum ChoiceValue: Decodable, Equatable {
        case string(String)
        case int(Int)
        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let i = try? c.decode(Int.self) { self = .int(i) } else { self = .string(try c.decode(String.self)) }
        }
    }
    struct Sample: Decodable { let n: Int; let k: Int; let value: [Int] }
    struct Shuffle: Decodable { let n: Int; let value: [Int] }
    struct Uniform: Decodable { let a: String; let b: String; let value: String }
    struct Gauss: Decodable { let mu: String; let sigma: String; let value: String }
    struct Op: Decodable { let op: String; let value: String }

    let seed: String
    let random: [String]
    let getrandbits32: [UInt32]
    let getrandbits: [Bits]
    let randbelow: [Below]
    let randint: [RandInt]
    let choice: [Choice]
    let sample: [Sample]
    let shuffle: [Shuffle]
    let uniform: [Uniform]
    let gauss: [Gauss]
    let mixed: [Op]

    var seedValue: Int { Int(seed)! }
}

struct XoshiroFixture: Decodable {
    struct Below: Decodable { let n: String; let value: String }
    struct Generator: Decodable {
        let seed: String
        let next: [String]
        let random: [String]
        let randbelow: [Below]
    }
    struct Stream: Decodable {
        let seed: String
        let run: String
        let component: String
        let fnv1a64: String
        let value: String
    }
    let generators: [Generator]
    let streams: [Stream]
}
