// The Signatures module. See README.md for what it provides.
