import CPcap
import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Captures packets from a network interface with libpcap, as tcpdump does, and writes them to
/// a pcap file as they come (flushed after every batch, so a reader — or a capture killed
/// midway — finds whole records). Reading runs on a thread of its own between `start()` and
/// `stop()`; nothing else touches libpcap's handle meanwhile.
///
/// Needs root or CAP_NET_RAW: `start()` says so, with the command that grants it.
public final class LiveCapture: Sendable {
    public let path: String
    public let configuration: LiveCaptureConfiguration
    private let state = NIOLockedValueBox(State.idle)

    private enum State {
        case idle
        case starting
        case running(LiveCaptureSession, PosixThread)
        case stopped(LiveCaptureStatistics)
    }

    /// `path` is created (or truncated) by `start()`.
    public init(path: String, configuration: LiveCaptureConfiguration = LiveCaptureConfiguration()) {
        self.path = path
        self.configuration = configuration
    }

    /// Opens the interface, compiles the filter, creates the file and starts reading; returns
    /// once packets are being captured. Only once per value.
    public func start() throws(CaptureError) {
        let fresh = state.withLockedValue { state in
            guard case .idle = state else { return false }
            state = .starting
            return true
        }
        guard fresh else { throw CaptureError(file: path, reason: "this live capture was already started") }
        let session: LiveCaptureSession
        do {
            session = try LiveCaptureSession.open(path: path, configuration: configuration)
        } catch {
            state.withLockedValue { $0 = .idle }
            throw error
        }
        guard let thread = PosixThread.start({ session.run() }) else {
            session.close()
            state.withLockedValue { $0 = .idle }
            throw CaptureError(file: path, reason: "cannot start the capture thread: \(String(cString: strerror(errno)))")
        }
        state.withLockedValue { $0 = .running(session, thread) }
    }

    /// Stops reading once what the kernel holds is written, closes the file and returns the
    /// counts. Later calls return the same counts; before `start()` has returned, zeros.
    @discardableResult
    public func stop() -> LiveCaptureStatistics {
        let running: (LiveCaptureSession, PosixThread)? = state.withLockedValue { state in
            switch state {
            case .idle, .starting, .stopped: return nil
            case .running(let session, let thread):
                state = .stopped(LiveCaptureStatistics())  // a concurrent stop() waits for nothing
                return (session, thread)
            }
        }
        guard let (session, thread) = running else {
            return state.withLockedValue { if case .stopped(let statistics) = $0 { statistics } else { LiveCaptureStatistics() } }
        }
        session.wake()
        thread.join()
        let statistics = session.finish()
        state.withLockedValue { $0 = .stopped(statistics) }
        return statistics
    }

    /// Whether `start()` failed for want of root or CAP_NET_RAW (the error says how to get them).
    public static func isPermissionFailure(_ error: CaptureError) -> Bool {
        error.reason.contains(LiveCaptureErrors.permissionPhrase)
    }

    deinit { stop() }
}

/// The open handle, dump file and wake-up pipe of one running capture. After `open` only the
/// capture thread uses the handle, until `finish` (after the thread is joined).
final class LiveCaptureSession: @unchecked Sendable {
    private let path: String
    private let interface: String
    private var handle: OpaquePointer?
    private var dumper: OpaquePointer?
    private let wakeRead: CInt
    private let wakeWrite: CInt
    private var captured = 0
    private var problem: CaptureError?

    private init(path: String, interface: String, handle: OpaquePointer, dumper: OpaquePointer, wake: (CInt, CInt)) {
        self.path = path
        self.interface = interface
        self.handle = handle
        self.dumper = dumper
        (wakeRead, wakeWrite) = wake
    }

