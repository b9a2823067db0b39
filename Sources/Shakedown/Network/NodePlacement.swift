/// Where a node lives on the network a backend built, and how it must be started to live
/// there. A Redis node maps it onto its configuration as:
///
///     bind <listenHost>                     port <listenPorts["client"]>
///     cluster-port <listenPorts["bus"]>     cluster-announce-ip <announceHost>
///     cluster-announce-port <announcePorts["client"]>
///     cluster-announce-bus-port <announcePorts["bus"]>
///     bind-source-addr <sourceAddress>      + directives, launched behind commandPrefix
public struct NodePlacement: Sendable, Hashable {
    public var node: String
    /// The address the node binds its listening sockets to.
    public var listenHost: String
    /// Role -> the port the node listens on.
    public var listenPorts: [String: Int]
    /// The address others (nodes and the runner's clients) dial to reach the node.
    public var announceHost: String
    /// Role -> the port others dial.
    public var announcePorts: [String: Int]
    /// The local address the node must bind its outgoing connections to (Redis's
    /// `bind-source-addr`): how the network tells which node a connection comes from.
    public var sourceAddress: String
    /// Settings the node needs on this network, e.g. `protected-mode no` where its peers are
    /// not on the loopback interface.
    public var directives: [NodeDirective]
    /// Prepended to the node's command line, e.g. `ip netns exec sd123-0-n1`; empty when the
    /// node runs as is.
    public var commandPrefix: [String]

    public init(
        node: String, listenHost: String, listenPorts: [String: Int], announceHost: String,
        announcePorts: [String: Int], sourceAddress: String, directives: [NodeDirective] = [],
        commandPrefix: [String] = []
    ) {
        self.node = node
        self.listenHost = listenHost
        self.listenPorts = listenPorts
        self.announceHost = announceHost
        self.announcePorts = announcePorts
        self.sourceAddress = sourceAddress
        self.directives = directives
        self.commandPrefix = commandPrefix
    }

    /// The port the node listens on for `role`.
    public func listenPort(_ role: String) throws -> Int {
        guard let port = listenPorts[role] else { throw NetworkError.invalid("\(node) has no \(role) port") }
        return port
    }

    /// The port others dial for `role`.
    public func announcePort(_ role: String) throws -> Int {
        guard let port = announcePorts[role] else { throw NetworkError.invalid("\(node) has no \(role) port") }
        return port
    }
}

/// One configuration setting, in redis.conf terms (`name value`).
public struct NodeDirective: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    /// As a redis-server command line takes it: `--name value`.
    public var arguments: [String] { ["--\(name)", value] }

    public var description: String { "\(name) \(value)" }
}
