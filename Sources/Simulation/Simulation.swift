// The Simulation module. See README.md for what it provides.
