import NIOCore

/// Replays one captured HTTP/1.1 connection on one keep-alive connection: requests pipelined
/// in captured order, responses matched in order (interim 1xx ones skipped on both sides), and
/// with `compare` status, headers and body set beside the captured response.
final class HTTPReplaySession: ReplaySession, @unchecked Sendable {
    private struct Entry {
        var request: String
        var packetNumber: Int
        var captured: HTTPMessage?
        var actual: HTTPMessage?
        var answered = false
    }

    private let target: ReplayAddress
    private let server: TCPEndpoint
    private let methods = HTTPRequestMethods()
    private var channel: (any Channel)?
    private var ended = false
    private var outbound = ByteBuffer()
    private var entries = CircularBuffer<Entry>()
    private var firstIndex = 0
    private var nextIndex = 0
    private var capturedResponses = 0
    private var unanswered = 0

    init(
        eventLoop: any EventLoop, options: ReplayOptions, rules: ReplayIgnoreRules, report: ReplayConnectionReport, target: ReplayAddress,
        server: TCPEndpoint
    ) {
        self.target = target
        self.server = server
        super.init(eventLoop: eventLoop, options: options, rules: rules, report: report)
    }

    override var awaitingReplies: Int { unanswered }

    override func start() {
        let methods = self.methods
        ReplayConnector.connect(to: target, on: eventLoop, timeoutSeconds: options.connectTimeoutSeconds) { channel in
            let operations = channel.pipeline.syncOperations
            try operations.addHandler(ByteToMessageHandler(MinimalHTTPResponseDecoder(methods: methods)))
            try operations.addHandler(
                ReplayChannelHandler<HTTPMessage>(
                    onValue: { self.response($0) }, onBatchEnd: { self.batchEnded() }, onEnd: { self.channelEnded(error: $0) }))
        }.whenComplete { result in
            switch result {
            case .success(let channel):
                guard !self.isFinished else {
                    channel.close(promise: nil)
                    return
                }
                self.channel = channel
                self.flush()
            case .failure(let error):
                self.fail("cannot connect to \(self.target): \(error)")
            }
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
            case .request(let method, _, _) where message.direction == .clientToServer:
                guard !ended else {
                    fail("\(target) closed the connection before request \(nextIndex + 1)")
                    return
                }
                let host = HTTPRequestEncoding.rewrittenHost(http.header("host"), server: server, target: target)
                HTTPRequestEncoding.write(http, hostRewrite: host, into: &outbound)
                methods.queue.append(method)
                entries.append(Entry(request: HTTPRequestEncoding.describe(http), packetNumber: message.packetNumber))
                nextIndex += 1
                unanswered += 1
                sent += 1
            case .response(_, let status, _) where message.direction == .serverToClient:
                if status < 200 {
                    capturedServerSkipped += 1
                    continue
                }
                capturedResponse(http)
            default:
                problem("\(report.connection): an HTTP message in the wrong direction was skipped (packet \(message.packetNumber))")
            }
        }
        if sent > 0 { noteSent(sent, wasIdle: wasIdle) }
        flush()
        dropDone()
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
        let index = capturedResponses
        capturedResponses += 1
        guard options.compare else { return }
        guard index >= firstIndex, index < nextIndex else {
            problem("\(report.connection): a captured response (\(index + 1)) has no captured request before it")
            return
        }
        entries[offset: index - firstIndex].captured = response
        complete(index - firstIndex)
    }

    private func response(_ response: HTTPMessage) {
        guard !isFinished, case .response(_, let status, _) = response.head, status >= 200 else { return }
        let position = (nextIndex - unanswered) - firstIndex
        guard unanswered > 0, position >= 0, position < entries.count else {
            fail("\(target) sent a response no request asked for (status \(status))")
            return
        }
        entries[offset: position].actual = response
        entries[offset: position].answered = true
        unanswered -= 1
        settled += 1
        received += 1
        complete(position)
    }

    private func complete(_ position: Int) {
        let entry = entries[offset: position]
        guard entry.answered, options.compare, let captured = entry.captured, let actual = entry.actual else { return }
        compared()
        for difference in HTTPResponseComparison.differences(expected: captured, actual: actual, rules: rules) {
            diverged(
                requestIndex: firstIndex + position + 1, request: entry.request, field: difference.field, expected: difference.expected,
                actual: difference.actual, packetNumber: entry.packetNumber)
        }
        entries[offset: position].captured = nil
        entries[offset: position].actual = nil
    }

    /// Entries are done once answered and, when comparing, compared.
    private func dropDone() {
        while let first = entries.first, first.answered, !options.compare || first.captured == nil && first.actual == nil {
            entries.removeFirst()
            firstIndex += 1
        }
    }

    private func batchEnded() {
        guard !isFinished else { return }
        dropDone()
        progressed()
    }

    private func channelEnded(error: String?) {
        guard !ended else { return }
        ended = true
        channel = nil
        guard !isFinished else { return }
        if let error {
            fail("connection to \(target) failed: \(error)")
        } else if unanswered > 0 {
            fail("\(target) closed the connection with \(unanswered) responses outstanding")
        }
    }
}
