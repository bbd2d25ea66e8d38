// swift-tools-version: 6.1
import PackageDescription

let upcoming: [SwiftSetting] = [
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("ExistentialAny"),
]

// Dependencies for scaffolded modules (`swift package new-module`): an outside package declares
// these as products of SubnetScoring instead.
let scoringCore: Target.Dependency = "ScoringCore"
let scoringTestKit: Target.Dependency = "ScoringTestKit"

let package = Package(
    name: "SubnetScoring",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "scoring", targets: ["scoring"]),
        .library(name: "ScoringCore", targets: ["ScoringCore"]),
        .library(name: "ReasonForge", targets: ["ReasonForge"]),
        .library(name: "Reputation", targets: ["Reputation"]),
        .library(name: "Simulation", targets: ["Simulation"]),
        .library(name: "Signatures", targets: ["Signatures"]),
        .library(name: "ReputationService", targets: ["ReputationService"]),
        .library(name: "SimulationService", targets: ["SimulationService"]),
        .library(name: "ValidatorClient", targets: ["ValidatorClient"]),
        .library(name: "ReputationPipeline", targets: ["ReputationPipeline"]),
        .library(name: "ScoringTestKit", targets: ["ScoringTestKit"]),
        .library(name: "Reports", targets: ["Reports"]),
        .library(name: "DurableFiles", targets: ["DurableFiles"]),
        .library(name: "Chain", targets: ["Chain"]),
        .library(name: "ChainPipeline", targets: ["ChainPipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // Already in the graph through hummingbird; declared because ReputationService imports their products.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // The reputation store: SQLite (default) and PostgreSQL backends.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        // C shim over the system libsodium (apt: libsodium-dev). Only `Sodium` imports it.
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"]), .brew(["libsodium"])]
        ),
        // Safe Swift wrapper over libsodium: no C types in its public API.
        .target(name: "Sodium", dependencies: ["CSodium"], swiftSettings: upcoming),
        // The compiler's cache-prefetch hint, which Swift cannot spell; only the plagiarism index uses it.
        .target(name: "CPrefetch"),
        // The one durable-write recipe (temporary file, fsync, rename, directory fsync); no dependencies.
        .target(name: "DurableFiles", swiftSettings: upcoming),
        // Extension points, registry value, config model and YAML loading, seeded generators.
        .target(
            name: "ScoringCore",
            dependencies: ["DurableFiles", .product(name: "Yams", package: "Yams")],
            swiftSettings: upcoming
        ),
        // The ReasonForge mechanism as registered components.
        .target(name: "ReasonForge", dependencies: ["ScoringCore"], swiftSettings: upcoming),
        // Tier tables, clamp ranges, weighting policies, snapshot and allocation models.
        .target(name: "Reputation", dependencies: ["ScoringCore"], swiftSettings: upcoming),
        // Epoch loop, task generation, plagiarism, Monte Carlo, matrices, outputs, reports.
        .target(name: "Simulation", dependencies: ["ScoringCore", "ReasonForge", "Reputation", "Sodium", "Chain", "CPrefetch"], swiftSettings: upcoming),
        // SS58, sr25519 (Keccak/STROBE/Merlin), ed25519, signed documents, wallet hotkey files.
        .target(name: "Signatures", dependencies: ["Sodium", "DurableFiles"], swiftSettings: upcoming),
        // Hummingbird 2 reputation service: routes, authentication, storage, request parsing, observability.
        .target(
            name: "ReputationService",
            dependencies: [
                "ScoringCore", "Reputation", "Signatures", "DurableFiles", "ReputationStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: upcoming
        ),
        // The simulation API and live dashboard, mounted into the reputation service by `scoring serve`.
        .target(
            name: "SimulationService",
            dependencies: [
                "ScoringCore", "Reputation", "Simulation", "Reports", "ReputationService",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: upcoming
        ),
        // Chain layer: Yuma consensus (fixed and float arithmetic), research variants, SDK weight processing.
        .target(name: "Chain", dependencies: ["ScoringCore"], swiftSettings: upcoming),
        // Validator side: AsyncHTTPClient client, on-disk cache and outbox, weighting pipeline.
        .target(
            name: "ValidatorClient",
            dependencies: [
                "ScoringCore", "Reputation", "Signatures", "DurableFiles", "Chain",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcoming
        ),
        // The reputation pipeline run: service in-process, simulated validators, outages, tier shares.
        .target(
            name: "ReputationPipeline",
            dependencies: [
                "ScoringCore", "Reputation", "Signatures", "ReputationService", "ValidatorClient", "DurableFiles", "Chain", "ReputationStore",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcoming
        ),
        // The reputation store (SQLite through GRDB, PostgreSQL through postgres-nio), ingest and the reputation engine.
        .target(
            name: "ReputationStore",
            dependencies: [
                "ScoringCore", "Reputation", "DurableFiles",
                .product(name: "GRDB", package: "GRDB.swift"),
                // The SQLite C API for the store's hot inserts (RawInsert), the same library GRDB links.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcoming
        ),
        // `pipeline: chain`: replays through chain mechanisms, JSON/JSONL/CSV outputs with the run manifest, HTML report.
        .target(name: "ChainPipeline", dependencies: ["ScoringCore", "Chain", "Simulation", "Reports", "Sodium", "DurableFiles"], swiftSettings: upcoming),
        // Self-contained HTML reports (inline SVG charts) and the live dashboard page.
        .target(name: "Reports", dependencies: ["ScoringCore", "DurableFiles"], swiftSettings: upcoming),
        // Conformance checkers and test doubles for module authors.
        .target(name: "ScoringTestKit", dependencies: ["ScoringCore"], swiftSettings: upcoming),
        // The commands of the `scoring` executable, as a library so tests can drive them.
        .target(
            name: "ScoringCLI",
            dependencies: [
                "ScoringCore", "ReasonForge", "Reputation", "Simulation", "Signatures",
                "ReputationService", "SimulationService", "ValidatorClient", "ReputationPipeline", "Reports", "Chain",
                "ChainPipeline", "ReputationStore",
                // scaffold:cli-dependencies
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcoming
        ),
        .executableTarget(name: "scoring", dependencies: ["ScoringCLI"], swiftSettings: upcoming),
        .executableTarget(name: "SimulationBench", dependencies: ["Simulation", "ReasonForge", "ScoringCore", "Chain"], path: "Benchmarks/SimulationBench", exclude: ["README.md"], swiftSettings: upcoming),

        // SwiftPM command plugins: thin shells around the `scoring` executable.
        .plugin(
            name: "ConfigMatrix",
            capability: .command(
                intent: .custom(verb: "config-matrix", description: "Run a config matrix with `scoring matrix`"),
                permissions: [.writeToPackageDirectory(reason: "The matrix writes its outputs under out/ in the package.")]
            ),
            dependencies: ["scoring"],
            path: "Plugins/ConfigMatrix"
        ),
        .plugin(
            name: "NewModule",
            capability: .command(
                intent: .custom(verb: "new-module", description: "Scaffold a new formula, policy or domain module"),
                permissions: [.writeToPackageDirectory(reason: "Adds the module's target, test, example config and registration line.")]
            ),
            dependencies: ["scoring"],
            path: "Plugins/NewModule"
        ),
        // scaffold:targets (modules added by `swift package new-module` go above this line)

        // Release-mode benchmark of signature verification (`make bench-signatures`).
        .executableTarget(name: "SignatureBench", dependencies: ["Signatures", "Sodium"], path: "Benchmarks/SignatureBench", swiftSettings: upcoming),
        // Pre-signs unique request documents for the wrk benchmark of the reputation service (make bench-service).
        .executableTarget(name: "ServiceBench", dependencies: ["Signatures", "Reputation"], path: "Benchmarks/ServiceBench",
                          exclude: ["bench.lua", "README.md", "run.sh"], swiftSettings: upcoming),

        // Reputation store figures: ingest files/s into SQLite and PostgreSQL, one engine pass over 10,000 miners (make bench-reputation).
        .executableTarget(name: "ReputationBench", dependencies: ["ReputationStore", "Reputation"], path: "Benchmarks/ReputationBench",
                          exclude: ["README.md"], swiftSettings: upcoming),

        .testTarget(name: "DurableFilesTests", dependencies: ["DurableFiles"], swiftSettings: upcoming),
        .testTarget(name: "ScoringCoreTests", dependencies: ["ScoringCore", "ScoringTestKit"], resources: [.copy("Fixtures")], swiftSettings: upcoming),
        .testTarget(name: "ReasonForgeTests", dependencies: ["ReasonForge", "ScoringCore", "ScoringTestKit"], swiftSettings: upcoming),
        .testTarget(name: "SimulationTests", dependencies: ["Simulation", "ReasonForge", "ScoringCore", "ScoringTestKit", "Chain"], resources: [.copy("Fixtures")], swiftSettings: upcoming),
        .testTarget(name: "SignaturesTests", dependencies: ["Signatures", "Sodium"], swiftSettings: upcoming),
        .testTarget(name: "ReputationTests", dependencies: ["Reputation", "ScoringCore", "ScoringTestKit"], swiftSettings: upcoming),
        .testTarget(
            name: "ReputationServiceTests",
            dependencies: [
                "ReputationService", "Signatures", "Reputation", "ScoringCore", "DurableFiles", "ReputationStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "SimulationServiceTests",
            dependencies: [
                "SimulationService", "ReputationService", "ScoringCore", "Simulation", "ReasonForge",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(name: "ValidatorClientTests", dependencies: ["ValidatorClient", "ReputationService", "Signatures", "Reputation"], swiftSettings: upcoming),
        .testTarget(name: "ReputationPipelineTests", dependencies: ["ReputationPipeline", "ReputationService", "ValidatorClient", "Signatures", "Reputation", "ScoringCore", "Chain", "ReputationStore"], swiftSettings: upcoming),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "ScoringCore"], resources: [.copy("Fixtures")], swiftSettings: upcoming),
        .testTarget(name: "ReputationStoreTests", dependencies: ["ReputationStore", "Reputation", "ScoringCore",
                                                              .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: upcoming),
        .testTarget(name: "ChainTests", dependencies: ["Chain", "ScoringCore", "ScoringTestKit"], resources: [.copy("Fixtures")], swiftSettings: upcoming),
        // Release-mode benchmark of one chain epoch, fixed and float (make bench-chain).
        .executableTarget(name: "ChainBench", dependencies: ["Chain", "ScoringCore"], path: "Benchmarks/ChainBench",
                          exclude: ["README.md", "yuma_sim_bench.py"], swiftSettings: upcoming),
        .testTarget(name: "ScoringCLITests", dependencies: ["ScoringCLI", "ScoringCore", "ReputationStore", "Reputation"], swiftSettings: upcoming),
        .testTarget(name: "ChainReplayTests", dependencies: ["Chain", "ChainPipeline", "ScoringCLI", "ScoringCore", "Reports"], swiftSettings: upcoming),
    ],
    swiftLanguageModes: [.v6]
)
