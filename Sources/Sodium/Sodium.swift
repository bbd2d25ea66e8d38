// The Sodium module. See README.md for what it provides.
