import NIOCore

/// Replays one captured HTTP/1.1 connection on one keep-alive connection: requests pipelined
/// in captured order, responses matched in order (interim 1xx ones skipped on both sides), and
/// with `compare` status, headers and body set beside the captured response. A 101 Switching
/// Protocols or a CONNECT's 2xx ends HTTP: it answers its request, and what follows on that
/// side (tunneled bytes) is neither sent nor waited for.
final class HTTPReplaySession: ReplaySession, @unchecked Sendable {
    private let target: ReplayAddress
    private let server: TCPEndpoint
    private let methods = HTTPRequestMethods()
    private var channel: (any Channel)?
    private var ended = false
    private var outbound = ByteBuffer()
    private var exchanges: ReplayExchanges<String, HTTPMessage>
    private var unanswered = 0
    /// Methods of the captured requests whose captured response has not come (CONNECT's 2xx
    /// opens a tunnel), and of the sent ones the target has not answered.
    private var capturedMethods = CircularBuffer<String>()
    private var sentMethods = CircularBuffer<String>()
    /// The request (1-based) after which the capture, or the target, stopped speaking HTTP.
    private var capturedUpgrade: Int?
    private var targetUpgrade: Int?

    init(
        eventLoop: any EventLoop, options: ReplayOptions, rules: ReplayIgnoreRules, report: ReplayConnectionReport, target: ReplayAddress,
        server: TCPEndpoint
    ) {
        self.target = target
        self.server = server
        self.exchanges = ReplayExchanges(keepsCaptured: options.compare)
        super.init(eventLoop: eventLoop, options: options, rules: rules, report: report)
    }

    override var awaitingReplies: Int { unanswered }

    override func start() {
        let methods = self.methods
        connect(to: target) { channel in
            let operations = channel.pipeline.syncOperations
            try operations.addHandler(
                MessageStreamHandler(
                    HTTPStreamDecoder(direction: .responses), prepare: { methods.drain(into: &$0) },
                    extract: { message -> HTTPMessage? in if case .http(let response) = message { response } else { nil } }))
            try operations.addHandler(
                ReplayChannelHandler<HTTPMessage>(
                    onValue: { self.response($0) }, onBatchEnd: { self.batchEnded() }, onEnd: { self.channelEnded(error: $0) }))
        } connected: { channel in
            self.channel = channel
            self.flush()
        }
    }

    override func deliver(_ messages: [ConversationMessage]) {
        guard !isFinished else { return }
        let wasIdle = unanswered == 0
        var sent = 0
        for message in messages {
            guard case .http(let http) = message.message else {
                problem("\(report.connection): a \(message.protocol) message in an HTTP replay was skipped")
                continue
            }
            switch http.head {
            case .request(let method, let requestTarget, _) where message.direction == .clientToServer:
                if capturedUpgrade != nil {
                    settled += 1  // tunneled bytes that happened to read as HTTP
                    continue
                }
                if let upgrade = targetUpgrade {
                    fail("\(target) switched protocols at request \(upgrade) where the capture did not; request \(exchanges.nextIndex + 1) and later were not replayed")
                    return
                }
                guard !ended else {
                    fail("\(target) closed the connection before request \(exchanges.nextIndex + 1)")
                    return
                }
                let host = HTTPRequestEncoding.rewrittenHost(http.header("host"), server: server, target: target)
                let rewritten = HTTPRequestEncoding.rewrittenTarget(requestTarget, server: server, target: target)
                HTTPRequestEncoding.write(http, hostRewrite: host, targetRewrite: rewritten, into: &outbound)
                methods.queue.append(method)
                capturedMethods.append(method)
                sentMethods.append(method)
                exchanges.append(HTTPRequestEncoding.describe(http), packetNumber: message.packetNumber)
                unanswered += 1
                sent += 1
            case .response(_, let status, _) where message.direction == .serverToClient:
                if (status < 200 && status != 101) || capturedUpgrade != nil {
                    capturedServerSkipped += 1
                    continue
                }
                let index = exchanges.nextCapturedIndex
                if Self.switchesProtocols(status: status, method: capturedMethods.popFirst()) {
                    capturedUpgrade = index + 1
                    upgraded(at: index + 1)
                }
                capturedResponse(http)
            default:
                problem("\(report.connection): an HTTP message in the wrong direction was skipped (packet \(message.packetNumber))")
            }
        }
        if sent > 0 { noteSent(sent, wasIdle: wasIdle) }
        flush()
        exchanges.dropDone()
        progressed()
    }

    override func closeChannels() {
        channel?.close(promise: nil)
    }

    private func flush() {
        guard let channel, outbound.readableBytes > 0 else { return }
        channel.writeAndFlush(outbound, promise: nil)
        outbound = channel.allocator.buffer(capacity: 1024)
    }

    private func capturedResponse(_ response: HTTPMessage) {
        let index = exchanges.nextCapturedIndex
        guard exchanges.captured(response) else {
            problem("\(report.connection): a captured response (\(index + 1)) has no captured request before it")
            return
        }
        complete(index)
    }

    private func response(_ response: HTTPMessage) {
        guard !isFinished, case .response(_, let status, _) = response.head, status >= 200 || status == 101 else { return }
        guard unanswered > 0 else {
            fail("\(target) sent a response no request asked for (status \(status))")
            return
        }
        let index = exchanges.nextIndex - unanswered
        exchanges.answer(index, with: response)
        unanswered -= 1
        settled += 1
        received += 1
        complete(index)
        if Self.switchesProtocols(status: status, method: sentMethods.popFirst()) {
            targetUpgrade = index + 1
            upgraded(at: index + 1)
            // The replay speaks no other protocol: the connection has nothing more to give.
            channel?.close(promise: nil)
            if unanswered > 0 {
                fail("\(target) switched protocols at request \(index + 1); the \(unanswered) requests sent after it were not answered")
            }
        }
    }

    /// 101 Switching Protocols, or a CONNECT's 2xx: what follows is no longer HTTP/1.1.
    private static func switchesProtocols(status: Int, method: String?) -> Bool {
        status == 101 || method == "CONNECT" && (200..<300).contains(status)
    }

    private func upgraded(at request: Int) {
        problem("\(report.connection): connection upgraded at request \(request): the rest is not HTTP and is not replayed")
    }

    private func complete(_ index: Int) {
        guard let exchange = exchanges.takeComparable(index), let captured = exchange.captured, let actual = exchange.actual else { return }
        compared()
        for difference in HTTPResponseComparison.differences(expected: captured, actual: actual, rules: rules) {
            diverged(
                requestIndex: index + 1, request: exchange.request, field: difference.field, expected: difference.expected,
                actual: difference.actual, packetNumber: exchange.packetNumber)
        }
    }

    private func batchEnded() {
        guard !isFinished else { return }
        exchanges.dropDone()
        progressed(byReplies: true)
    }

    private func channelEnded(error: String?) {
        guard !ended else { return }
        ended = true
        channel = nil
        // After a switch, the target's next bytes are another protocol, which the decoder refuses.
        connectionEnded(target, error: targetUpgrade == nil ? error : nil, outstanding: unanswered, expected: true)
        // Closed inside a read (a switch, a decoding error), the read's end is not signalled.
        progressed()
    }
}
