// The ValidatorClient module. See README.md for what it provides.
