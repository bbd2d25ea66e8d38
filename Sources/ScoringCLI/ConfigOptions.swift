public import ArgumentParser

/// Options shared by every command that loads a config.
public struct ConfigOptions: ParsableArguments {
    @Option(name: .customLong("set"), parsing: .singleValue,
            help: ArgumentHelp("Override one config key, e.g. --set simulation.epochs=20 (repeatable).", valueName: "path=value"))
    public var overrides: [String] = []

    public init() {}
}
