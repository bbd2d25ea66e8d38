import Testing
import ScoringCore
import ScoringTestKit
import Chain

/// Every registered chain mechanism, in both arithmetics, passes `ChainConformance`.
struct ChainConformanceTests {
    static let registry = try! ScoringRegistry(modules: [ChainModule()])

    @Test func everyMechanismIsListedUnderItsKind() {
        #expect(Self.registry.kinds.contains(.chainConsensus))
        #expect(Self.registry.keys(.chainConsensus).map(\.rawValue).sorted() == ["yuma", "yuma-wta", "yuma1", "yuma2c"])
    }

    /// Every mechanism the module registers (a new one is checked without editing this test).
    @Test(arguments: ChainModule.mechanisms.map { $0.descriptor.key.rawValue }, ["fixed", "float"])
    func conforms(_ key: String, _ arithmetic: String) throws {
        let d = try Self.registry.descriptor(.chainConsensus, ComponentKey(rawValue: key))
        for yuma3 in [false, true] {
            let p = try ParameterValues.defaults(for: d.parameters, registry: Self.registry)
                .setting("arithmetic", to: ConfigNode(.string(arithmetic)))
                .setting("yuma3", to: ConfigNode(.bool(yuma3)))
                .setting("liquid_alpha", to: ConfigNode(.bool(yuma3)))
            let problems = ChainConformance(subnets: 24).check(ComponentKey(rawValue: key), in: Self.registry, parameters: p)
            #expect(problems.isEmpty, "\(key) \(arithmetic) yuma3=\(yuma3): \(problems)")
        }
    }
}