    static func open(path: String, configuration: LiveCaptureConfiguration) throws(CaptureError) -> LiveCaptureSession {
        let interface = configuration.interface
        var message = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE) + 1)
        guard let handle = pcap_create(interface, &message) else {
            throw CaptureError(file: path, reason: "cannot capture on \(interface) (libpcap: \(LibpcapMessage.text(message)))")
        }
        var keep = false
        defer { if !keep { pcap_close(handle) } }
        pcap_set_snaplen(handle, Int32(clamping: configuration.snapLength))
        pcap_set_promisc(handle, configuration.promiscuous ? 1 : 0)
        // Every packet handed over at once, not when a kernel block fills: a short exchange
        // must reach the file before stop().
        pcap_set_immediate_mode(handle, 1)
        pcap_set_buffer_size(handle, Int32(clamping: configuration.bufferSize))
        pcap_set_tstamp_precision(handle, Int32(PCAP_TSTAMP_PRECISION_NANO))
        let status = pcap_activate(handle)
        if status < 0 {
            throw CaptureError(file: path, reason: LiveCaptureErrors.activation(status, interface: interface, libpcap: LibpcapMessage.text(pcap_geterr(handle))))
        }
        if let filter = configuration.filter {
            var program = bpf_program()
            guard pcap_compile(handle, &program, filter, 1, PCAP_NETMASK_UNKNOWN) == 0 else {
                throw CaptureError(file: path, reason: "bad capture filter \"\(filter)\" (libpcap: \(LibpcapMessage.text(pcap_geterr(handle))))")
            }
            defer { pcap_freecode(&program) }
            guard pcap_setfilter(handle, &program) == 0 else {
                throw CaptureError(file: path, reason: "cannot install the capture filter (libpcap: \(LibpcapMessage.text(pcap_geterr(handle))))")
            }
        }
        guard pcap_setnonblock(handle, 1, &message) == 0 else {
            throw CaptureError(file: path, reason: "cannot read \(interface) without blocking (libpcap: \(LibpcapMessage.text(message)))")
        }
        guard let dumper = pcap_dump_open(handle, path) else {
            throw CaptureError(file: path, reason: "cannot create the capture file (libpcap: \(LibpcapMessage.text(pcap_geterr(handle))))")
        }
        var pipeEnds: [CInt] = [0, 0]
        guard pipe(&pipeEnds) == 0 else {
            pcap_dump_close(dumper)
            throw CaptureError(file: path, reason: "cannot make the capture's wake-up pipe: \(String(cString: strerror(errno)))")
        }
        keep = true
        return LiveCaptureSession(path: path, interface: interface, handle: handle, dumper: dumper, wake: (pipeEnds[0], pipeEnds[1]))
    }

    /// The capture thread: waits for packets or the wake-up, writes what is there, and after
    /// the wake-up writes what is left once more and returns.
    func run() {
        guard let handle else { return }
        let packets = pcap_get_selectable_fd(handle)
        var descriptors = [pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0), pollfd(fd: packets, events: Int16(POLLIN), revents: 0)]
        while true {
            // No selectable descriptor (not on Linux): look every 50 ms instead.
            let ready = poll(&descriptors, packets >= 0 ? 2 : 1, packets >= 0 ? -1 : 50)
            if ready < 0 && errno != EINTR {
                problem = CaptureError(file: path, reason: "waiting for packets on \(interface) failed: \(String(cString: strerror(errno)))")
                return
            }
            let stopping = descriptors[0].revents != 0
            guard writeAvailable(), !stopping else { return }
        }
    }

    /// Writes every packet waiting in the kernel's buffer, then flushes; false after an error.
    private func writeAvailable() -> Bool {
        guard let handle, let dumper else { return false }
        while true {
            let count = pcap_dispatch(handle, -1, { user, header, bytes in pcap_dump(user, header, bytes) }, UnsafeMutableRawPointer(dumper).assumingMemoryBound(to: UInt8.self))
            if count < 0 {
                problem = CaptureError(file: path, reason: "reading packets from \(interface) failed (libpcap: \(LibpcapMessage.text(pcap_geterr(handle))))")
                return false
            }
            if count == 0 { break }
            captured += Int(count)
        }
        if pcap_dump_flush(dumper) != 0 {
            problem = CaptureError(file: path, reason: "cannot write the capture file: \(String(cString: strerror(errno)))")
            return false
        }
        return true
    }

    /// Asks the capture thread to finish.
    func wake() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    /// After the thread has returned: the counts, then everything closed.
    func finish() -> LiveCaptureStatistics {
        var statistics = LiveCaptureStatistics(packetsCaptured: captured, problem: problem)
        if let handle {
            var counts = pcap_stat()
            if pcap_stats(handle, &counts) == 0 {
                statistics.packetsReceived = Int(counts.ps_recv)
                statistics.droppedByKernel = Int(counts.ps_drop)
                statistics.droppedByInterface = Int(counts.ps_ifdrop)
            }
        }
        close()
        return statistics
    }

    /// Closes the file, the handle and the pipe; idempotent.
    func close() {
        if let dumper { pcap_dump_close(dumper) }
        if let handle { pcap_close(handle) }
        if dumper != nil || handle != nil {
            closeDescriptor(wakeRead)
            closeDescriptor(wakeWrite)
        }
        dumper = nil
        handle = nil
    }
}

/// libc's close, which the session's own `close()` hides.
private func closeDescriptor(_ descriptor: CInt) {
    _ = close(descriptor)
}
