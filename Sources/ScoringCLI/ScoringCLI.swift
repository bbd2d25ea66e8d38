// The ScoringCLI module. See README.md for what it provides.
