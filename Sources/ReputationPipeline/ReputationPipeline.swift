// The ReputationPipeline module. See README.md for what it provides.
