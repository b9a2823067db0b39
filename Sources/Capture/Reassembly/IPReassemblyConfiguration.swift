/// Limits for `IPFragmentReassembler`: memory stays under about `maxBufferedBytes` plus
/// `maxDatagrams` small records however many fragments a capture holds.
public struct IPReassemblyConfiguration: Sendable {
    /// Incomplete datagrams kept at once; past it the oldest is dropped (and reported).
    public var maxDatagrams: Int
    /// Fragment bytes kept across all incomplete datagrams, each separately held run of them
    /// charged `IPFragmentReassembler.bytesChargedPerPiece` more; past it the oldest are dropped.
    public var maxBufferedBytes: Int
    /// Fragments accepted for one datagram; one more drops it (reported) and its later
    /// fragments are ignored. 65,535 bytes in 8-byte fragments is 8,192, and Linux sets no
    /// lower cap, but real paths rarely go under an MTU of 576 (IPv6's floor is 1,280): at most
    /// ~120 fragments. 1,024 leaves room for duplicates and odd tunnels while an attacker's
    /// datagram costs an eighth of the bookkeeping (each fragment is an O(pieces) insert).
    public var maxFragmentsPerDatagram: Int
    /// Microseconds of capture time a datagram may wait for its fragments after the first one
    /// arrived (Linux's ipfrag_time is 30 s); then it is dropped and reported.
    public var timeout: Int64

    public init(maxDatagrams: Int = 1024, maxBufferedBytes: Int = 16 << 20, timeout: Int64 = 30_000_000, maxFragmentsPerDatagram: Int = 1024) {
        self.maxDatagrams = max(1, maxDatagrams)
        self.maxBufferedBytes = max(0, maxBufferedBytes)
        self.timeout = max(0, timeout)
        self.maxFragmentsPerDatagram = max(1, maxFragmentsPerDatagram)
    }
}

/// Counts of IP reassembly, for a reader's report.
public struct IPReassemblyStatistics: Hashable, Sendable {
    /// Fragments received (of TCP, or of what may lead to TCP in IPv6).
    public var fragments = 0
    public var datagramsReassembled = 0
    /// Fragment bytes already received from an earlier fragment (duplicates, overlaps): dropped,
    /// the first-received copy wins.
    public var overlappingBytes = 0
    /// Datagrams dropped because they waited longer than `IPReassemblyConfiguration.timeout`.
    public var datagramsExpired = 0
    /// Datagrams dropped to stay under `maxDatagrams`, `maxBufferedBytes` or
    /// `maxFragmentsPerDatagram`.
    public var datagramsEvicted = 0
    /// Datagrams dropped for a malformed or inconsistent fragment (over 65,535 bytes, lengths
    /// that disagree, a fragment cut by the snap length).
    public var datagramsMalformed = 0
    /// Datagrams still incomplete when the input ended.
    public var datagramsIncompleteAtEnd = 0
    /// Fragments of an already dropped malformed datagram, ignored.
    public var fragmentsIgnored = 0

    public init() {}
}

/// A datagram the reassembler gave up on, pinned to its first fragment's packet.
public struct IPReassemblyProblem: Sendable {
    public var packetNumber: Int
    /// Byte offset of that packet's record in the file, when known.
    public var fileOffset: Int64?
    public var reason: String
}
