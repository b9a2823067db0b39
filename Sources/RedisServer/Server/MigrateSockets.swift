import NIOCore
import NIOPosix

/// MIGRATE's connections to target instances, cached per `host:port` as Redis caches them
/// (`migrateGetSocket`): at most 64, each closed after 10 s unused (`migrateCloseTimedoutSockets`,
/// from the cron). A link remembers the database it last SELECTed, so a following MIGRATE
/// to the same db sends no SELECT.
final class MigrateSockets: @unchecked Sendable {
    static let capacity = 64
    static let idleMilliseconds: Int64 = 10_000

    /// One connection. Lines the target sends go to `onLine`; its closing to `onClose`.
    final class Link: @unchecked Sendable {
        let name: String
        fileprivate(set) var channel: Channel?
        /// The db SELECTed on this connection, -1 when unknown (new, or after an error).
        var lastDB: Int64 = -1
        var lastUse: Int64
        var onLine: ((String) -> Void)?
        var onClose: (() -> Void)?
        private var input = ByteBuffer()

        init(name: String, channel: Channel, now: Int64) {
            self.name = name
            self.channel = channel
            self.lastUse = now
        }

        /// nil when the connection is already gone.
        func write(_ buffer: ByteBuffer) -> EventLoopFuture<Void>? {
            channel?.writeAndFlush(buffer)
        }

        fileprivate func received(_ buffer: ByteBuffer) {
            var more = buffer
            input.writeBuffer(&more)
            do {
                while channel != nil, let line = try SyncPayloadReader.readLine(&input) { onLine?(line) }
                input.discardReadBytes()
            } catch {
                // Not a Redis reply (a line without end): as good as a broken connection.
                channel?.close(promise: nil)
            }
        }

        fileprivate func closed() {
            guard channel != nil else { return }
            channel = nil
            let handler = onClose
            onLine = nil
            onClose = nil
            handler?()
        }
    }

    private unowned(unsafe) let node: RedisNode
    private var links: [String: Link] = [:]

    init(node: RedisNode) {
        self.node = node
    }

    var count: Int { links.values.filter { $0.channel != nil }.count }

    /// Why no link could be had. Redis's blocking connect only fails on a timeout or a name
    /// that does not resolve; a refused connection shows up at the first write instead.
    enum ConnectFailure: Error {
        case connecting, writing
    }

    /// The cached link to `host:port`, or a new one connected within `timeout` ms.
    func link(host: String, port: Int, timeout: Int64, _ done: @escaping @Sendable (Result<Link, ConnectFailure>) -> Void) {
        let name = "\(host):\(port)"
        if let cached = links[name], cached.channel != nil {
            cached.lastUse = node.clock()
            done(.success(cached))
            return
        }
        if links.count >= Self.capacity, let victim = links.keys.randomElement() { close(victim) }
        guard let base = ClientBootstrap(validatingGroup: node.loop), port > 0, port < 65536 else {
            node.loop.execute { done(.failure(.writing)) }
            return
        }
        let bootstrap = base
            .connectTimeout(.milliseconds(timeout))
            .channelOption(ChannelOptions.socketOption(.tcp_nodelay), value: 1)
        let connecting = OutboundConnect.connect(bootstrap, host: host, port: port, source: node.config.bindSourceAddress)
        connecting.whenComplete { [self] result in
            let channel: Channel
            switch result {
            case .success(let connected):
                channel = connected
            case .failure(let error):
                let reached = (error as? NIOConnectionError).map { !$0.connectionErrors.isEmpty } ?? false
                done(.failure(reached ? .writing : .connecting))
                return
            }
            let link = Link(name: name, channel: channel, now: node.clock())
            do {
                try channel.pipeline.syncOperations.addHandler(MigrateLinkHandler(link: link))
            } catch {
                channel.close(promise: nil)
                done(.failure(.writing))
                return
            }
            links[name]?.channel?.close(promise: nil)
            links[name] = link
            done(.success(link))
        }
    }

    /// `migrateCloseSocket`: drops the link (the next MIGRATE connects afresh).
    func close(_ name: String) {
        guard let link = links.removeValue(forKey: name) else { return }
        let channel = link.channel
        link.closed()
        channel?.close(promise: nil)
    }

    /// From the cron: links unused for more than 10 s are closed.
    func closeIdle(now: Int64) {
        for (name, link) in links where link.channel == nil || (link.onLine == nil && now - link.lastUse > Self.idleMilliseconds) {
            close(name)
        }
    }
}

/// Feeds a MIGRATE link with what the target sends.
private final class MigrateLinkHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    private let link: MigrateSockets.Link

    init(link: MigrateSockets.Link) {
        self.link = link
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        link.received(unwrapInboundIn(data))
    }

    func channelInactive(context: ChannelHandlerContext) {
        link.closed()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}
