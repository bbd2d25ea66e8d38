// service-bench: pre-signs unique request documents for load-testing the reputation service with wrk.
//
// The service refuses a signature it has already seen (replay protection) and one whose timestamp is
// outside ±10 min, so a realistic benchmark cannot replay one captured request. This tool signs N
// distinct documents up front (each with its own timestamp, a few ms apart, all inside the window),
// writes them one per line as JSON string literals, and `bench.lua` splices one per request into a
// body template, so every request is fresh, non-replayed and fully verified by the server. Signing
// happens before the timed run, so it costs the load generator nothing while measuring.
//
// Usage: service-bench --key HOTKEY.json --endpoint reputation_request|reward_allocation
//                      --count N --miners M --out DIR
// Writes DIR/<endpoint>.docs (one document per line) and DIR/<endpoint>.template.json (the body with
// the placeholder "@@SIGNATURE@@" and, for allocations, "@@KEY@@" for a unique idempotency-free cycle step).

import Foundation
import Reputation
import Signatures

struct Options {
    var key = ""
    var endpoint = AuthMessage.reputationRequest
    var count = 50_000
    var miners = 256
    var out = "."
}

func parse() -> Options {
    var o = Options()
    var args = CommandLine.arguments.dropFirst().makeIterator()
    while let a = args.next() {
        switch a {
        case "--key": o.key = args.next() ?? ""
        case "--endpoint": o.endpoint = args.next() ?? o.endpoint
        case "--count": o.count = Int(args.next() ?? "") ?? o.count
        case "--miners": o.miners = Int(args.next() ?? "") ?? o.miners
        case "--out": o.out = args.next() ?? o.out
        default:
            FileHandle.standardError.write(Data("unknown argument \(a)\n".utf8))
            exit(2)
        }
    }
    return o
}

func minerKeys(_ n: Int) -> [String] {
    (0..<n).map { i in
        var pk = [UInt8](repeating: 0, count: 32)
        pk[0] = UInt8(i & 0xFF); pk[1] = UInt8(i >> 8); pk[30] = 0xBE; pk[31] = 0x4C
        return SS58.encode(publicKey: pk)
    }
}

func jsonString(_ s: String) -> String {
    String(decoding: try! JSONEncoder().encode(s), as: UTF8.self)
}

let options = parse()
guard !options.key.isEmpty else {
    FileHandle.standardError.write(Data("--key HOTKEY.json is required\n".utf8))
    exit(2)
}
let key = try WalletHotkeyFile.load(path: options.key)
let validator = key.address.string
let miners = minerKeys(options.miners)
try FileManager.default.createDirectory(atPath: options.out, withIntermediateDirectories: true)

// Body template. The signature goes where "@@SIGNATURE@@" is (already a JSON string literal in the docs file).
let template: String
if options.endpoint == AuthMessage.rewardAllocation {
    let entries = miners.enumerated().map { i, m in
        #"{"miner_hotkey":"\#(m)","uid":\#(i),"base_reward":0.5,"rep_score":1.02,"rep_tier":"Bronze","reputation_bonus":0.0051,"total_reward":0.5051}"#
    }.joined(separator: ",")
    template = #"{"validator_hotkey":"\#(validator)","rep_snapshot_version":"bench","cycle_id":"bench","step_id":"block_1","timestamp":"\#(Timestamps.iso8601(Date()))","miners":[\#(entries)],"signature":@@SIGNATURE@@}"#
} else {
    let list = miners.map { "\"\($0)\"" }.joined(separator: ",")
    template = #"{"validator_hotkey":"\#(validator)","miners":[\#(list)],"signature":@@SIGNATURE@@}"#
}
try template.write(toFile: options.out + "/\(options.endpoint).template.json", atomically: true, encoding: .utf8)

// Distinct documents: timestamps step back 1 ms from now, so all stay inside the ±600 s window for
// the next ~9 minutes and no two signatures repeat (the signer's nonce is random anyway).
let start = Date()
var lines = ""
lines.reserveCapacity(options.count * 330)
for i in 0..<options.count {
    let stamp = start.addingTimeInterval(-Double(i) / 1000)
    let message = AuthMessage(endpoint: options.endpoint, validator: validator,
                              timestamp: Timestamps.iso8601(stamp).replacingOccurrences(of: "Z", with: String(format: ".%03dZ", i % 1000)))
    lines += jsonString(key.sign(message: message.text).text)
    lines += "\n"
}
try lines.write(toFile: options.out + "/\(options.endpoint).docs", atomically: true, encoding: .utf8)
let seconds = Date().timeIntervalSince(start)
print("signed \(options.count) \(options.endpoint) documents for \(validator) in \(String(format: "%.1f", seconds)) s -> \(options.out)")
