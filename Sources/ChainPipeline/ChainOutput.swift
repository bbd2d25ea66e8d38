import ScoringCore
import Chain
import Foundation

/// Renders a chain replay run as JSON, JSONL, CSV or a terminal table (docs/chain-replay.md).
enum ChainOutput {
    struct Rendered {
        var main: String
    }

    static func render(_ x: ChainPipeline.Execution, format: ChainOutputFormat, manifest: ChainManifest) -> Rendered {
        switch format {
        case .json: Rendered(main: json(x, manifest: manifest) + "\n")
        case .jsonl: Rendered(main: jsonl(x, manifest: manifest))
        case .csv: Rendered(main: csv(x))
        case .table: Rendered(main: table(x))
        }
    }

    static func metricsJSON(_ m: RunMetrics) -> String {
        var w = ChainJSON()
        w.beginObject()
        for (n, v) in m { w.field(n, v) }
        w.endObject()
        return w.text
    }

    static func replayJSON(_ r: ChainReplay, into w: inout ChainJSON) {
        w.beginObject()
        w.field("name", r.name)
        w.field("uids", r.uidCount)
        w.field("epochs", r.epochs.count)
        w.array("labels", r.labels)
        w.array("validators", r.validators)
        w.array("servers", r.servers)
        if let b = r.baseValidator { w.field("base_validator", b) }
        w.key("behaviours")
        w.beginObject()
        for (uid, b) in r.behaviours.sorted(by: { $0.key < $1.key }) {
            switch b {
            case .copiesConsensus: w.field(String(uid), "copies consensus")
            case .shifted(let k): w.field(String(uid), "shift \(k)")
            case .winnerTakesAll: w.field(String(uid), "winner takes all")
            }
        }
        w.endObject()
        w.endObject()
    }

    /// One epoch's per-UID arrays (indexed by UID).
    static func epochFields(_ e: Int, _ step: ChainReplayRunner.Step, into w: inout ChainJSON) {
        let r = step.result
        w.field("epoch", e)
        w.field("block", Int(step.input.block))
        w.field("emission_total", step.input.emission)
        w.array("stake", step.input.stakes)
        w.array("incentive", r.incentive)
        w.array("dividends", r.dividends)
        w.array("emission", r.emission)
        w.array("server_emission", r.serverEmission)
        w.array("validator_emission", r.validatorEmission)
        w.array("trust", r.trust)
        w.array("validator_trust", r.validatorTrust)
        w.array("consensus", r.consensus)
        w.array("ranks", r.ranks)
        w.array("validator_permit", r.validatorPermits)
        w.array("active", r.active)
        w.key("bonds")
        w.beginArray()
        for row in r.state.bonds.rows {
            w.beginArray()
            for b in row { w.beginArray(); w.value(b.column); w.value(b.value); w.endArray() }
            w.endArray()
        }
        w.endArray()
        w.key("weights")
        w.beginArray()
        for row in step.input.weights.rows {
            w.beginArray()
            for b in row { w.beginArray(); w.value(b.column); w.value(Int(b.value)); w.endArray() }
            w.endArray()
        }
        w.endArray()
    }

    static func json(_ x: ChainPipeline.Execution, manifest: ChainManifest) -> String {
        var w = ChainJSON()
        w.beginObject()
        w.key("replay")
        replayJSON(x.replay, into: &w)
        w.key("mechanisms")
        w.beginArray()
        for run in x.runs {
            w.beginObject()
            w.field("label", run.selected.label)
            w.field("key", run.selected.key)
            w.key("options")
            w.raw(run.selected.options.withoutLocations.jsonString(pretty: false))
            w.key("metrics")
            w.raw(metricsJSON(run.metrics))
            w.key("epochs")
            w.beginArray()
            for (e, step) in run.steps.enumerated() {
                w.beginObject()
                epochFields(e, step, into: &w)
                w.endObject()
            }
            w.endArray()
            w.endObject()
        }
        w.endArray()
        w.key("metrics")
        w.raw(metricsJSON(x.metrics))
        w.key("manifest")
        w.raw(manifest.json())
        w.endObject()
        return w.text
    }

