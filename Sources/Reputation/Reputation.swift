// The Reputation module. See README.md for what it provides.
