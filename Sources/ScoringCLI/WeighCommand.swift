public import ArgumentParser
import Foundation
import Logging
import Reputation
import ReputationPipeline
import ScoringCore
import Signatures
import ValidatorClient

/// `scoring weigh`: one validator pass by hand — fetch reputation, weigh base rewards, write the weights.
public struct WeighCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "weigh",
        abstract: "Weigh base rewards with reputation: per-miner table, totals, and the chain weights file.",
        discussion: """
            Reads base rewards from a .json or .csv file, fetches the miners' reputation from the service \
            (signed with the hotkey file), applies the config's weighting policy (reputation.policy), prints \
            base, tier, score, tier factor, score factor, final reward and bonus per miner, and writes the \
            float weights with the u16 values set_weights would send. With --offline the service is not \
            contacted: the on-disk cache answers (Neutral if there is none). With --send the allocation is \
            queued in the outbox and delivered (after any older queued ones); with --offline --send it is \
            only queued.
            """)

    @Option(help: "Base rewards (.json or .csv).") public var rewards: String
    @Option(help: "A reputation config (pipeline: reputation).") public var config: String
    @Option(help: "The validator's wallet hotkey file.") public var hotkey: String
    @Option(help: "The reputation service base URL (default: the config's reputation.client.server).") public var server: String?
    @Option(help: "Where to write the weights JSON.") public var weightsOut: String = "weights.json"
    @Option(help: "Cache and outbox directory (default: the config's reputation.client.state_directory).") public var stateDir: String?
    @Option(help: "Cycle id reported with the allocation.") public var cycleId: String = "C1"
    @Option(help: "Step id reported with the allocation (default: weigh_<time>_<random>); with the cycle id it names the idempotency key, so re-running with the same ids is stored once.") public var stepId: String?
    @Flag(help: "Send the allocation to the service (through the outbox).") public var send = false
    @Flag(help: "Do not contact the service: use the cache, queue allocations.") public var offline = false
    @Flag(help: "Print JSON instead of the table.") public var json = false
    @OptionGroup public var overrides: ConfigOptions

    public init() {}

    public func run() async throws {
        let registry = try BuiltInModules.registry()
        let loaded: ScoringConfig
        do {
            loaded = try ScoringConfig.load(file: config, overrides: overrides.overrides, registry: registry)
        } catch {
            printError(error.description)
            throw ExitCode(1)
        }
        guard let pipeline = loaded.pipeline as? ReputationPipeline else {
            throw ValidationError("\(config) is a '\(loaded.pipelineName)' config; weigh needs 'pipeline: reputation'")
        }
        let settings = pipeline.settings
        let base: [BaseReward]
        do { base = try BaseRewardsFile.load(path: rewards) } catch { throw ValidationError(error.description) }
        let key: Keypair
        do { key = try WalletHotkeyFile.load(path: hotkey) } catch { throw ValidationError("\(error)") }

        var clientConfig = settings.client
        if let server { clientConfig.server = server }
        if let stateDir { clientConfig.stateDirectory = stateDir }
        var logger = Logger(label: "weigh")
        logger.logLevel = .info
        let client = try ReputationClient(configuration: clientConfig, hotkey: key, logger: logger)
        let miners = base.filter { $0.reward > 0 }.map(\.hotkey)
        let fetch = offline ? await client.cachedReputation(miners: miners) : await client.fetchReputation(miners: miners)
        let result: WeighingResult
        do {
            result = try Weighing.weigh(base, fetch: fetch, policy: settings.policy, maxWeightLimit: settings.maxWeightLimit)
        } catch {
            printError("cannot weigh \(rewards): \(error)")
            throw ExitCode(1)
        }
        try WeightsFile(result).write(to: weightsOut)

        if json {
            let e = JSONEncoder()
            e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try e.encode(result), as: UTF8.self))
        } else {
            print(WeighTable.render(result, policy: settings.policyKey), terminator: "")
            print("weights written to \(weightsOut) (\(result.chainUIDs.count) non-zero u16 weights)")
        }
        if send {
            let allocation = result.allocation(validator: key.address.string, cycleId: cycleId,
                                               stepId: stepId ?? "weigh_\(Timestamps.iso8601(Date()))_\(String(UInt32.random(in: 0...UInt32.max), radix: 16))",
                                               timestamp: Timestamps.iso8601(Date()))
            if offline {
                let entry = try await client.enqueue(allocation)
                print("offline: allocation queued as #\(entry.sequence) in \(client.outbox.directory)")
            } else {
                let flush = try await client.submit(allocation)
                print("allocation: \(flush.delivered.count) delivered, \(flush.rejected.count) refused, \(flush.pending) still queued"
                      + (flush.failure.map { " (\($0))" } ?? ""))
            }
        }
    }
}

/// The per-miner table `scoring weigh` prints.
enum WeighTable {
    static func render(_ r: WeighingResult, policy: String) -> String {
        var out = "policy \(policy), reputation from \(r.source.rawValue)"
        out += r.repSnapshotVersion.map { " (snapshot \($0))" } ?? " (no snapshot version)"
        out += "\n"
        let header = ["uid", "miner", "base", "tier", "score", "tier×", "score×", "final", "bonus", "weight", "u16"]
        var rows: [[String]] = [header]
        for m in r.miners {
            rows.append([String(m.uid), short(m.hotkey), f(m.baseReward), m.repTier + (m.unknownTier ? "?" : ""), f(m.repScore),
                         f(m.tierFactor), f(m.scoreFactor), f(m.finalReward), String(format: "%+.4f", m.bonus),
                         f(m.weight), String(m.weightU16)])
        }
        rows.append(["", "total", f(r.totalBase), "", "", "", "", f(r.totalFinal), String(format: "%+.4f", r.totalBonus), "", ""])
        let widths = header.indices.map { i in rows.map { $0[i].count }.max() ?? 0 }
        for row in rows {
            out += row.enumerated().map { i, cell in
                i == 1 || i == 3 ? cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[i] - cell.count) + cell
            }.joined(separator: "  ") + "\n"
        }
        if r.unknownTierCount > 0 {
            out += "warning: \(r.unknownTierCount) miner(s) had a tier the table lacks (marked ?), weighted as neutral\n"
        }
        return out
    }

    static func f(_ v: Double) -> String { String(format: "%.4f", v) }
    static func short(_ hotkey: String) -> String { hotkey.count > 12 ? String(hotkey.prefix(6)) + "…" + String(hotkey.suffix(4)) : hotkey }
}
