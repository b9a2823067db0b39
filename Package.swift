// swift-tools-version: 6.0
import PackageDescription

// The node is single-threaded by design, so dynamic exclusivity checks on every class
// property access buy nothing there; they cost ~5% of a request. Release builds only.
let hotPath: [SwiftSetting] = [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let package = Package(
    name: "Shakedown",
    platforms: [.macOS(.v14)],
    products: [
        .library(name: "RESP", targets: ["RESP"]),
        .library(name: "AMQP", targets: ["AMQP"]),
        .library(name: "Capture", targets: ["Capture"]),
        .library(name: "RedisServer", targets: ["RedisServer"]),
        .library(name: "Shakedown", targets: ["Shakedown"]),
        .executable(name: "shakedown-redis", targets: ["shakedown-redis"]),
        .executable(name: "shakedown", targets: ["shakedown"]),
        .executable(name: "shakedown-broker", targets: ["shakedown-broker"]),
        .executable(name: "shakedown-mesh", targets: ["shakedown-mesh"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // Only BrokerManagement (the management HTTP API) uses it, so the broker core stays light.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        // The mesh's apps and sidecars call each other over HTTP; Hummingbird's tests already
        // pull it into the graph.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        .target(
            name: "RESP",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: hotPath
        ),
        // AMQP 0-9-1 frames, methods and field tables: shared by the broker, the harness's
        // client and the replay decoder; no sockets.
        .target(
            name: "AMQP",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: hotPath
        ),
        // The broker: connections, channels, vhosts, exchanges, queues, consumers, access control.
        // Model/ is the entity and routing model, pure logic owned by one event loop.
        .target(
            name: "Broker",
            dependencies: [
                "AMQP",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: hotPath
        ),
        // RabbitMQ 3.10's management HTTP API over the broker, served with Hummingbird.
        .target(
            name: "BrokerManagement",
            dependencies: [
                "Broker",
                "AMQP",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "shakedown-broker",
            dependencies: ["AMQP", "Broker", "BrokerManagement", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        // The mesh: registry (Consul API), control plane (Istio config API + Pilot-style
        // discovery serving Envoy-shaped xDS JSON), sidecar proxy, Zipkin collector, Bookinfo.
        .target(
            name: "Mesh",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: hotPath
        ),
        .executableTarget(
            name: "shakedown-mesh",
            dependencies: [
                "Mesh", .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(name: "CSystemShims"),
        // libpcap (Debian's libpcap-dev): pcap and pcapng reading, live capture.
        .systemLibrary(name: "CPcap", path: "Sources/CPcap", providers: [.apt(["libpcap-dev"])]),
        .target(
            name: "Capture",
            dependencies: [
                "CPcap", "RESP", "AMQP", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: hotPath
        ),
        .target(
            name: "RedisServer",
            dependencies: [
                "RESP",
                "CSystemShims",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: hotPath
        ),
        .executableTarget(
            name: "shakedown-redis",
            dependencies: ["RedisServer"]
        ),
        // The harness talks to every system through its wire protocol and its processes only,
        // never through a server's internals: that is what lets it test redis-server too.
        .target(
            name: "Shakedown",
            dependencies: [
                "RESP",
                "AMQP",
                "Capture",
                "CSystemShims",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(
            name: "shakedown",
            dependencies: ["Shakedown", "Capture", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "shakedown-microbench",
            dependencies: ["RedisServer", "RESP", .product(name: "NIOEmbedded", package: "swift-nio")],
            path: "Benchmarks/Microbench"
        ),
        // Test helper, not a product: a runner that supervises a few processes and can be
        // SIGKILLed, crashed or signalled by the integration tests (RunnerTeardownTests).
        .executableTarget(
            name: "shakedown-supervisor-probe",
            dependencies: ["Shakedown"],
            path: "Tests/Helpers/SupervisorProbe"
        ),
        .executableTarget(
            name: "shakedown-lincheck-bench",
            dependencies: ["Shakedown"],
            path: "Benchmarks/LinearizabilityBench"
        ),
        // `make bench-broker`: shakedown-broker against rabbitmq-server with the harness's client.
        .executableTarget(
            name: "shakedown-broker-bench",
            dependencies: [
                "Shakedown", "AMQP", .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Benchmarks/BrokerBench"
        ),
        .testTarget(
            name: "CaptureTests",
            dependencies: [
                "Capture", "RESP", "AMQP", "TestSupport", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // Helpers more than one test target needs (the seeded generator of the fuzz tests).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(
            name: "RESPTests",
            dependencies: ["RESP", .product(name: "NIOEmbedded", package: "swift-nio")]
        ),
        .testTarget(
            name: "AMQPTests",
            dependencies: [
                "AMQP", "TestSupport", .product(name: "NIOEmbedded", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "BrokerTests",
            dependencies: ["Broker", "AMQP", "TestSupport", .product(name: "NIOEmbedded", package: "swift-nio")]
        ),
        .testTarget(
            name: "BrokerManagementTests",
            dependencies: [
                "BrokerManagement", "Broker", "AMQP",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "MeshTests",
            dependencies: [
                "Mesh", .product(name: "NIOEmbedded", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .testTarget(
            name: "RedisServerTests",
            dependencies: ["RedisServer", "RESP", .product(name: "NIOEmbedded", package: "swift-nio")]
        ),
        .testTarget(
            name: "ShakedownTests",
            dependencies: [
                "Shakedown", "RESP", "AMQP", .product(name: "NIOEmbedded", package: "swift-nio"), .product(name: "Yams", package: "Yams"),
            ]
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "RESP", "AMQP", "Capture", "RedisServer", "Shakedown", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
    ]
)
