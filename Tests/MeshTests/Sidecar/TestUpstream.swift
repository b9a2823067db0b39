import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

/// A real HTTP/1.1 server for sidecar tests: answers every request with what `respond`
/// says (status, body, optional delay) and records the requests it saw.
final class TestUpstream: Sendable {
    struct Reply: Sendable {
        var status: HTTPResponseStatus = .ok
        var body: String
        var delay: TimeAmount? = nil
    }

    typealias Respond = @Sendable (_ head: HTTPRequestHead, _ body: String, _ count: Int) -> Reply

    let channel: Channel
    private let seen = NIOLockedValueBox<[(head: HTTPRequestHead, body: String)]>([])

    var port: Int { channel.localAddress?.port ?? 0 }
    var requests: [HTTPRequestHead] { seen.withLockedValue { $0.map(\.head) } }
    var bodies: [String] { seen.withLockedValue { $0.map(\.body) } }

    private init(channel: Channel) { self.channel = channel }

    static func start(host: String, port: Int = 0, respond: @escaping Respond) async throws -> TestUpstream {
        let box = NIOLockedValueBox<TestUpstream?>(nil)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(respond: respond) { head, body in
                        box.withLockedValue { $0?.seen.withLockedValue { $0.append((head, body)) } }
                        return box.withLockedValue { $0?.seen.withLockedValue { $0.count } ?? 0 }
                    })
                }
            }
            .bind(host: host, port: port).get()
        let server = TestUpstream(channel: channel)
        box.withLockedValue { $0 = server }
        return server
    }

    /// Answers `name` with 200 to everything: tells which endpoint served a request.
    static func named(_ name: String, host: String, port: Int = 0) async throws -> TestUpstream {
        try await start(host: host, port: port) { _, _, _ in Reply(body: name) }
    }

    func close() async {
        try? await channel.close()
    }

    final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let respond: Respond
        let record: (HTTPRequestHead, String) -> Int
        var head: HTTPRequestHead?
        var body = ""

        init(respond: @escaping Respond, record: @escaping (HTTPRequestHead, String) -> Int) {
            self.respond = respond
            self.record = record
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let value):
                head = value
                body = ""
            case .body(var chunk):
                body += chunk.readString(length: chunk.readableBytes) ?? ""
            case .end:
                guard let head else { return }
                let count = record(head, body)
                let reply = respond(head, body, count)
                let send = {
                    let bytes = ByteBuffer(string: reply.body)
                    let headers: HTTPHeaders = ["content-length": String(bytes.readableBytes), "content-type": "text/plain"]
                    context.write(self.wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: reply.status, headers: headers))), promise: nil)
                    context.write(self.wrapOutboundOut(.body(.byteBuffer(bytes))), promise: nil)
                    let written = context.writeAndFlush(self.wrapOutboundOut(.end(nil)))
                    if !head.isKeepAlive { written.assumeIsolated().whenComplete { _ in context.close(promise: nil) } }
                }
                if let delay = reply.delay {
                    context.eventLoop.assumeIsolated().scheduleTask(in: delay) { send() }
                } else {
                    send()
                }
            }
        }
    }
}

/// Random pod-style addresses 127.A.B.N with A in 100...199, so tests do not share ports.
enum PodAddress {
    static func randomPrefix() -> String { "127.\(Int.random(in: 100...199)).\(Int.random(in: 0...255))" }
}
