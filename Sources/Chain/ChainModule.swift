public import ScoringCore

/// The chain layer as a module: `yuma` (subtensor's consensus) and research variants, registered as
/// ``ComponentKind/chainConsensus``. A new mechanism is one ``ChainConsensus`` type plus one line here.
public struct ChainModule: ScoringModule {
    public var name: String { "chain" }
    public init() {}

    /// Every chain consensus mechanism of the module, `yuma` first.
    public static let mechanisms: [any ChainConsensus.Type] = [
        Yuma.self,
        Yuma1.self,
        YumaWinnerTakesAll.self,
        Yuma2C.self,
    ]

    public func register(into registry: inout ScoringRegistry) throws {
        for m in Self.mechanisms { try registry.register(m) }
    }
}
