/// Puts fragmented IPv4 and IPv6 datagrams back together, fed packet by packet in capture
/// order (through `PacketDecoder.decode(_:fileOffset:reassembling:report:)`). Fragments may
/// come in any order, duplicated or overlapping (the first-received bytes win). Memory is
/// bounded by `IPReassemblyConfiguration`: a datagram that waits too long, or is the oldest
/// when a limit is reached, is dropped and reported; so is one whose fragments are malformed.
///
/// Not thread-safe: one reassembler per reading task.
public final class IPFragmentReassembler {
    /// What one fragment leads to.
    enum Outcome {
        case held
        case complete(IPDatagram)
        /// This fragment is malformed, and its datagram dropped.
        case malformed(String)
    }

    public let configuration: IPReassemblyConfiguration
    public private(set) var statistics = IPReassemblyStatistics()
    /// Memory charged against `configuration.maxBufferedBytes`: the fragment bytes held in
    /// incomplete datagrams, plus `bytesChargedPerPiece` for each separately held run of them.
    public private(set) var bufferedBytes = 0

    /// Charged per separately held run of fragment bytes, beyond the bytes: its record, its
    /// buffer's storage object and the smallest allocation for its bytes come to about this.
    /// Without it, 16 MiB of 8-byte fragments would be two million pieces and hundreds of MB.
    public static let bytesChargedPerPiece = 128

    private var queues: [IPFragmentKey: IPFragmentQueue] = [:]
    private var nextSerial = 0
    /// Latest capture time seen: captures are not always perfectly time-ordered.
    private var now: Int64 = .min
    /// No queue expires before this capture time.
    private var nextDeadline: Int64 = .max

    /// The most an IP datagram can be: its length fields have 16 bits.
    static let maxDatagramLength = 65_535

    public init(configuration: IPReassemblyConfiguration = .init()) {
        self.configuration = configuration
    }

    /// Datagrams waiting for fragments (and dropped malformed ones still absorbing theirs).
    public var pendingDatagramCount: Int { queues.count }

    /// Drops, and reports, datagrams whose first fragment came more than the timeout before
    /// `timestamp` (capture time).
    public func expire(now timestamp: Int64, report: (IPReassemblyProblem) -> Void) {
        now = max(now, timestamp)
        guard now > nextDeadline else { return }
        nextDeadline = .max
        for queue in queuesInOrder() {
            let deadline = Self.saturating(queue.first.timestamp, plus: configuration.timeout)
            guard now > deadline else {
                nextDeadline = min(nextDeadline, deadline)
                continue
            }
            remove(queue)
            guard !queue.failed else { continue }
            statistics.datagramsExpired += 1
            report(problem(queue, "not completed within \(configuration.timeout / 1_000_000) s of capture time: dropped"))
        }
    }

    /// End of input: every incomplete datagram is dropped and reported.
    public func finish(report: (IPReassemblyProblem) -> Void) {
        for queue in queuesInOrder() where !queue.failed {
            statistics.datagramsIncompleteAtEnd += 1
            report(problem(queue, "not completed by the end of the capture: dropped"))
        }
        queues.removeAll()
        bufferedBytes = 0
        nextDeadline = .max
    }

    func add(_ fragment: IPFragment, origin: IPFragmentOrigin, snapCut: Bool, report: (IPReassemblyProblem) -> Void) -> Outcome {
        statistics.fragments += 1
        now = max(now, origin.timestamp)
        let queue = pendingQueue(for: fragment.key, origin: origin, report: report)
        guard !queue.failed else {
            statistics.fragmentsIgnored += 1
            return .held
        }
        if let reason = malformation(of: fragment, in: queue, snapCut: snapCut) {
            bufferedBytes -= queue.fail()
            statistics.datagramsMalformed += 1
            return .malformed("\(fragment.key): \(reason); the datagram is dropped")
        }
        if queue.fragmentCount >= configuration.maxFragmentsPerDatagram {
            // Dropped but kept as failed, so the rest of a flood is ignored, not a new datagram.
            report(problem(queue, "dropped, more than \(configuration.maxFragmentsPerDatagram) fragments"))
            bufferedBytes -= queue.fail()
            statistics.datagramsEvicted += 1
            statistics.fragmentsIgnored += 1
            return .held
        }
        let charged = queue.chargedBytes
        let (_, overlapping) = queue.insert(fragment, origin: origin)
        bufferedBytes += queue.chargedBytes - charged
        statistics.overlappingBytes += overlapping
        if queue.isComplete, let nextHeader = queue.nextHeader {
            remove(queue)
            statistics.datagramsReassembled += 1
            return .complete(
                IPDatagram(
                    key: fragment.key, nextHeader: nextHeader, payload: queue.assemble(), packetNumber: origin.packetNumber,
                    timestamp: origin.timestamp))
        }
        while bufferedBytes > configuration.maxBufferedBytes, let victim = oldest(holdingBytes: true) {
            evict(victim, because: "more than \(configuration.maxBufferedBytes) bytes of fragments pending", report: report)
        }
        return .held
    }

