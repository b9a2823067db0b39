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
        .library(name: "RedisServer", targets: ["RedisServer"]),
        .executable(name: "shakedown-redis", targets: ["shakedown-redis"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .target(
            name: "RESP",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")],
            swiftSettings: hotPath
        ),
        .target(name: "CSystemShims"),
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
        .executableTarget(
            name: "shakedown-microbench",
            dependencies: ["RedisServer", "RESP", .product(name: "NIOEmbedded", package: "swift-nio")],
            path: "Benchmarks/Microbench"
        ),
        .testTarget(
            name: "RESPTests",
            dependencies: ["RESP", .product(name: "NIOEmbedded", package: "swift-nio")]
        ),
        .testTarget(
            name: "RedisServerTests",
            dependencies: ["RedisServer", "RESP", .product(name: "NIOEmbedded", package: "swift-nio")]
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "RESP", "RedisServer", .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
    ]
)
