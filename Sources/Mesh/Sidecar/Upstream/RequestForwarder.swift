import NIOCore
import NIOHTTP1

/// One request's trip upstream, confined to the downstream connection's event loop: picks an
/// endpoint, sends, retries as the route's policy says (Envoy's back-off, previous_hosts),
/// and enforces the per-try and the route timeout. Ends with exactly one `Outcome`.
final class RequestForwarder {
    enum Outcome {
        case response(UpstreamResponse, flags: ResponseFlags, serviceMilliseconds: Int)
        case local(status: Int, body: String, flags: ResponseFlags)
    }

    static let connectFailureBody = "upstream connect error or disconnect/reset before headers"
    static let timeoutBody = "upstream request timeout"

    private let loop: any EventLoop
    private let cluster: ClusterRuntime
    private let retry: RetryPolicy
    private let timeoutMilliseconds: Int
    private let head: HTTPRequestHead
    private let body: ByteBuffer?
    private let pool: UpstreamPool
    private var completion: ((Outcome) -> Void)?
    private var tried: Set<Int> = []
    private var retriesLeft: Int
    private var retriesDone = 0
    /// Bumped whenever an attempt stops counting, so late callbacks of old attempts are ignored.
    private var attemptID = 0
    private var inFlight: Channel?
    private var routeTimeout: Scheduled<Void>?
    private var perTryTimeout: Scheduled<Void>?
    private var retriedStaleConnection = false
    /// The endpoint whose attempt is counted as active in the statistics.
    private var activeIndex: Int?

    init(loop: any EventLoop, cluster: ClusterRuntime, retry: RetryPolicy, timeoutMilliseconds: Int, head: HTTPRequestHead, body: ByteBuffer?, pool: UpstreamPool) {
        self.loop = loop
        self.cluster = cluster
        self.retry = retry
        self.timeoutMilliseconds = timeoutMilliseconds
        self.head = head
        self.body = body
        self.pool = pool
        retriesLeft = retry.numRetries
    }

