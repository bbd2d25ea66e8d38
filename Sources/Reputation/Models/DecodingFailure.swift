/// Turns a `DecodingError` into a dotted field path and a sentence that names the field, for HTTP 400
/// bodies and snapshot load errors ("'miners[3].base_reward' must be a number").
public enum DecodingFailure {
    /// The dotted path (`miners[3].base_reward`) and a human sentence for `error`.
    public static func describe(_ error: DecodingError) -> (path: String, message: String) {
        switch error {
        case .typeMismatch(let type, let context):
            let path = render(context.codingPath)
            return (path, "'\(path.isEmpty ? "body" : path)' must be \(expected(type))")
        case .valueNotFound(let type, let context):
            let path = render(context.codingPath)
            return (path, "'\(path.isEmpty ? "body" : path)' must be \(expected(type)), found null")
        case .keyNotFound(let key, let context):
            let path = render(context.codingPath + [key])
            return (path, "missing required field '\(path)'")
        case .dataCorrupted(let context):
            let path = render(context.codingPath)
            if path.isEmpty { return ("", "body is not valid JSON") }
            return (path, "'\(path)' is invalid: \(context.debugDescription)")
        @unknown default:
            return ("", "body could not be decoded")
        }
    }

    /// `[miners, Index 3, base_reward]` → `miners[3].base_reward`.
    public static func render(_ path: [any CodingKey]) -> String {
        var out = ""
        for key in path {
            if let i = key.intValue {
                out += "[\(i)]"
            } else {
                if !out.isEmpty { out += "." }
                out += key.stringValue
            }
        }
        return out
    }

    private static func expected(_ type: Any.Type) -> String {
        switch type {
        case is String.Type, is ReputationTier.Type: "a string"
        case is Double.Type, is Float.Type: "a number"
        case is Int.Type, is Int64.Type, is UInt64.Type: "an integer"
        case is Bool.Type: "true or false"
        default:
            String(describing: type).hasPrefix("Array") ? "a list" : "an object"
        }
    }
}