    /// Why `fragment` spoils its datagram, or nil.
    private func malformation(of fragment: IPFragment, in queue: IPFragmentQueue, snapCut: Bool) -> String? {
        if fragment.missingBytes > 0 {
            return snapCut
                ? "the snap length cut \(fragment.summary) (\(fragment.missingBytes) bytes missing)"
                : "IP length says \(fragment.missingBytes) bytes more than \(fragment.summary) holds"
        }
        let length = fragment.countedHeaderBytes + fragment.end
        if length > Self.maxDatagramLength {
            return "\(fragment.summary) makes the datagram \(length) bytes, over the \(Self.maxDatagramLength) an IP datagram can hold"
        }
        if fragment.moreFragments, fragment.bytes.readableBytes % 8 != 0 {
            return "\(fragment.summary) carries \(fragment.bytes.readableBytes) bytes; one with more to follow must carry a multiple of 8"
        }
        return queue.inconsistency(of: fragment)
    }

    /// The queue of `key`, made (after making room) when this is its first fragment.
    private func pendingQueue(for key: IPFragmentKey, origin: IPFragmentOrigin, report: (IPReassemblyProblem) -> Void) -> IPFragmentQueue {
        if let queue = queues[key] { return queue }
        while queues.count >= configuration.maxDatagrams, let victim = oldest(holdingBytes: false) {
            evict(victim, because: "more than \(configuration.maxDatagrams) datagrams pending", report: report)
        }
        let queue = IPFragmentQueue(serial: nextSerial, key: key, origin: origin)
        nextSerial += 1
        queues[key] = queue
        nextDeadline = min(nextDeadline, Self.saturating(origin.timestamp, plus: configuration.timeout))
        return queue
    }

    /// The oldest queue: dropped malformed ones first (they hold nothing) unless one holding
    /// bytes is needed. A linear scan, as limits are rarely reached.
    private func oldest(holdingBytes: Bool) -> IPFragmentQueue? {
        var best: IPFragmentQueue?
        for queue in queues.values where !holdingBytes || queue.receivedBytes > 0 {
            guard let current = best else {
                best = queue
                continue
            }
            let older = queue.failed != current.failed ? queue.failed : queue.serial < current.serial
            if older { best = queue }
        }
        return best
    }

    private func evict(_ queue: IPFragmentQueue, because reason: String, report: (IPReassemblyProblem) -> Void) {
        remove(queue)
        guard !queue.failed else { return }
        statistics.datagramsEvicted += 1
        report(problem(queue, "dropped, \(reason)"))
    }

    private func remove(_ queue: IPFragmentQueue) {
        queues[queue.key] = nil
        bufferedBytes -= queue.chargedBytes
    }

    private func problem(_ queue: IPFragmentQueue, _ what: String) -> IPReassemblyProblem {
        IPReassemblyProblem(
            packetNumber: queue.first.packetNumber, fileOffset: queue.first.fileOffset, reason: "\(queue.key): \(queue.progress) \(what)")
    }

    /// Queues in creation order, so reports come out deterministically.
    private func queuesInOrder() -> [IPFragmentQueue] {
        queues.values.sorted { $0.serial < $1.serial }
    }

    /// Capture timestamps come from the file, so arithmetic on them must not trap.
    private static func saturating(_ value: Int64, plus other: Int64) -> Int64 {
        let (sum, overflow) = value.addingReportingOverflow(other)
        return overflow ? .max : sum
    }
}
