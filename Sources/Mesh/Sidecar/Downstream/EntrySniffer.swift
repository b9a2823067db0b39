import Logging
import NIOCore

/// The first handler on the 15001 entry. It reads until the first bytes name a destination
/// port (a CONNECT target, an absolute URI or the Host header), answers CONNECT with 200,
/// then lets `attach` install the handlers of the listener for that port after itself,
/// replays what it read into them and leaves the pipeline. Garbage gets a 400 and a close.
public final class EntrySniffer: ChannelInboundHandler, RemovableChannelHandler {
    public typealias InboundIn = ByteBuffer
    public typealias InboundOut = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    /// Installs the handlers for the listener of a port; false when there is no such listener.
    public typealias Attach = (Channel, _ port: Int) throws -> Bool

    private let attach: Attach
    private let logger: Logger
    private var buffered: ByteBuffer?
    private var decided = false

    public init(logger: Logger, attach: @escaping Attach) {
        self.logger = logger
        self.attach = attach
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !decided else { return context.fireChannelRead(data) }
        var incoming = unwrapInboundIn(data)
        if buffered == nil { buffered = incoming } else { buffered?.writeBuffer(&incoming) }
        guard var bytes = buffered else { return }
        let verdict = FirstBytes.parse(bytes)
        let port: Int
        var isConnect = false
        switch verdict {
        case .needMore:
            return
        case .malformed(let reason):
            decided = true
            logger.notice("entry: malformed first bytes from \(context.remoteAddress.map { "\($0)" } ?? "?"): \(reason)")
            return reply(context: context, status: "400 Bad Request", flag: "DPE", body: "bad request: \(reason)\n")
        case .connect(_, let target, let consumed):
            bytes.moveReaderIndex(forwardBy: consumed)
            isConnect = true
            port = target
        case .absoluteForm(_, let target), .originForm(_, let target):
            port = target
        }
        decided = true
        buffered = nil
        do {
            guard try attach(context.channel, port) else {
                logger.info("entry: no listener 0.0.0.0_\(port)")
                return reply(context: context, status: "502 Bad Gateway", flag: "NR", body: "no listener for port \(port)\n")
            }
        } catch {
            logger.error("entry: could not set up listener 0.0.0.0_\(port): \(error)")
            return context.close(promise: nil)
        }
        // Written from here, so it bypasses the listener's HTTP encoder installed after us.
        if isConnect { context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: "HTTP/1.1 200 Connection established\r\n\r\n")), promise: nil) }
        if bytes.readableBytes > 0 { context.fireChannelRead(wrapInboundOut(bytes)) }
        context.fireChannelReadComplete()
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    public func channelInactive(context: ChannelHandlerContext) {
        buffered = nil
        context.fireChannelInactive()
    }

    private func reply(context: ChannelHandlerContext, status: String, flag: String, body: String) {
        let text = "HTTP/1.1 \(status)\r\ncontent-type: text/plain\r\ncontent-length: \(body.utf8.count)\r\n"
            + "x-envoy-response-flags: \(flag)\r\nserver: envoy\r\nconnection: close\r\n\r\n\(body)"
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: text))).assumeIsolated().whenComplete { _ in
            context.close(promise: nil)
        }
    }
}