    func start(_ completion: @escaping (Outcome) -> Void) {
        self.completion = completion
        if timeoutMilliseconds > 0 {
            routeTimeout = loop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(timeoutMilliseconds))) { [self] in
                guard self.completion != nil else { return }
                cluster.stats.requestTimeout.add()
                abandonAttempt(timedOut: true)
                finish(.local(status: 504, body: Self.timeoutBody, flags: .upstreamRequestTimeout))
            }
        }
        attempt()
    }

    /// The client went away: drop the upstream exchange (Envoy resets the upstream stream).
    func cancel() {
        completion = nil
        routeTimeout?.cancel()
        abandonAttempt(timedOut: false)
    }

    private func attempt() {
        attemptID &+= 1
        let id = attemptID
        guard let index = cluster.pickEndpoint(excluding: retry.avoidPreviousHosts ? tried : []) else {
            cluster.stats.noHealthyUpstream.add()
            return finish(.local(status: 503, body: "no healthy upstream", flags: .noHealthyUpstream))
        }
        tried.insert(index)
        let endpoint = cluster.endpoints[index]
        let host = cluster.hostStats[index]
        activeIndex = index
        cluster.stats.requestTotal.add()
        cluster.stats.requestActive.add()
        host.requestTotal.add()
        host.requestActive.add()
        if let idle = pool.takeIdle(endpoint, on: loop) { return send(on: idle, reused: true, index: index, id: id) }
        pool.connect(endpoint, on: loop, connectTimeout: cluster.connectTimeout, stats: cluster.stats, host: host)
            .assumeIsolated().whenComplete { [self] result in
                switch result {
                case .failure:
                    guard id == attemptID, completion != nil else { return }
                    attemptFailed(index, .connectFailure)
                case .success(let connection):
                    guard id == attemptID, completion != nil else {
                        return pool.release(connection, endpoint: endpoint, reusable: true)
                    }
                    send(on: connection, reused: false, index: index, id: id)
                }
            }
    }

    private func send(on connection: UpstreamConnection, reused: Bool, index: Int, id: Int) {
        let endpoint = cluster.endpoints[index]
        let channel = connection.channel
        inFlight = channel
        let sentAt = NIODeadline.now()
        if let perTry = retry.perTryTimeoutMilliseconds {
            perTryTimeout = loop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(perTry))) { [self] in
                guard id == attemptID, completion != nil else { return }
                cluster.stats.perTryTimeout.add()
                abandonAttempt(timedOut: true)
                attemptFailed(index, .perTryTimeout)
            }
        }
        connection.handler.send(head: head, body: body) { [self] result in
            guard id == attemptID, completion != nil else { return }
            perTryTimeout?.cancel()
            inFlight = nil
            switch result {
            case .success(let response):
                pool.release(connection, endpoint: endpoint, reusable: response.reusable)
                received(response, index: index, serviceMilliseconds: Int((NIODeadline.now() - sentAt).nanoseconds / 1_000_000))
            case .failure:
                channel.close(promise: nil)
                if reused && !retriedStaleConnection {
                    // A kept-alive connection the upstream closed as we wrote: not the
                    // upstream's failure, so try again on a fresh connection without a retry.
                    retriedStaleConnection = true
                    activeIndex = nil
                    cluster.stats.requestActive.subtract()
                    cluster.stats.requestTotal.subtract()
                    cluster.hostStats[index].requestActive.subtract()
                    cluster.hostStats[index].requestTotal.subtract()
                    tried.remove(index)
                    return attempt()
                }
                attemptFailed(index, .reset)
            }
        }
    }

    private func received(_ response: UpstreamResponse, index: Int, serviceMilliseconds: Int) {
        let status = Int(response.head.status.code)
        cluster.stats.response(status: status)
        endAttemptStats(index, error: status >= 500, timeout: false)
        let wantsRetry = retry.numRetries > 0 && retry.retries(status: status)
        if wantsRetry && retriesLeft > 0 { return scheduleRetry() }
        finish(.response(response, flags: wantsRetry ? .upstreamRetryLimitExceeded : [], serviceMilliseconds: serviceMilliseconds))
    }

    private func attemptFailed(_ index: Int, _ failure: UpstreamFailure) {
        endAttemptStats(index, error: true, timeout: failure == .perTryTimeout)
        let wantsRetry = retry.numRetries > 0 && retry.retries(failure: failure)
        if wantsRetry && retriesLeft > 0 { return scheduleRetry() }
        let exceeded: ResponseFlags = wantsRetry ? .upstreamRetryLimitExceeded : []
        switch failure {
        case .connectFailure:
            finish(.local(status: 503, body: Self.connectFailureBody, flags: exceeded.union(.upstreamConnectFailure)))
        case .reset:
            finish(.local(status: 503, body: Self.connectFailureBody, flags: exceeded.union(.upstreamConnectionTermination)))
        case .perTryTimeout:
            finish(.local(status: 504, body: Self.timeoutBody, flags: exceeded.union(.upstreamRequestTimeout)))
        }
    }

    private func scheduleRetry() {
        retriesLeft -= 1
        retriesDone += 1
        cluster.stats.requestRetry.add()
        attemptID &+= 1
        let wait = RetryPolicy.backoffMilliseconds(retry: retriesDone, random: UInt64.random(in: 0 ... .max))
        loop.assumeIsolated().scheduleTask(in: .milliseconds(Int64(wait))) { [self] in
            guard completion != nil else { return }
            attempt()
        }
    }

    /// Ends the statistics of the active attempt once, whichever way it ends first.
    private func endAttemptStats(_ index: Int, error: Bool, timeout: Bool) {
        guard activeIndex == index else { return }
        activeIndex = nil
        let host = cluster.hostStats[index]
        cluster.stats.requestActive.subtract()
        host.requestActive.subtract()
        if timeout { host.requestTimeout.add() }
        if error { host.requestError.add() } else { host.requestSuccess.add() }
    }

    /// Stops the attempt in flight: its connection cannot carry another request.
    private func abandonAttempt(timedOut: Bool) {
        attemptID &+= 1
        if let index = activeIndex { endAttemptStats(index, error: true, timeout: timedOut) }
        perTryTimeout?.cancel()
        if let channel = inFlight {
            inFlight = nil
            channel.close(promise: nil)
        }
    }

    private func finish(_ outcome: Outcome) {
        routeTimeout?.cancel()
        perTryTimeout?.cancel()
        guard let completion else { return }
        self.completion = nil
        completion(outcome)
    }
}
