/// Which end of a newly seen connection is the client, and why.
struct TCPDirectionDecision {
    var client: TCPEndpoint
    var server: TCPEndpoint
    var evidence: TCPDirectionEvidence

    /// The handshake decides when captured; otherwise a known server port; otherwise the lower
    /// port (servers listen on low ports, clients get ephemeral high ones).
    init(for segment: TCPSegment, serverPorts: Set<UInt16>) {
        let source = segment.source
        let destination = segment.destination
        if segment.flags.contains(.syn) {
            let isSynAck = segment.flags.contains(.ack)
            self.init(
                client: isSynAck ? destination : source, server: isSynAck ? source : destination,
                evidence: isSynAck ? .synAck : .syn)
            return
        }
        switch (serverPorts.contains(source.port), serverPorts.contains(destination.port)) {
        case (false, true):
            self.init(client: source, server: destination, evidence: .knownServerPort(destination.port))
        case (true, false):
            self.init(client: destination, server: source, evidence: .knownServerPort(source.port))
        default:
            if source.port == destination.port {
                self.init(client: source, server: destination, evidence: .firstSegmentDestination)
            } else if source.port < destination.port {
                self.init(client: destination, server: source, evidence: .lowerPort)
            } else {
                self.init(client: source, server: destination, evidence: .lowerPort)
            }
        }
    }

    private init(client: TCPEndpoint, server: TCPEndpoint, evidence: TCPDirectionEvidence) {
        self.client = client
        self.server = server
        self.evidence = evidence
    }
}
