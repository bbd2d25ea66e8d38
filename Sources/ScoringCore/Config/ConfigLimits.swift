/// Caps on how large a YAML file may become once its aliases are expanded.
///
/// YAML aliases (`*name`) repeat an anchored node (`&name`) without copying it in the text, so
/// ten nested levels of ten aliases describe 10¹⁰ nodes in a few hundred bytes (an "alias bomb").
/// ``ConfigLoader`` counts the nodes and alias uses a file expands to — without expanding it —
/// and refuses a file over either cap with a located error, before building the config tree.
public struct ConfigLimits: Sendable, Hashable {
    /// Most nodes (scalars, lists, mappings) a file may expand to, aliases counted as copies.
    public var maxNodes: Int
    /// Most alias uses a file may expand to (an alias inside an aliased node counts once per copy).
    public var maxAliasExpansions: Int

    public init(maxNodes: Int = 200_000, maxAliasExpansions: Int = 10_000) {
        self.maxNodes = maxNodes
        self.maxAliasExpansions = maxAliasExpansions
    }

    /// 200 000 nodes, 10 000 alias expansions: far above any real config, far below a bomb.
    public static let `default` = ConfigLimits()
}
