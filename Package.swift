// swift-tools-version:6.2
import Foundation
import PackageDescription

let upcoming: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "quire",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "quire", targets: ["quire"]),
        .library(name: "QuireCore", targets: ["QuireCore"]),
        .library(name: "QuireStore", targets: ["QuireStore"]),
        .library(name: "QuireEngine", targets: ["QuireEngine"]),
        .library(name: "QuireAppliance", targets: ["QuireAppliance"]),
        .library(name: "QuireBenchmarks", targets: ["QuireBenchmarks"]),
        .library(name: "QuireTesting", targets: ["QuireTesting"]),
        .library(name: "QuireDocuments", targets: ["QuireDocuments"]),
        .library(name: "QuireFields", targets: ["QuireFields"]),
        .library(name: "QuireModels", targets: ["QuireModels"]),
        .library(name: "QuireReview", targets: ["QuireReview"]),
        .library(name: "QuireAPI", targets: ["QuireAPI"]),
        .library(name: "QuireBots", targets: ["QuireBots"]),
        .library(name: "QuireReports", targets: ["QuireReports"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
        // OTLP over HTTP only: the gRPC exporter would build grpc-swift for nothing.
        .package(url: "https://github.com/swift-otel/swift-otel", from: "1.6.0", traits: ["OTLPHTTP"]),
    ],
    targets: [
        // Vocabulary: no I/O, no C.
        .target(
            name: "QuireCore",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: upcoming
        ),
        // Durable state: Store protocol, SQLite and PostgreSQL drivers, blob store.
        .target(
            name: "QuireStore",
            dependencies: [
                "QuireCore",
                "CGlibc",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcoming
        ),
        // poppler-glib and cairo, found through pkg-config (libpoppler-glib-dev, libcairo2-dev).
        .systemLibrary(
            name: "CPoppler",
            pkgConfig: "poppler-glib",
            providers: [.apt(["libpoppler-glib-dev", "libcairo2-dev"])]
        ),
        // tesseract and leptonica (libtesseract-dev, libleptonica-dev); tesseract.pc lacks -llept,
        // so the module map links both.
        .systemLibrary(
            name: "CTesseract",
            pkgConfig: "tesseract",
            providers: [.apt(["libtesseract-dev", "libleptonica-dev"])]
        ),
        // chafa (libchafa-dev): page pictures for terminals (symbols, sixel, kitty) in the review UI, drawn by workers.
        .systemLibrary(
            name: "CChafa",
            pkgConfig: "chafa",
            providers: [.apt(["libchafa-dev"])]
        ),
        // glibc functions Swift's Glibc module leaves out: malloc.h (malloc_trim: a long-running server hands
        // freed memory back to the system) and syncfs (one flush for a batch of blobs).
        .systemLibrary(name: "CGlibc"),
        // cairo alone (libcairo2-dev), for the nightly report's charts and PDF.
        .systemLibrary(
            name: "CCairo",
            pkgConfig: "cairo",
            providers: [.apt(["libcairo2-dev"])]
        ),
        // The nightly report: one ReportModel of a day, rendered as JSON, CSV, text, HTML with PNG charts, and PDF.
        .target(
            name: "QuireReports",
            dependencies: ["QuireCore", "QuireStore", "CCairo"],
            swiftSettings: upcoming
        ),
        // Documents: PDF text, word boxes and embedded files (poppler); OCR (tesseract, leptonica).
        .target(
            name: "QuireDocuments",
            dependencies: ["QuireObservability", "QuireCore", "CPoppler", "CTesseract", "CChafa"],
            swiftSettings: upcoming
        ),
        // Fields: schemas, e-invoice XML, invoice2data-format templates, layout rules, validators, confidence.
        .target(
            name: "QuireFields",
            dependencies: [
                "QuireCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: upcoming
        ),
        // Models: features, logistic regression, calibration, the model file format, evaluation, training data.
        .target(
            name: "QuireModels",
            dependencies: [
                "QuireHTTP",
                "QuireObservability",
                "QuireCore",
                "QuireStore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: upcoming
        ),
        // Review: the review queue service and the review stage (the terminal UI comes with the rest of issue 6).
        .target(
            name: "QuireReview",
            dependencies: ["QuireObservability", "QuireCore", "QuireStore"],
            swiftSettings: upcoming
        ),
        // Bots: manifests, the child-process protocol (swift-subprocess), the HTTP bot kind,
        // target-system budgets, secrets, and the `bot` stage.
        .target(
            name: "QuireBots",
            dependencies: [
                "QuireHTTP",
                "QuireObservability",
                "QuireCore",
                "QuireStore",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: upcoming
        ),
        // Logging bootstrap (JSON lines); the metrics catalogue (swift-metrics API, Prometheus backend).
        .target(
            name: "QuireObservability",
            dependencies: [
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: upcoming
        ),
        // Outbound HTTP (bots, webhooks, model servers, the CLI against a server): size caps, deadlines, no redirects.
        .target(
            name: "QuireHTTP",
            dependencies: [
                "QuireCore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: upcoming
        ),
        // Scheduler, leases, retries, budgets, cron, spool intake, stage registry.
        .target(
            name: "QuireEngine",
            dependencies: [
                "QuireCore",
                "QuireStore",
                "QuireObservability",
                "CGlibc",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ],
            swiftSettings: upcoming
        ),
        // The HTTP API (Hummingbird): routes over the store and the review service; the
        // appliance hands it the operations that need the engine (intake, retry, cancel).
        .target(
            name: "QuireAPI",
            dependencies: [
                "QuireHTTP",
                "QuireCore",
                "QuireStore",
                "QuireReview",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: upcoming
        ),
        // Composition root: configuration, stage registration, the ServiceGroup.
        .target(
            name: "QuireAppliance",
            dependencies: [
                "QuireCore",
                "QuireStore",
                "QuireEngine",
                "QuireDocuments",
                "QuireFields",
                "QuireModels",
                "QuireReview",
                "QuireAPI",
                "QuireBots",
                "QuireReports",
                "QuireObservability",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: upcoming
        ),
        // `quire bench`: the scheduler, OCR, PDF text and drop-to-done benchmarks, out of the product's modules.
        .target(
            name: "QuireBenchmarks",
            dependencies: [
                "QuireCore",
                "QuireStore",
                "QuireEngine",
                "QuireDocuments",
                "QuireAppliance",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: upcoming
        ),
        // Test helpers and fakes shared by the test targets.
        .target(
            name: "QuireTesting",
            dependencies: [
                "QuireCore", "QuireStore", "QuireEngine", "QuireAppliance", "QuireObservability",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: upcoming
        ),
        .executableTarget(
            name: "quire",
            dependencies: [
                "QuireAppliance",
                "QuireBenchmarks",
                "QuireCore",
                "QuireStore",
                "QuireEngine",
                "QuireDocuments",
                "QuireFields",
                "QuireModels",
                "QuireReview",
                "QuireAPI",
                "QuireBots",
                "QuireReports",
                "QuireObservability",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(name: "QuireReportsTests", dependencies: ["QuireReports", "QuireCore", "QuireStore", "QuireTesting"], swiftSettings: upcoming),
        .testTarget(name: "QuireCoreTests", dependencies: ["QuireCore", "QuireTesting"], swiftSettings: upcoming),
        .testTarget(
            name: "QuireAPITests",
            dependencies: ["QuireAPI", "QuireCore", "QuireStore", "QuireReview", "QuireTesting", .product(name: "Yams", package: "Yams"),
                           .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HummingbirdTesting", package: "hummingbird")],
            swiftSettings: upcoming
        ),
        .testTarget(name: "QuireStoreTests", dependencies: ["QuireStore", "QuireCore", "QuireTesting"], swiftSettings: upcoming),
        .testTarget(
            name: "QuireEngineTests",
            dependencies: [
                "QuireEngine", "QuireStore", "QuireCore", "QuireTesting", "QuireAppliance", "QuireObservability", "QuireBots", "QuireFields", "QuireModels",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "QuireDocumentsTests",
            dependencies: ["QuireDocuments", "QuireTesting", "CPoppler", "CTesseract", "QuireCore", "QuireStore", "QuireEngine", "QuireAppliance"],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "QuireReviewTests",
            dependencies: ["QuireReview", "QuireCore", "QuireStore", "QuireTesting", .product(name: "Logging", package: "swift-log")],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "QuireModelsTests",
            dependencies: ["QuireModels", "QuireCore", "QuireStore", "QuireTesting", .product(name: "Logging", package: "swift-log"), .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "QuireFieldsTests",
            dependencies: ["QuireFields", "QuireCore", "QuireTesting", .product(name: "Logging", package: "swift-log")],
            swiftSettings: upcoming
        ),
        .testTarget(
            name: "QuireBotsTests",
            dependencies: ["QuireBots", "QuireCore", "QuireStore", "QuireTesting", .product(name: "Logging", package: "swift-log")],
            swiftSettings: upcoming
        ),
        // The fuzzers' entry points (Tests/Fuzz, docs/security.md); their seeds and crashes replay in QuireFuzzTests.
        .target(
            name: "QuireFuzz",
            dependencies: ["QuireAPI", "QuireAppliance", "QuireBots", "QuireCore", "QuireDocuments", "QuireEngine", "QuireFields"],
            path: "Tests/Fuzz/QuireFuzz",
            swiftSettings: upcoming
        ),
        .testTarget(name: "QuireFuzzTests", dependencies: ["QuireFuzz", "QuireTesting"], swiftSettings: upcoming),
        .testTarget(
            name: "IntegrationTests",
            dependencies: ["QuireCore", "QuireStore", "QuireBots", "QuireModels", "QuireTesting"],
            swiftSettings: upcoming
        ),
    ]
)

// One libFuzzer executable per entry point, declared only for `Benchmarks/fuzz.sh` (QUIRE_FUZZ=1,
// `--sanitize=fuzzer`): libFuzzer brings their `main`, so an ordinary build could not link them.
if ProcessInfo.processInfo.environment["QUIRE_FUZZ"] != nil {
    for name in ["FuzzPDF", "FuzzImage", "FuzzPipeline", "FuzzWhen", "FuzzBotProtocol", "FuzzJSON", "FuzzMultipart", "FuzzEInvoice", "FuzzTemplate", "FuzzWorkerFrame"] {
        package.targets.append(.executableTarget(name: name, dependencies: ["QuireFuzz"], path: "Tests/Fuzz/Targets/" + name, swiftSettings: upcoming))
    }
}
