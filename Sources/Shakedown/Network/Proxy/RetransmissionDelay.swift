/// Packet loss as a TCP stream sees it: never a gap in the bytes, but retransmissions. The
/// proxy relays a stream, not packets, so it models a loss probability p on a link this way:
/// each chunk is lost k times with probability p^k (1 - p), and each loss costs one
/// retransmission timeout, 200 ms doubling each time (Linux's minimum RTO and its backoff),
/// before the chunk (and everything behind it) gets through. Dropping bytes instead would hand
/// a node a corrupted stream, which no real network does. p = 1 is a cut: nothing arrives.
enum RetransmissionDelay {
    static let initialTimeout = Duration.milliseconds(200)
    /// Beyond this many losses in a row the chunk goes through anyway (12.6 s in all), as a
    /// real connection would be close to giving up.
    static let maximumLosses = 6

    /// The extra time one chunk takes on a link losing with `probability` (< 1).
    static func penalty(probability: Double, using random: inout some RandomNumberGenerator) -> Duration {
        var total = Duration.zero
        var timeout = initialTimeout
        var losses = 0
        while losses < maximumLosses, Double.random(in: 0..<1, using: &random) < probability {
            total += timeout
            timeout *= 2
            losses += 1
        }
        return total
    }
}
