public import ArgumentParser

/// The `scoring` command: design, simulate and run the reward mechanisms of Bittensor-style subnets.
public struct ScoringCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "scoring",
        abstract: "Design, simulate and run the reward mechanisms of Bittensor-style subnets.",
        discussion: """
            Components (formulas, weighting policies, task domains, tables) are registered by modules \
            and selected by key in YAML configs. Start with `scoring run configs/default.yaml`, list \
            what is available with `scoring modules`, and check a config with `scoring config check`.
            """,
        version: ScoringVersion.current,
        subcommands: [
            RunCommand.self,
            SimulateCommand.self,
            MatrixCommand.self,
            ChainCommand.self,
            ModulesCommand.self,
            ConfigCommand.self,
            FormulaCommand.self,
            ServeCommand.self,
            WeighCommand.self,
            SnapshotCommand.self,
            ReputationCommand.self,
            KeysCommand.self,
            ReportCommand.self,
            ScaffoldCommand.self,
        ]
    )

    public init() {}
}

/// Entry point used by the `scoring` executable.
public enum ScoringMain {
    public static func run() async {
        await ScoringCommand.main()
    }
}
