import ScoringCLI

await ScoringCommand.main()
