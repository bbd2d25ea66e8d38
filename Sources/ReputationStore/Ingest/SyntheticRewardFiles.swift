import Foundation
import Reputation

/// Reward allocation files shaped like the service's (`rewards/<cycle>/<validator>/reward_*.json`,
/// wrapped record), with deterministic plausible SS58 hotkeys: for benchmarks and crash tests.
public enum SyntheticRewardFiles {
    /// A plausible SS58 address (48 base58 characters) for `role` and `index`; distinct for distinct inputs.
    public static func hotkey(_ role: String, _ index: Int) -> String {
        let alphabet = Array(Identifiers.base58Alphabet.utf8)
        var out: [UInt8] = Array("5".utf8) + [role.hasPrefix("v") ? UInt8(ascii: "V") : UInt8(ascii: "M")]
        var n = UInt64(index)
        for _ in 0..<10 {  // the index in base 58, fixed width: distinct indices give distinct keys
            out.append(alphabet[Int(n % 58)])
            n /= 58
        }
        var h = UInt64(truncatingIfNeeded: index) &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(role.utf8.count)
        while out.count < 48 {
            h = h &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            out.append(alphabet[Int((h >> 33) % 58)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The file text of one allocation: `miners` entries, validator `validator`, cycle and step as given.
    public static func fileText(validator: Int, cycle: String, step: String, miners: Int, seed: Int = 0) -> String {
        var s = "{\"received_at\":\"2026-12-01T00:00:01Z\",\"request_id\":\"0123456789abcdef\",\"allocation\":{"
        s += "\"validator_hotkey\":\"\(hotkey("validator", validator))\",\"rep_snapshot_version\":\"v1\","
        s += "\"cycle_id\":\"\(cycle)\",\"step_id\":\"\(step)\",\"timestamp\":\"2026-12-01T00:00:00Z\",\"miners\":["
        for m in 0..<miners {
            let base = Double((m &* 7919 &+ seed &* 31) % 1000) / 1000
            let total = base * 1.05
            if m > 0 { s += "," }
            s += "{\"miner_hotkey\":\"\(hotkey("miner", m))\",\"uid\":\(m),\"base_reward\":\(base),\"rep_score\":1.05,"
            s += "\"rep_tier\":\"Silver\",\"reputation_bonus\":\(total - base),\"total_reward\":\(total)}"
        }
        s += "],\"signature\":\"sig\"}}\n"
        return s
    }

    /// Writes `count` files under `root/rewards/<cycle>/<validator>/`, `validators` validators round-robin.
    /// Returns the paths written.
    @discardableResult
    public static func write(count: Int, miners: Int, validators: Int = 8, to root: String) throws -> [String] {
        var paths: [String] = []
        for i in 0..<count {
            let v = i % validators
            let step = i / validators
            let cycle = "C\(step / 12 + 1)"
            let dir = "\(root)/rewards/\(cycle)/\(hotkey("validator", v))"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let path = "\(dir)/reward_\(String(format: "%06d", step)).\(String(format: "%08x", i)).json"
            try Data(fileText(validator: v, cycle: cycle, step: "step_\(step)", miners: miners, seed: i).utf8)
                .write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        return paths
    }
}
