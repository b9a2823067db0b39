import NIOCore
import NIOPosix

/// A test HTTP/1.1 server on a free loopback port. Each request is answered with
/// `echo: METHOD TARGET BODY`, its Host header echoed in `x-seen-host`, a `date` that changes,
/// and a chunked body for targets starting with `/chunked`; `/missing` answers 404. `/upgrade`
/// answers 101 Switching Protocols and a CONNECT 200, each followed at once by bytes of the
/// new protocol; after either, what the client sends is logged as `tunneled N bytes`.
final class TinyHTTPServer {
    let channel: any Channel
    private let recorded = BrokerLog()
    var port: Int { channel.localAddress?.port ?? 0 }
    /// Request lines as received (`GET /details/0`), and tunneled bytes.
    var log: [String] { recorded.lines }

    init(group: any EventLoopGroup) throws {
        let recorded = self.recorded
        channel = try ServerBootstrap(group: group)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture { try child.pipeline.syncOperations.addHandler(Handler(recorded: recorded)) }
            }
            .bind(host: "127.0.0.1", port: 0).wait()
    }

    func stop() { try? channel.close().wait() }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        private let recorded: BrokerLog
        private var buffer = ByteBuffer()
        private var served = 0
        private var tunneling = false

        init(recorded: BrokerLog) {
            self.recorded = recorded
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var bytes = unwrapInboundIn(data)
            buffer.writeBuffer(&bytes)
            while !tunneling, let request = nextRequest() {
                served += 1
                recorded.append("\(request.method) \(request.target)")
                if request.target == "/upgrade" || request.method == "CONNECT" {
                    tunneling = true
                    let head = request.method == "CONNECT" ? "HTTP/1.1 200 Connection established\r\n\r\n" : "HTTP/1.1 101 Switching Protocols\r\nupgrade: tiny\r\nconnection: upgrade\r\n\r\n"
                    context.write(wrapOutboundOut(ByteBuffer(string: head + "\u{1}\u{2}TINY-PROTOCOL-HELLO")), promise: nil)
                    break
                }
                let body = "echo: \(request.method) \(request.target) \(request.body)"
                var out = ByteBuffer()
                let status = request.target == "/missing" ? "404 Not Found" : "200 OK"
                out.writeString("HTTP/1.1 \(status)\r\nx-seen-host: \(request.host)\r\ndate: now-\(served)\r\ncontent-type: text/plain\r\n")
                if request.target.hasPrefix("/chunked") {
                    let half = body.count / 2
                    let first = String(body.prefix(half)), second = String(body.dropFirst(half))
                    out.writeString("transfer-encoding: chunked\r\n\r\n")
                    out.writeString("\(String(first.utf8.count, radix: 16))\r\n\(first)\r\n\(String(second.utf8.count, radix: 16))\r\n\(second)\r\n0\r\n\r\n")
                } else if request.method == "HEAD" {
                    out.writeString("content-length: \(body.utf8.count)\r\n\r\n")
                } else {
                    out.writeString("content-length: \(body.utf8.count)\r\n\r\n\(body)")
                }
                context.write(wrapOutboundOut(out), promise: nil)
            }
            if tunneling && buffer.readableBytes > 0 {
                recorded.append("tunneled \(buffer.readableBytes) bytes")
                buffer.clear()
            }
            context.flush()
        }

        private func nextRequest() -> (method: String, target: String, host: String, body: String)? {
            let view = buffer.readableBytesView
            guard let end = view.firstRange(of: Array("\r\n\r\n".utf8)) else { return nil }
            let head = String(decoding: view[view.startIndex..<end.lowerBound], as: UTF8.self)
            let lines = head.split(separator: "\r\n")
            let parts = lines.first?.split(separator: " ") ?? []
            var host = "", length = 0
            for line in lines.dropFirst() {
                let pair = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                guard pair.count == 2 else { continue }
                if pair[0].lowercased() == "host" { host = pair[1] }
                if pair[0].lowercased() == "content-length" { length = Int(pair[1]) ?? 0 }
            }
            let headLength = end.upperBound - view.startIndex
            guard buffer.readableBytes >= headLength + length else { return nil }
            buffer.moveReaderIndex(forwardBy: headLength)
            let body = buffer.readString(length: length) ?? ""
            return (parts.count > 0 ? String(parts[0]) : "", parts.count > 1 ? String(parts[1]) : "", host, body)
        }
    }
}
