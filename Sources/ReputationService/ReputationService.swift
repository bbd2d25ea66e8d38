// The ReputationService module. See README.md for what it provides.
