import Foundation

/// Which Redis implementation a cluster is made of: our node or the reference `redis-server`.
/// Both take the same command line, which is what lets one suite run against either.
public struct RedisTarget: Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        case swift
        case redisServer = "redis-server"
    }

    public var kind: Kind
    public var executable: String

    public init(kind: Kind, executable: String) {
        self.kind = kind
        self.executable = executable
    }

    public var description: String { kind.rawValue }

    /// Finds the executable: ours beside the running `shakedown` binary (or in .build), the
    /// reference on the PATH; `path` overrides both.
    public static func locate(_ kind: Kind, path: String? = nil) throws -> RedisTarget {
        if let path {
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw TargetError("\(path) is not an executable file")
            }
            return RedisTarget(kind: kind, executable: path)
        }
        switch kind {
        case .swift:
            return RedisTarget(kind: kind, executable: try SiblingExecutable.locate("shakedown-redis"))
        case .redisServer:
            let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
            for directory in path.split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/local/bin"] {
                let candidate = "\(directory)/redis-server"
                if FileManager.default.isExecutableFile(atPath: candidate) {
                    return RedisTarget(kind: kind, executable: candidate)
                }
            }
            throw TargetError("redis-server not found on PATH: install it (`make setup` or apt-get install redis-server) or pass --redis-server PATH")
        }
    }
}

public struct TargetError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
