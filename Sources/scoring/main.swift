import ScoringCLI

await ScoringMain.run()
