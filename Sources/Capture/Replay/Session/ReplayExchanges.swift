import NIOCore

/// A connection's pipelined exchanges in order: each request with its captured reply and the
/// target's, matched first-in first-out on both sides (replies to one connection come back in
/// request order), kept only until both are known and compared.
struct ReplayExchanges<Request, Reply> {
    struct Exchange {
        var request: Request
        var packetNumber: Int
        /// false when an ignore rule covers the reply.
        var comparable: Bool
        var captured: Reply?
        var actual: Reply?
        var answered = false
        var done = false
    }

    /// Whether captured replies are kept (`ReplayOptions.compare`); if not, an exchange is done
    /// once answered.
    let keepsCaptured: Bool
    private var exchanges = CircularBuffer<Exchange>(initialCapacity: 256)
    /// 0-based number within the connection of the oldest exchange kept.
    private(set) var firstIndex = 0
    private(set) var nextIndex = 0
    private var capturedCount = 0

    init(keepsCaptured: Bool) {
        self.keepsCaptured = keepsCaptured
    }

    /// Adds the next request; returns its index.
    @discardableResult
    mutating func append(_ request: Request, packetNumber: Int, comparable: Bool = true, answered: Bool = false) -> Int {
        exchanges.append(Exchange(request: request, packetNumber: packetNumber, comparable: comparable, answered: answered))
        nextIndex += 1
        if answered && !keepsCaptured { exchanges[offset: exchanges.count - 1].done = true }
        return nextIndex - 1
    }

    /// The next captured reply; false when no captured request is waiting for one.
    mutating func captured(_ reply: Reply) -> Bool {
        let index = capturedCount
        capturedCount += 1
        guard keepsCaptured else { return true }
        guard index >= firstIndex, index < nextIndex else { return false }
        exchanges[offset: index - firstIndex].captured = reply
        return true
    }

    /// The index the next captured reply answers, before `captured(_:)` takes it.
    var nextCapturedIndex: Int { capturedCount }

    /// The kept exchange at `index`, nil once dropped.
    func exchange(_ index: Int) -> Exchange? {
        let position = index - firstIndex
        return position >= 0 && position < exchanges.count ? exchanges[offset: position] : nil
    }

    mutating func answer(_ index: Int, with reply: Reply) {
        let position = index - firstIndex
        guard position >= 0, position < exchanges.count else { return }
        exchanges[offset: position].actual = reply
        exchanges[offset: position].answered = true
        if !keepsCaptured { exchanges[offset: position].done = true }
    }

    /// The exchange at `index` when both replies are known and it was not compared yet; it is
    /// then done (its replies let go).
    mutating func takeComparable(_ index: Int) -> Exchange? {
        let position = index - firstIndex
        guard position >= 0, position < exchanges.count else { return nil }
        let exchange = exchanges[offset: position]
        guard exchange.answered, !exchange.done, exchange.captured != nil else { return nil }
        exchanges[offset: position].done = true
        exchanges[offset: position].captured = nil
        exchanges[offset: position].actual = nil
        return exchange
    }

    /// Lets go of the done exchanges at the front.
    mutating func dropDone() {
        while let first = exchanges.first, first.done {
            exchanges.removeFirst()
            firstIndex += 1
        }
    }
}
