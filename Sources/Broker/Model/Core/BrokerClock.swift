#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Wall-clock time in milliseconds since the Unix epoch: message expiry, queue expiry and the
/// `time` of `x-death` entries all read it. Injected so that tests move time by hand.
public protocol BrokerClock: AnyObject {
    var nowMilliseconds: Int64 { get }
}

/// The real clock (CLOCK_REALTIME), what RabbitMQ's `os:system_time` reads.
public final class SystemClock: BrokerClock {
    public init() {}
    public var nowMilliseconds: Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }
}

/// A clock that only moves when told: deterministic TTL and expiry in tests and replays.
public final class ManualClock: BrokerClock {
    public var nowMilliseconds: Int64
    public init(milliseconds: Int64 = 1_700_000_000_000) { nowMilliseconds = milliseconds }
    public func advance(by milliseconds: Int64) { nowMilliseconds += milliseconds }
}
