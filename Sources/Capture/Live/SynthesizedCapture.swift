import NIOConcurrencyHelpers
import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A capture without root: a proxy reports what it forwards on each connection and this writes
/// it as the TCP/IP packets a capture on `lo` would have shown (`TCPStreamSynthesizer`, one per
/// connection), so tshark and replay follow the streams. Safe from any thread: every call takes
/// one lock, since `PcapWriter` is not thread-safe and packets must reach the file in time order.
///
/// Recording never fails the proxy: a write error stops the recording (reported by `close()`),
/// and an event a synthesizer refuses (data after its side's FIN) is counted and left out.
public final class SynthesizedCapture: @unchecked Sendable {
    public let path: String
    private let lock = NIOLock()
    private var writer: PcapWriter?
    private var synthesizers: [Int: TCPStreamSynthesizer] = [:]
    private var statistics = SynthesizedCaptureStatistics()
    private var lastTimestamp: Int64 = 0

    /// Creates (or truncates) `path`, a classic pcap with Ethernet framing.
    public init(path: String) throws(CaptureError) {
        self.path = path
        writer = try PcapWriter(path: path, precision: .nanoseconds)
    }

    /// A connection the proxy accepted: `client` is its peer, `server` the address and port the
    /// client dialled. Writes the handshake now.
    public func open(client: TCPEndpoint, server: TCPEndpoint) -> SynthesizedConnection {
        lock.withLock {
            let number = statistics.connections
            statistics.connections += 1
            // Initial sequence numbers from the connection's number, so a 4-tuple reused during a
            // long run does not look like a retransmission of the earlier connection.
            let spread = UInt32(truncatingIfNeeded: number &+ 1) &* 0x9E37_79B1
            do {
                var synthesizer = try TCPStreamSynthesizer(
                    client: client, server: server, clientInitialSequence: spread, serverInitialSequence: spread ^ 0x5BD1_E995)
                let packets = try synthesizer.open(atNanoseconds: now())
                synthesizers[number] = synthesizer
                write(packets)
            } catch {
                refused("\(error)")
            }
            return SynthesizedConnection(capture: self, number: number)
        }
    }

    /// Stops recording and closes the file; later events are ignored. Returns the counts.
    @discardableResult
    public func close() -> SynthesizedCaptureStatistics {
        lock.withLock {
            if let writer {
                do throws(CaptureError) { try writer.close() } catch { statistics.problem = statistics.problem ?? error }
            }
            writer = nil
            synthesizers = [:]
            return statistics
        }
    }

    /// One event of connection `number`, synthesized and written under the lock.
    fileprivate func record(
        _ number: Int, _ event: (inout TCPStreamSynthesizer, Int64) throws(TCPSynthesisError) -> [SynthesizedPacket]
    ) {
        lock.withLock {
            guard writer != nil, var synthesizer = synthesizers[number] else { return }
            do {
                let packets = try event(&synthesizer, now())
                write(packets)
            } catch {
                refused("\(error)")
            }
            synthesizers[number] = synthesizer.isFinished ? nil : synthesizer
        }
    }

    private func write(_ packets: [SynthesizedPacket]) {
        guard let writer else { return }
        do throws(CaptureError) {
            try writer.write(packets)
            statistics.packets += packets.count
        } catch {
            // The disk is full or gone: keep what is written, stop, say why at close.
            statistics.problem = error
            try? writer.close()
            self.writer = nil
        }
    }

    private func refused(_ reason: String) {
        statistics.eventsLeftOut += 1
        if statistics.firstLeftOut == nil { statistics.firstLeftOut = reason }
    }

    /// Wall-clock nanoseconds, never going back (the file must stay in time order).
    private func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        lastTimestamp = max(lastTimestamp, Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec))
        return lastTimestamp
    }
}

/// One proxied connection of a `SynthesizedCapture`; the proxy calls it as bytes and ends are
/// forwarded.
public struct SynthesizedConnection: Sendable {
    fileprivate let capture: SynthesizedCapture
    fileprivate let number: Int

    /// `bytes` forwarded from `side` to the other.
    public func forwarded(_ bytes: ByteBuffer, from side: TCPStreamSynthesizer.Side) {
        guard bytes.readableBytes > 0 else { return }
        capture.record(number) { (synthesizer, time) throws(TCPSynthesisError) in try synthesizer.send(bytes, from: side, atNanoseconds: time) }
    }

    /// `side` closed its end (FIN).
    public func closed(by side: TCPStreamSynthesizer.Side) {
        capture.record(number) { (synthesizer, time) throws(TCPSynthesisError) in try synthesizer.close(from: side, atNanoseconds: time) }
    }

    /// `side` reset the connection (RST); nothing follows.
    public func reset(by side: TCPStreamSynthesizer.Side) {
        capture.record(number) { (synthesizer, time) throws(TCPSynthesisError) in try synthesizer.reset(from: side, atNanoseconds: time) }
    }
}

/// What a `SynthesizedCapture` wrote.
public struct SynthesizedCaptureStatistics: Sendable, CustomStringConvertible {
    public var connections = 0
    public var packets = 0
    /// Events the synthesizer refused (e.g. data after that side's FIN), left out of the file.
    public var eventsLeftOut = 0
    public var firstLeftOut: String?
    /// Why writing stopped early, if it did; the file holds what came before.
    public var problem: CaptureError?

    public init() {}

    public var description: String {
        var text = "\(connections) connection\(connections == 1 ? "" : "s"), \(packets) packets synthesized"
        if eventsLeftOut > 0 { text += ", \(eventsLeftOut) events left out (first: \(firstLeftOut ?? "?"))" }
        if let problem { text += "; stopped early: \(problem)" }
        return text
    }
}
