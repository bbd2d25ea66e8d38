// The ScoringTestKit module. See README.md for what it provides.
