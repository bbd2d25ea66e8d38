import Foundation
import Hummingbird
import HTTPTypes
import HummingbirdCore
import NIOCore
import Reputation
import ReputationService
import ScoringCore
import Simulation
import NIOConcurrencyHelpers

/// Runs ReasonForge simulations for the HTTP API with the same registry, config loader, pipeline and
/// runner as `scoring run`, within the service's ``ServiceConfiguration/SimulationLimits``.
///
/// Parameters (JSON body of `POST /api/simulate`, query string of `GET /api/simulate/stream`):
/// `config` (a bundled config name under `simulation.configs_dir`, default `default`), `epochs`,
/// `emission`, `seed`. Values outside the limits are answered 400 naming the parameter.
struct SimulationAPI: Sendable {
    let registry: ScoringRegistry
    let limits: ServiceConfiguration.SimulationLimits
    let configsDirectory: String
    private let running = NIOLockedValueBox(0)
    static let maxConcurrent = 2

    init(registry: ScoringRegistry, limits: ServiceConfiguration.SimulationLimits, configsDirectory: String) {
        self.registry = registry
        self.limits = limits
        self.configsDirectory = configsDirectory
    }

    struct Parameters: Decodable, Sendable {
        var config: String?
        var epochs: Int?
        var emission: Double?
        var seed: Int?

        init() {}

        /// From a query string; a value that does not parse is a 400 naming it.
        init(query: FlatDictionary<Substring, Substring>) throws(ServiceError) {
            config = query["config"].map(String.init)
            func number<T>(_ name: String, _ parse: (String) -> T?) throws(ServiceError) -> T? {
                guard let raw = query[Substring(name)] else { return nil }
                guard let v = parse(String(raw)) else {
                    throw .badRequest("'\(name)' must be a number", field: name, reason: "invalid_field")
                }
                return v
            }
            epochs = try number("epochs") { Int($0) }
            emission = try number("emission") { Double($0) }
            seed = try number("seed") { Int($0) }
        }
    }

