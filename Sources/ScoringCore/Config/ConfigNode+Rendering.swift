extension ConfigNode {
    /// The value as JSON (keys in written order). Numbers use Swift's shortest round-trip form.
    public func jsonString(pretty: Bool = true) -> String {
        var out = ""
        Self.writeJSON(self, into: &out, indent: pretty ? 0 : nil)
        return out
    }

    /// The value as block-style YAML, readable and re-loadable.
    public func yamlString() -> String {
        var out = ""
        switch value {
        case .map(let m) where !m.isEmpty: Self.writeYAMLMap(m, into: &out, indent: 0)
        case .list(let l) where !l.isEmpty: Self.writeYAMLList(l, into: &out, indent: 0)
        default: out = Self.yamlScalar(self) + "\n"
        }
        return out
    }

    /// JSON text of a string, with escapes.
    public static func jsonQuoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// A number as JSON text: integral values without a fraction, non-finite as null.
    public static func jsonNumber(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) + ".0" }
        return "\(d)"
    }

    private static func writeJSON(_ node: ConfigNode, into out: inout String, indent: Int?) {
        let nl = indent == nil ? "" : "\n"
        func pad(_ n: Int) -> String { String(repeating: "  ", count: n) }
        switch node.value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += jsonNumber(d)
        case .string(let s): out += jsonQuoted(s)
        case .list(let l):
            if l.isEmpty { out += "[]"; return }
            out += "[" + nl
            for (i, e) in l.enumerated() {
                if let indent { out += pad(indent + 1) }
                writeJSON(e, into: &out, indent: indent.map { $0 + 1 })
                out += (i < l.count - 1 ? "," : "") + nl
            }
            if let indent { out += pad(indent) }
            out += "]"
        case .map(let m):
            if m.isEmpty { out += "{}"; return }
            out += "{" + nl
            for (i, e) in m.enumerated() {
                if let indent { out += pad(indent + 1) }
                out += jsonQuoted(e.key) + (indent == nil ? ":" : ": ")
                writeJSON(e.value, into: &out, indent: indent.map { $0 + 1 })
                out += (i < m.count - 1 ? "," : "") + nl
            }
            if let indent { out += pad(indent) }
            out += "}"
        }
    }

    private static func yamlScalar(_ node: ConfigNode) -> String {
        switch node.value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .double(let d): return d.isFinite ? "\(d)" : (d.isNaN ? ".nan" : (d > 0 ? ".inf" : "-.inf"))
        case .string(let s): return yamlString(s)
        case .list(let l): return l.isEmpty ? "[]" : "[...]"
        case .map(let m): return m.isEmpty ? "{}" : "{...}"
        }
    }

    private static func yamlString(_ s: String) -> String {
        let plainSafe = !s.isEmpty && s.allSatisfy { $0.isLetter || $0.isNumber || "-_./ ".contains($0) }
            && !s.hasPrefix(" ") && !s.hasSuffix(" ") && !s.hasPrefix("-")
            && !["true", "false", "null", "yes", "no", "on", "off", "~"].contains(s.lowercased())
            && Double(s) == nil && Int(s) == nil
        return plainSafe ? s : jsonQuoted(s)
    }

    private static func isBlock(_ node: ConfigNode) -> Bool {
        switch node.value {
        case .map(let m): !m.isEmpty
        case .list(let l): !l.isEmpty
        default: false
        }
    }

    private static func writeYAMLMap(_ m: [ConfigEntry], into out: inout String, indent: Int) {
        let pad = String(repeating: "  ", count: indent)
        for e in m {
            let key = yamlString(e.key)
            if isBlock(e.value) {
                out += "\(pad)\(key):\n"
                if case .map(let sub) = e.value.value { writeYAMLMap(sub, into: &out, indent: indent + 1) }
                if case .list(let sub) = e.value.value { writeYAMLList(sub, into: &out, indent: indent + 1) }
            } else {
                out += "\(pad)\(key): \(yamlScalar(e.value))\n"
            }
        }
    }

    private static func writeYAMLList(_ l: [ConfigNode], into out: inout String, indent: Int) {
        let pad = String(repeating: "  ", count: indent)
        for e in l {
            switch e.value {
            case .map(let sub) where !sub.isEmpty:
                var inner = ""
                writeYAMLMap(sub, into: &inner, indent: indent + 1)
                let trimmed = inner.dropFirst((indent + 1) * 2)
                out += "\(pad)- \(trimmed)"
            case .list(let sub) where !sub.isEmpty:
                out += "\(pad)-\n"
                writeYAMLList(sub, into: &out, indent: indent + 1)
            default:
                out += "\(pad)- \(yamlScalar(e))\n"
            }
        }
    }
}
