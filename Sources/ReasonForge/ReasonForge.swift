// The ReasonForge module. See README.md for what it provides.