    /// Bundled config names (files `<name>.yaml` in the configs directory).
    func configNames() -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: configsDirectory)) ?? []
        return files.filter { $0.hasSuffix(".yaml") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// Loads and bounds the pipeline the parameters describe.
    func pipeline(for p: Parameters) throws(ServiceError) -> SimulationPipeline {
        let name = p.config ?? "default"
        let names = configNames()
        guard Identifiers.isSafeComponent(name, maxLength: 64), names.contains(name) else {
            throw .badRequest("unknown config '\(name)'; bundled configs: \(names.joined(separator: ", "))",
                              field: "config", reason: "unknown_config")
        }
        var overrides: [String] = []
        if let e = p.epochs {
            guard (1...limits.maxEpochs).contains(e) else {
                throw .badRequest("'epochs' must be in 1…\(limits.maxEpochs)", field: "epochs", reason: "out_of_range")
            }
            overrides.append("simulation.epochs=\(e)")
        }
        if let m = p.emission {
            guard m.isFinite, m > 0, m <= 1e9 else {
                throw .badRequest("'emission' must be a finite number in (0, 1e9]", field: "emission", reason: "out_of_range")
            }
            overrides.append("simulation.emission=\(m)")
        }
        if let s = p.seed {
            guard (0...Int(UInt32.max)).contains(s) else {
                throw .badRequest("'seed' must be in 0…\(UInt32.max)", field: "seed", reason: "out_of_range")
            }
            overrides.append("simulation.seed=\(s)")
        }
        let loaded: ScoringConfig
        do {
            loaded = try ScoringConfig.load(file: configsDirectory + "/" + name + ".yaml", overrides: overrides, registry: registry)
        } catch {
            throw .badRequest("config '\(name)': \(error.description)", field: "config", reason: "invalid_config")
        }
        guard let pipeline = loaded.pipeline as? SimulationPipeline else {
            throw .badRequest("config '\(name)' is not a simulation config", field: "config", reason: "invalid_config")
        }
        let s = pipeline.settings
        if s.epochs > limits.maxEpochs {
            throw .badRequest("config '\(name)' runs \(s.epochs) epochs; the limit is \(limits.maxEpochs)", field: "epochs", reason: "out_of_range")
        }
        if s.roster.miners.count > limits.maxMiners {
            throw .badRequest("config '\(name)' has \(s.roster.miners.count) miners; the limit is \(limits.maxMiners)", field: "config", reason: "out_of_range")
        }
        if s.roster.validators.count > limits.maxValidators {
            throw .badRequest("config '\(name)' has \(s.roster.validators.count) validators; the limit is \(limits.maxValidators)", field: "config", reason: "out_of_range")
        }
        if s.runs > limits.maxRuns {
            throw .badRequest("config '\(name)' asks for \(s.runs) runs; the limit is \(limits.maxRuns)", field: "config", reason: "out_of_range")
        }
        return pipeline
    }

    /// Claims one of the simulation slots, or answers 503.
    func acquire() throws(ServiceError) {
        let ok = running.withLockedValue { n -> Bool in
            guard n < Self.maxConcurrent else { return false }
            n += 1
            return true
        }
        if !ok {
            var e = ServiceError(.serviceUnavailable, "too many simulations running; retry shortly", reason: "busy")
            e.headers[.retryAfter] = "1"
            throw e
        }
    }

    func release() { running.withLockedValue { $0 -= 1 } }

    /// `POST /api/simulate`: the CLI's JSON output (`scoring run … --format json`) for these parameters.
    func simulate(_ p: Parameters) async throws -> Response {
        let pipeline = try pipeline(for: p)
        try acquire()
        defer { release() }
        let sink = OutputSink.memory()
        do {
            try await pipeline.execute(format: .json, sink: sink, quiet: true, gitCommit: .some(nil))
        } catch {
            throw ServiceError(.unprocessableContent, "simulation failed: \(error)", reason: "simulation_failed")
        }
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: sink.contents)))
    }

    /// `GET /api/simulate/stream`: Server-Sent Events, one `epoch` event per epoch, then `done`.
    func stream(_ p: Parameters) throws -> Response {
        let pipeline = try pipeline(for: p)
        try acquire()
        let settings = pipeline.settings
        let (events, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingOldest(64))
        let stop = NIOLockedValueBox(false)
        let release: @Sendable () -> Void = { [self] in self.release() }
        let producer = Thread {
            defer { continuation.finish(); release() }
            do {
                let result = try SimulationRunner.run(settings) { report in
                    if stop.withLockedValue({ $0 }) { throw CancellationError() }
                    // Back-pressure: wait while the client is slow (the buffer holds 64 epochs).
                    while case .dropped = continuation.yield(Self.event("epoch", Self.epochJSON(report, settings.roster))) {
                        if stop.withLockedValue({ $0 }) { throw CancellationError() }
                        Thread.sleep(forTimeInterval: 0.005)
                    }
                }
                _ = continuation.yield(Self.event("done", "{\"epochs\":\(result.history.isEmpty ? settings.epochs : result.history.count)}"))
            } catch is CancellationError {
            } catch {
                _ = continuation.yield(Self.event("error", "{\"error\":\(ConfigNode.jsonQuoted("\(error)"))}"))
            }
        }
        producer.start()
        let body = ResponseBody { writer in
            do {
                for await event in events { try await writer.write(ByteBuffer(string: event)) }
                try await writer.finish(nil)
            } catch {
                stop.withLockedValue { $0 = true }
                throw error
            }
        }
        return Response(status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
    }

    static func event(_ name: String, _ data: String) -> String { "event: \(name)\ndata: \(data)\n\n" }

    /// One epoch in the reference's `/api/simulate` field names.
    static func epochJSON(_ r: EpochReport, _ roster: Roster) -> String {
        func num(_ d: Double) -> String { ConfigNode.jsonNumber(d) }
        var s = "{\"epoch_id\":\(r.epoch),\"total_emission\":\(num(r.totalEmission)),\"miner_pool\":\(num(r.minerPool))"
        s += ",\"validator_pool\":\(num(r.validatorPool)),\"tasks_processed\":\(r.tasksProcessed)"
        s += ",\"traps_injected\":\(r.trapsInjected),\"breakthroughs\":\(r.breakthroughs),\"avg_cms\":\(num(r.avgCMS))"
        s += ",\"plagiarism_flags\":\(r.plagiarismFlags),\"miners\":["
        s += r.miners.map { m in
            let miner = roster.miners[m.miner]
            return "{\"rank\":\(m.rank),\"miner_id\":\(ConfigNode.jsonQuoted(miner.id)),\"name\":\(ConfigNode.jsonQuoted(miner.name)),\"tier\":\(ConfigNode.jsonQuoted(miner.tier)),\"s_epoch\":\(num(m.sEpoch)),\"peb\":\(num(m.peb)),\"streak\":\(m.streak),\"epoch_tao\":\(num(m.epochTao)),\"total_tao\":\(num(m.totalTao)),\"trap_penalty\":\(num(m.trapPenalty)),\"breakthroughs\":\(m.breakthroughs),\"plagiarism_flags\":\(m.plagiarismFlags),\"dimensions\":{\"quality\":\(num(m.dimensions.quality)),\"accuracy\":\(num(m.dimensions.accuracy)),\"novelty\":\(num(m.dimensions.novelty)),\"efficiency\":\(num(m.dimensions.efficiency))}}"
        }.joined(separator: ",")
        s += "],\"validators\":["
        s += r.validators.map { v in
            let validator = roster.validators[v.validator]
            return "{\"validator_id\":\(ConfigNode.jsonQuoted(validator.id)),\"name\":\(ConfigNode.jsonQuoted(validator.name)),\"vas\":\(num(v.vas)),\"reputation\":\(num(v.reputation)),\"epoch_tao\":\(num(v.epochTao)),\"total_tao\":\(num(v.totalTao)),\"slashed\":\(num(v.slashed))}"
        }.joined(separator: ",")
        return s + "]}"
    }
}
