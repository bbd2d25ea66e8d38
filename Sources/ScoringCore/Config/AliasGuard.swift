import Yams

/// The two checks that keep a hostile YAML file from hanging or exhausting the loader.
///
/// 1. ``refuseComplexKeys(_:file:)`` runs on the text before Yams: Yams hashes every mapping key to
///    find duplicates, and hashing a key built from aliases costs its expanded size. Config keys
///    are plain strings, so an alias used as a key, a flow collection used as a key, and `?`
///    explicit keys are refused outright.
/// 2. ``measure(_:file:limits:)`` runs on the composed tree: Yams resolves an alias to the node it
///    names (the anchored node, at its own position), so counting each node's expanded size once and
///    reusing it when its position comes round again gives the expanded size of the file in time
///    linear in its text.
enum AliasGuard {
    // MARK: - Keys (text pass)

    static func refuseComplexKeys(_ text: String, file: String) throws(ConfigError) {
        var line = 1
        var blockScalarIndent: Int?   // inside a `|`/`>` block scalar: lines indented deeper than this
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            defer { line += 1 }
            let chars = Array(raw.utf8)
            let indent = chars.prefix { $0 == UInt8(ascii: " ") }.count
            if let block = blockScalarIndent {
                if chars.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) || indent > block { continue }
                blockScalarIndent = nil
            }
            try scanLine(chars, line: line, indent: indent, file: file, blockScalarIndent: &blockScalarIndent)
        }
    }

    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0D }
    private static func isFlow(_ c: UInt8) -> Bool { c == UInt8(ascii: ",") || c == UInt8(ascii: "[") || c == UInt8(ascii: "]")
        || c == UInt8(ascii: "{") || c == UInt8(ascii: "}") }

    private static func scanLine(_ c: [UInt8], line: Int, indent: Int, file: String,
                                 blockScalarIndent: inout Int?) throws(ConfigError) {
        var depth = 0
        // pending[d]: an alias or a closed flow collection sits in a possible key at depth d.
        var pending: [Int: Int] = [:]   // depth -> column of what makes the key complex
        var i = 0
        var atNodeStart = true          // a token here starts a node (after indentation, `- `, `: `, `,`, `[`, `{`)
        while i < c.count {
            let ch = c[i]
            if isSpace(ch) { i += 1; continue }
            if ch == UInt8(ascii: "#"), i == 0 || isSpace(c[i - 1]) { return }
            if ch == UInt8(ascii: "'") || ch == UInt8(ascii: "\"") {
                // Skip a quoted scalar on this line.
                var j = i + 1
                while j < c.count {
                    if ch == UInt8(ascii: "\"") && c[j] == UInt8(ascii: "\\") { j += 2; continue }
                    if c[j] == ch {
                        if ch == UInt8(ascii: "'"), j + 1 < c.count, c[j + 1] == ch { j += 2; continue }
                        break
                    }
                    j += 1
                }
                i = j + 1
                atNodeStart = false
                continue
            }
            if atNodeStart, ch == UInt8(ascii: "?"), i + 1 >= c.count || isSpace(c[i + 1]) {
                throw ConfigError(.syntax, at: SourceLocation(file: file, line: line, column: i + 1),
                                  "explicit '?' keys are not supported in configs: keys are plain strings")
            }
            if atNodeStart, ch == UInt8(ascii: "-"), i + 1 >= c.count || isSpace(c[i + 1]) { i += 1; continue }
            if atNodeStart, ch == UInt8(ascii: "|") || ch == UInt8(ascii: ">"), depth == 0 {
                blockScalarIndent = indent
                return
            }
            if ch == UInt8(ascii: "[") || ch == UInt8(ascii: "{") {
                depth += 1
                i += 1
                atNodeStart = true
                continue
            }
            if ch == UInt8(ascii: "]") || ch == UInt8(ascii: "}") {
                // A collection that held an alias now sits at the outer depth.
                if let col = pending[depth] { pending[depth - 1] = pending[depth - 1] ?? col }
                pending[depth] = nil
                depth = max(0, depth - 1)
                i += 1
                atNodeStart = false
                continue
            }
            if ch == UInt8(ascii: ",") {
                for d in pending.keys where d >= depth { pending[d] = nil }
                i += 1
                atNodeStart = true
                continue
            }
            if ch == UInt8(ascii: ":"), i + 1 >= c.count || isSpace(c[i + 1]) || (depth > 0 && isFlow(c[i + 1])) {
                if let col = pending[depth] {
                    throw ConfigError(.syntax, at: SourceLocation(file: file, line: line, column: col),
                                      "a mapping key here is an alias or a collection; config keys are plain strings")
                }
                i += 1
                atNodeStart = true
                continue
            }
            if ch == UInt8(ascii: "*"), atNodeStart {
                pending[depth] = pending[depth] ?? (i + 1)
            }
            // Any other token (plain scalar, anchor, tag, alias): skip to its end.
            let start = i
            while i < c.count, !isSpace(c[i]), !(depth > 0 && isFlow(c[i])),
                  !(c[i] == UInt8(ascii: ":") && (i + 1 >= c.count || isSpace(c[i + 1]) || (depth > 0 && isFlow(c[i + 1])))) {
                i += 1
            }
            // An anchor or a tag is followed by the node it decorates.
            atNodeStart = c[start] == UInt8(ascii: "&") || c[start] == UInt8(ascii: "!")
        }
    }

    // MARK: - Expanded size (tree pass)

    /// A node of the text: its start position and kind. Yams resolves an alias to the very node it
    /// names (same position), and no two nodes of one kind start at the same position, so meeting a
    /// position again means meeting an alias. (Yams holds anchors weakly, so they are gone by now.)
    private struct NodeKey: Hashable {
        var line: Int
        var column: Int
        var kind: Int
    }

    private struct Size {
        var nodes: Int
        var aliases: Int
    }

    private struct Walker {
        let file: String
        let limits: ConfigLimits
        var memo: [NodeKey: Size] = [:]
        var nodes = 0
        var aliases = 0

        static func key(_ node: Node) -> NodeKey? {
            guard let mark = node.mark else { return nil }
            let kind: Int
            switch node {
            case .scalar: kind = 0
            case .sequence: kind = 1
            case .mapping: kind = 2
            case .alias: kind = 3
            }
            return NodeKey(line: mark.line, column: mark.column, kind: kind)
        }

        /// Adds `node`'s expanded size to the running totals; `site` is where it is used.
        mutating func visit(_ node: Node, site: SourceLocation?, path: String) throws(ConfigError) -> Size {
            let key = Self.key(node)
            if let key, let size = memo[key] {
                // An alias use: the anchored node again, every node and alias inside it once more.
                nodes += size.nodes
                aliases += size.aliases + 1
                try check(site: site, path: path, anchor: key)
                return Size(nodes: size.nodes, aliases: size.aliases + 1)
            }
            nodes += 1
            var size = Size(nodes: 1, aliases: 0)
            let here = node.mark.map { SourceLocation(file: file, line: $0.line, column: $0.column) }
            try check(site: here, path: path, anchor: nil)
            switch node {
            case .scalar, .alias:
                break
            case .sequence(let seq):
                for (i, item) in seq.enumerated() {
                    let s = try visit(item, site: here, path: "\(path)[\(i)]")
                    size.nodes += s.nodes
                    size.aliases += s.aliases
                }
            case .mapping(let mapping):
                for (k, v) in mapping {
                    let keySite = k.mark.map { SourceLocation(file: file, line: $0.line, column: $0.column) }
                    let name = k.scalar?.string ?? "?"
                    let ks = try visit(k, site: keySite, path: path)
                    let vs = try visit(v, site: keySite, path: path.isEmpty ? name : "\(path).\(name)")
                    size.nodes += ks.nodes + vs.nodes
                    size.aliases += ks.aliases + vs.aliases
                }
            }
            if let key { memo[key] = size }
            return size
        }

        func check(site: SourceLocation?, path: String, anchor: NodeKey?) throws(ConfigError) {
            let what = anchor.map { " (an alias of the node at \(file):\($0.line):\($0.column))" } ?? ""
            if nodes > limits.maxNodes {
                throw ConfigError(.outOfRange, at: site, path: path,
                                  "the YAML expands to more than \(limits.maxNodes) nodes\(what); "
                                  + "refusing it (the node cap guards against alias bombs)")
            }
            if aliases > limits.maxAliasExpansions {
                throw ConfigError(.outOfRange, at: site, path: path,
                                  "the YAML expands more than \(limits.maxAliasExpansions) aliases\(what); "
                                  + "refusing it (the alias cap guards against alias bombs)")
            }
        }
    }

    /// Throws when `root` expands past `limits`; the error is located where the cap was crossed
    /// (for an alias: the key whose value uses it).
    static func measure(_ root: Node, file: String, limits: ConfigLimits) throws(ConfigError) {
        var walker = Walker(file: file, limits: limits)
        _ = try walker.visit(root, site: root.mark.map { SourceLocation(file: file, line: $0.line, column: $0.column) }, path: "")
    }
}
