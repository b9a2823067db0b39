import Logging
import NIOCore
import NIOHTTP1

/// Envoy's HTTP connection manager for one downstream connection: collects each request,
/// routes it (route table, `envoy.fault`, cluster), forwards it with `RequestForwarder` and
/// answers with the upstream's response or a local reply carrying Envoy's text and response
/// flags. One request is in flight per connection; pipelined requests wait in a queue (NIO's
/// pipelining handler would do the same, at the price of toggling read interest — two
/// epoll_ctl calls — on every request).
final class HTTPConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    /// Largest request body held for forwarding (and retries).
    static let maxBody = 8 * 1024 * 1024
    /// Pipelined requests held before the connection stops reading.
    static let maxQueued = 16

    private let runtime: SidecarRuntime
    private let manager: ListenerRuntime.HTTPManager
    private let listenerName: String
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?
    private var bodyTooLarge = false
    private var forwarder: RequestForwarder?
    private var delay: Scheduled<Void>?
    private var busy = false
    private var closed = false
    /// Complete requests that arrived while another was in flight.
    private var queued = CircularBuffer<(head: HTTPRequestHead, body: ByteBuffer?, tooLarge: Bool)>()
    private let random = FastRandom()

    init(runtime: SidecarRuntime, listenerName: String, manager: ListenerRuntime.HTTPManager) {
        self.runtime = runtime
        self.listenerName = listenerName
        self.manager = manager
    }

    /// Adds the HTTP/1.1 server codec and this handler. Response headers come from a parsed
    /// upstream response or from the proxy itself, so NIO's outbound header check is skipped.
    static func install(on channel: Channel, runtime: SidecarRuntime, listener: ListenerRuntime, manager: ListenerRuntime.HTTPManager) throws {
        try channel.pipeline.syncOperations.configureHTTPServerPipeline(
            withPipeliningAssistance: false, withErrorHandling: false, withOutboundHeaderValidation: false)
        try channel.pipeline.syncOperations.addHandler(HTTPConnectionHandler(runtime: runtime, listenerName: listener.name, manager: manager))
    }

    func handlerAdded(context: ChannelHandlerContext) {
        manager.stats.connectionsTotal.add()
        manager.stats.connectionsActive.add()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        manager.stats.connectionsActive.subtract()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = nil
            bodyTooLarge = false
        case .body(var chunk):
            guard !bodyTooLarge else { return }
            if (body?.readableBytes ?? 0) + chunk.readableBytes > Self.maxBody {
                bodyTooLarge = true
                body = nil
            } else if body == nil {
                body = chunk
            } else {
                body?.writeBuffer(&chunk)
            }
        case .end:
            guard let requestHead = head else { return }
            head = nil
            let requestBody = body
            body = nil
            guard busy || !queued.isEmpty else {
                return handle(context: context, head: requestHead, body: requestBody, tooLarge: bodyTooLarge)
            }
            queued.append((requestHead, requestBody, bodyTooLarge))
            if queued.count >= Self.maxQueued { context.channel.setOption(ChannelOptions.autoRead, value: false).whenFailure { _ in } }
        }
    }

    /// Envoy's own decision for a request the caller left undecided: random, then overall sampling.
    private func isSampled() -> Bool {
        (manager.randomSampling >= 100 || random.unit() * 100 < manager.randomSampling)
            && (manager.overallSampling >= 100 || random.unit() * 100 < manager.overallSampling)
    }

    /// Starts the next pipelined request once the previous answer is written.
    private func handleNextQueued(context: ChannelHandlerContext) {
        guard !busy, !closed, let next = queued.popFirst() else { return }
        if queued.count == Self.maxQueued - 1 { context.channel.setOption(ChannelOptions.autoRead, value: true).whenFailure { _ in } }
        handle(context: context, head: next.head, body: next.body, tooLarge: next.tooLarge)
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed = true
        queued.removeAll()
        delay?.cancel()
        forwarder?.cancel()
        forwarder = nil
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is HTTPParserError {
            manager.stats.protocolErrors.add()
            runtime.stats.responseFlags(.downstreamProtocolError)
            runtime.logger.notice("\(listenerName): malformed HTTP from \(context.remoteAddress.map { "\($0)" } ?? "?"): \(error)")
            // A request in flight or waiting would be answered after the 400: close instead.
            guard !busy && queued.isEmpty else { return context.close(promise: nil) }
            busy = true
            let text = "bad request: \(error)\n"
            var headers = localHeaders(bodyLength: text.utf8.count, flags: .downstreamProtocolError)
            headers.add(name: "connection", value: "close")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .badRequest, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: text)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        } else {
            runtime.logger.debug("\(listenerName): downstream error \(error)")
            context.close(promise: nil)
        }
    }

    // MARK: - One request

    /// What the answer needs to know about the request it answers.
    private struct Exchange {
        var head: HTTPRequestHead
        var span: ProxySpan
    }

    private func handle(context: ChannelHandlerContext, head requestHead: HTTPRequestHead, body requestBody: ByteBuffer?, tooLarge: Bool) {
        busy = true
        manager.stats.requestTotal.add()
        let (targetAuthority, path) = ProxyHeaders.splitTarget(requestHead.uri)
        var headers = requestHead.headers
        let authority = targetAuthority.map(String.init) ?? headers.first(name: "host") ?? ""
        ProxyHeaders.removeHopByHop(&headers)
        if targetAuthority != nil { headers.replaceOrAdd(name: "host", value: authority) }
        var requestID = headers.first(name: "x-request-id")
        if requestID == nil && manager.generateRequestID {
            requestID = random.uuid()
            headers.add(name: "x-request-id", value: requestID ?? "")
        }
        let request = RouteRequest(method: requestHead.method.rawValue, authority: authority, path: path, headers: headers)
        var trace = manager.direction == .egress ? TraceContext.egress(headers, newID: random.traceID) : TraceContext.ingress(headers, newID: random.traceID)
        trace.sampled = TraceContext.callerDecision(headers) ?? isSampled()
        var exchange = Exchange(
            head: requestHead,
            span: ProxySpan(
                trace: trace, direction: manager.direction, operation: nil, startMicros: ProxySpan.nowMicros(),
                method: requestHead.method.rawValue, authority: authority, path: path, requestID: requestID ?? "-", upstreamCluster: "-",
                status: 0, flags: []))
        guard !tooLarge else {
            return localReply(context: context, exchange: exchange, status: 413, body: "payload too large", flags: [])
        }
        guard let config = runtime.current else {
            return localReply(context: context, exchange: exchange, status: 503, body: "no configuration", flags: .noRoute)
        }
        let table: RouteTable? =
            switch manager.routes {
            case .inline(let inline): inline
            case .rds(let name): config.routeTables[name]
            }
        guard let selection = table?.route(request, random: random.next()) else {
            manager.stats.noRoute.add()
            return localReply(context: context, exchange: exchange, status: 404, body: "", flags: .noRoute)
        }
        if let operation = selection.route.operation { exchange.span.operation = operation }
        exchange.span.upstreamCluster = selection.cluster
        let fault = FaultDecision(fault: selection.route.fault, delayDraw: random.unit(), abortDraw: random.unit())
        let proceed: (ResponseFlags) -> Void = { [self] flags in
            delay = nil
            guard !closed else { return }
            if let status = fault.abortStatus {
                manager.stats.abortsInjected.add()
                return localReply(context: context, exchange: exchange, status: status, body: "fault filter abort", flags: flags.union(.faultInjected))
            }
            forward(context: context, exchange: exchange, selection: selection, config: config, headers: headers, body: requestBody, faulted: fault.isFaulted, flags: flags)
        }
        if let milliseconds = fault.delayMilliseconds {
            manager.stats.delaysInjected.add()
            delay = context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(milliseconds))) { proceed(.delayInjected) }
        } else {
            proceed([])
        }
    }

    private func forward(
        context: ChannelHandlerContext, exchange: Exchange, selection: RouteTable.Selection, config: SidecarConfig, headers: HTTPHeaders,
        body requestBody: ByteBuffer?, faulted: Bool, flags: ResponseFlags
    ) {
        guard let cluster = config.clusters[selection.cluster] else {
            manager.stats.noCluster.add()
            return localReply(context: context, exchange: exchange, status: 503, body: "", flags: flags.union(.noClusterFound))
        }
        guard !cluster.endpoints.isEmpty else {
            cluster.stats.noHealthyUpstream.add()
            return localReply(context: context, exchange: exchange, status: 503, body: "no healthy upstream", flags: flags.union(.noHealthyUpstream))
        }
        let route = selection.route
        // Istio: "timeouts or retries will not be enabled when faults are enabled".
        let retry = faulted ? RetryPolicy.none : route.retry
        var added = exchange.span.trace.headers
        if !headers.contains(name: "x-forwarded-proto") { added.append(("x-forwarded-proto", "http")) }
        let perTry = retry.perTryTimeoutMilliseconds ?? 0
        let expected = route.timeoutMilliseconds > 0 && perTry > 0 ? min(route.timeoutMilliseconds, perTry) : max(route.timeoutMilliseconds, perTry)
        if expected > 0 { added.append(("x-envoy-expected-rq-timeout-ms", String(expected))) }
        let hadBody = exchange.head.headers.contains(name: "content-length") || exchange.head.headers.contains(name: "transfer-encoding")
        if hadBody || (requestBody?.readableBytes ?? 0) > 0 { added.append(("content-length", String(requestBody?.readableBytes ?? 0))) }
        let upstreamHeaders = ProxyHeaders.replacing(headers, with: added, removing: TraceContext.headerNames)
        let (_, path) = ProxyHeaders.splitTarget(exchange.head.uri)
        let upstreamHead = HTTPRequestHead(version: .http1_1, method: exchange.head.method, uri: path, headers: upstreamHeaders)
        let forwarder = RequestForwarder(
            loop: context.eventLoop, cluster: cluster, retry: retry, timeoutMilliseconds: route.timeoutMilliseconds, head: upstreamHead,
            body: requestBody, pool: runtime.pool)
        self.forwarder = forwarder
        forwarder.start { [self] outcome in
            self.forwarder = nil
            guard !closed else { return }
            switch outcome {
            case .local(let status, let text, let more):
                localReply(context: context, exchange: exchange, status: status, body: text, flags: flags.union(more))
            case .response(let response, let more, let serviceMilliseconds):
                relay(context: context, exchange: exchange, response: response, flags: flags.union(more), serviceMilliseconds: serviceMilliseconds)
            }
        }
    }

    // MARK: - Answers

    private func relay(context: ChannelHandlerContext, exchange: Exchange, response: UpstreamResponse, flags: ResponseFlags, serviceMilliseconds: Int) {
        let status = Int(response.head.status.code)
        var added: [(String, String)] = []
        if !ProxyHeaders.responseHasNoBody(method: exchange.head.method, status: status) {
            added.append(("content-length", String(response.body?.readableBytes ?? 0)))
        }
        added.append(("x-envoy-upstream-service-time", String(serviceMilliseconds)))
        added.append(("server", "envoy"))
        if !flags.isEmpty { added.append(("x-envoy-response-flags", flags.description)) }
        var headers = response.head.headers
        ProxyHeaders.removeHopByHop(&headers)
        headers = ProxyHeaders.replacing(headers, with: added)
        let body = ProxyHeaders.responseHasNoBody(method: exchange.head.method, status: status) ? nil : response.body
        write(context: context, exchange: exchange, status: response.head.status, headers: headers, body: body, flags: flags)
    }

    private func localReply(context: ChannelHandlerContext, exchange: Exchange, status: Int, body text: String, flags: ResponseFlags) {
        let headers = localHeaders(bodyLength: text.utf8.count, flags: flags)
        write(context: context, exchange: exchange, status: HTTPResponseStatus(statusCode: status), headers: headers,
            body: text.isEmpty ? nil : ByteBuffer(string: text), flags: flags)
    }

    private func localHeaders(bodyLength: Int, flags: ResponseFlags) -> HTTPHeaders {
        var headers: HTTPHeaders = ["content-length": String(bodyLength), "server": "envoy"]
        if bodyLength > 0 { headers.add(name: "content-type", value: "text/plain") }
        if !flags.isEmpty { headers.add(name: "x-envoy-response-flags", value: flags.description) }
        return headers
    }

    private func write(
        context: ChannelHandlerContext, exchange: Exchange, status: HTTPResponseStatus, headers: HTTPHeaders, body: ByteBuffer?,
        flags: ResponseFlags
    ) {
        var headers = headers
        let keepAlive = exchange.head.isKeepAlive
        if !keepAlive {
            headers.replaceOrAdd(name: "connection", value: "close")
        } else if exchange.head.version == .http1_0 {
            headers.replaceOrAdd(name: "connection", value: "keep-alive")
        }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: exchange.head.version, status: status, headers: headers))), promise: nil)
        if let body, body.readableBytes > 0 { context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil) }
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        busy = false
        if !keepAlive {
            queued.removeAll()
            done.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        } else if !queued.isEmpty {
            // Later, not here: a local reply written from inside `handle` must not recurse.
            context.eventLoop.assumeIsolated().execute { [self] in handleNextQueued(context: context) }
        }
        let code = Int(status.code)
        manager.stats.response(status: code)
        runtime.stats.responseFlags(flags)
        if let sink = runtime.spans, exchange.span.trace.sampled {
            var span = exchange.span
            span.status = code
            span.flags = flags
            sink.report(span.finished(identity: runtime.identity, endMicros: ProxySpan.nowMicros()))
        }
    }
}