    static func jsonl(_ x: ChainPipeline.Execution, manifest: ChainManifest) -> String {
        var out = "{\"type\":\"manifest\",\"manifest\":" + manifest.json() + "}\n"
        var w = ChainJSON()
        replayJSON(x.replay, into: &w)
        out += "{\"type\":\"replay\",\"replay\":" + w.text + "}\n"
        for run in x.runs {
            for (e, step) in run.steps.enumerated() {
                var w = ChainJSON()
                w.beginObject()
                w.field("type", "epoch")
                w.field("mechanism", run.selected.label)
                epochFields(e, step, into: &w)
                w.endObject()
                out += w.text + "\n"
            }
        }
        out += "{\"type\":\"summary\",\"metrics\":" + metricsJSON(x.metrics) + ",\"mechanisms\":{"
        out += x.runs.map { ConfigNode.jsonQuoted($0.selected.label) + ":" + metricsJSON($0.metrics) }.joined(separator: ",")
        return out + "}}\n"
    }

    static let csvHeader = "mechanism,epoch,block,uid,label,role,stake,incentive,dividends,emission,server_emission,validator_emission,trust,validator_trust,consensus,rank,validator_permit,active,bonds"

    static func csvField(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }

    static func csv(_ x: ChainPipeline.Execution) -> String {
        var out = csvHeader + "\n"
        let validators = Set(x.replay.validators)
        for run in x.runs {
            for (e, step) in run.steps.enumerated() {
                let r = step.result
                for u in 0..<x.replay.uidCount {
                    let bonds = r.state.bonds[row: u].map { "\($0.column):\($0.value)" }.joined(separator: ";")
                    let cells: [String] = [
                        csvField(run.selected.label), String(e), String(step.input.block), String(u), csvField(x.replay.labels[u]),
                        validators.contains(u) ? "validator" : "server",
                        "\(step.input.stakes[u])", "\(r.incentive[u])", "\(r.dividends[u])", "\(r.serverEmission[u] + r.validatorEmission[u])",
                        "\(r.serverEmission[u])", "\(r.validatorEmission[u])", "\(r.trust[u])", "\(r.validatorTrust[u])",
                        "\(r.consensus[u])", "\(r.ranks[u])", r.validatorPermits[u] ? "1" : "0", r.active[u] ? "1" : "0", bonds,
                    ]
                    out += cells.joined(separator: ",") + "\n"
                }
            }
        }
        return out
    }

    static func pad(_ s: String, _ n: Int, right: Bool = true) -> String {
        s.count >= n ? s : (right ? String(repeating: " ", count: n - s.count) + s : s + String(repeating: " ", count: n - s.count))
    }

    static func f(_ x: Double) -> String {
        let scaled = (x * 1_000_000).rounded() / 1_000_000
        var s = String(scaled)
        if s.hasSuffix(".0") { s.removeLast(2) }
        return s
    }

    static func table(_ x: ChainPipeline.Execution) -> String {
        var out = "Replay \(x.replay.name): \(x.replay.uidCount) UIDs, \(x.replay.epochs.count) epochs\n"
        let validators = Set(x.replay.validators)
        let width = max(8, (x.replay.labels.map(\.count).max() ?? 0) + 1)
        for run in x.runs {
            guard let last = run.steps.last else { continue }
            out += "\n\(run.selected.label) — epoch \(run.steps.count - 1) (last)\n"
            let head = ["uid", "label", "role", "stake", "incentive", "dividends", "emission", "trust", "v-trust", "consensus", "Σ dividends"]
            let totals = (0..<x.replay.uidCount).map { u in run.steps.reduce(0) { $0 + $1.result.dividends[u] } }
            out += pad(head[0], 4) + " " + pad(head[1], width, right: false) + " " + pad(head[2], 9, right: false)
                + head[3...].map { pad($0, 11) }.joined(separator: " ") + "\n"
            let r = last.result
            for u in 0..<x.replay.uidCount {
                out += pad(String(u), 4) + " " + pad(x.replay.labels[u], width, right: false) + " "
                    + pad(validators.contains(u) ? "validator" : "server", 9, right: false)
                out += [last.input.stakes[u], r.incentive[u], r.dividends[u], r.emission[u], r.trust[u], r.validatorTrust[u],
                        r.consensus[u], totals[u]].map { pad(f($0), 11) }.joined(separator: " ") + "\n"
            }
        }
        out += "\nRun metrics\n"
        let nameWidth = (x.metrics.names.map(\.count).max() ?? 10) + 2
        for (n, v) in x.metrics { out += pad(n, nameWidth, right: false) + f(v) + "\n" }
        return out
    }
}
