import NIOCore
import RESP

/// A replayed connection's pushes (pub/sub messages), set beside each other in order: the i-th
/// captured push with the i-th the target sent. Pushes answer no request, so they are compared
/// in a lane of their own instead of being matched with replies. Only the side that is ahead
/// holds values.
struct RESPPushLane {
    struct Captured {
        var value: RESPValue
        var packetNumber: Int
        /// Requests captured before it on its connection (where a reader finds it).
        var requestsBefore: Int
    }

    /// The i-th push of both sides; one of them is nil for a push the other never sent.
    struct Pair {
        /// 1-based.
        var number: Int
        var captured: Captured?
        var actual: RESPValue?
    }

    /// Unpaired pushes one side may hold: a busy channel the other side never hears would
    /// otherwise fill memory until the connection ends.
    static let maxHeld = 10_000

    private var captured = CircularBuffer<Captured>()
    private var actual = CircularBuffer<RESPValue>()
    private var paired = 0
    /// Pushes dropped unpaired because a side held `maxHeld`; not compared.
    private(set) var dropped = 0

    /// Captured pushes the target has not sent (yet).
    var missing: Int { captured.count }

    mutating func addCaptured(_ push: Captured) -> Pair? {
        guard let target = actual.popFirst() else {
            if captured.count >= Self.maxHeld {
                dropped += 1
            } else {
                captured.append(push)
            }
            return nil
        }
        paired += 1
        return Pair(number: paired, captured: push, actual: target)
    }

    mutating func addActual(_ push: RESPValue) -> Pair? {
        guard let expected = captured.popFirst() else {
            if actual.count >= Self.maxHeld {
                dropped += 1
            } else {
                actual.append(push)
            }
            return nil
        }
        paired += 1
        return Pair(number: paired, captured: expected, actual: push)
    }

    /// What is left unpaired at the end of the connection, in order; the lane is empty after.
    mutating func takeLeftovers() -> [Pair] {
        var pairs: [Pair] = []
        while let push = captured.popFirst() {
            paired += 1
            pairs.append(Pair(number: paired, captured: push, actual: nil))
        }
        while let push = actual.popFirst() {
            paired += 1
            pairs.append(Pair(number: paired, captured: nil, actual: push))
        }
        return pairs
    }
}
