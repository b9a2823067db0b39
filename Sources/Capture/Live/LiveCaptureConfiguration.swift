/// What a `LiveCapture` listens to and how.
public struct LiveCaptureConfiguration: Sendable, Hashable {
    /// A network interface (`lo`, `br0`), or `any` for all of them (Linux cooked headers).
    public var interface: String
    /// A BPF filter in tcpdump's language (`CapturePorts.bpfFilter`); nil keeps everything.
    public var filter: String?
    /// Bytes kept of each packet; tcpdump's default keeps every packet whole.
    public var snapLength: Int
    /// The kernel's ring for packets not yet read. A bigger one drops less in bursts.
    public var bufferSize: Int
    /// Needed on a bridge to see frames forwarded between its ports, not only those for it.
    public var promiscuous: Bool

    public init(
        interface: String = "lo", filter: String? = nil, snapLength: Int = 262_144, bufferSize: Int = 32 * 1024 * 1024,
        promiscuous: Bool = false
    ) {
        self.interface = interface
        self.filter = filter
        self.snapLength = snapLength
        self.bufferSize = bufferSize
        self.promiscuous = promiscuous
    }
}

/// Counts at the end of a live capture; libpcap's (`pcap_stats`) beside ours.
public struct LiveCaptureStatistics: Sendable, Equatable, CustomStringConvertible {
    /// Packets written to the file.
    public var packetsCaptured: Int
    /// Packets the filter passed, as the kernel counts them (Linux: including those dropped;
    /// on `lo` each packet twice, once leaving and once arriving, of which libpcap keeps one).
    public var packetsReceived: Int
    /// Packets lost because the kernel's buffer was full: raise the buffer size, or capture less.
    public var droppedByKernel: Int
    /// Packets the interface or its driver dropped (not all report it).
    public var droppedByInterface: Int
    /// Why writing or reading stopped early, if it did; the file holds what came before.
    public var problem: CaptureError?

    public init(packetsCaptured: Int = 0, packetsReceived: Int = 0, droppedByKernel: Int = 0, droppedByInterface: Int = 0, problem: CaptureError? = nil) {
        self.packetsCaptured = packetsCaptured
        self.packetsReceived = packetsReceived
        self.droppedByKernel = droppedByKernel
        self.droppedByInterface = droppedByInterface
        self.problem = problem
    }

    /// `1234 packets captured, 1234 received by filter, 0 dropped by kernel, 0 dropped by interface`
    public var description: String {
        var text = "\(packetsCaptured) packets captured, \(packetsReceived) received by filter, \(droppedByKernel) dropped by kernel, "
            + "\(droppedByInterface) dropped by interface"
        if let problem { text += "; stopped early: \(problem)" }
        return text
    }
}
