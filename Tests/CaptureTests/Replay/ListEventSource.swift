import Capture
import NIOCore
import RESP

/// Conversation events from a list, optionally failing after them: a capture without a file.
struct ListEventSource: ConversationEventSource {
    var events: [ConversationEvent]
    var failure: CaptureError?
    private var index = 0

    init(_ events: [ConversationEvent], failure: CaptureError? = nil) {
        self.events = events
        self.failure = failure
    }

    mutating func next() throws(CaptureError) -> ConversationEvent? {
        guard index < events.count else {
            if let failure { throw failure }
            return nil
        }
        index += 1
        return events[index - 1]
    }
}

/// Writes a capture's events as a test describes it: connections, requests, replies, closes,
/// with timestamps and packet numbers counting up.
struct ConversationScript {
    private(set) var events: [ConversationEvent] = []
    private var clock: Int64 = 1_700_000_000_000_000
    private var packet = 0
    private var offsets: [TCPConnectionID: [TCPStreamDirection: Int64]] = [:]
    private var protocols: [TCPConnectionID: ApplicationProtocol] = [:]
    /// Microseconds between events.
    var step: Int64 = 10

    mutating func open(_ number: Int, serverPort: UInt16, protocol: ApplicationProtocol = .resp) {
        tick()
        let id = TCPConnectionID(number)
        protocols[id] = `protocol`
        events.append(
            .opened(
                ConversationOpened(
                    connection: id, client: TCPEndpoint(address: "10.0.0.1", port: UInt16(40000 + number)),
                    server: TCPEndpoint(address: "10.0.0.2", port: serverPort), timestamp: clock, packetNumber: packet)))
    }

    mutating func message(_ number: Int, _ direction: TCPStreamDirection, _ message: ApplicationMessage) {
        tick()
        let id = TCPConnectionID(number)
        let offset = offsets[id, default: [:]][direction, default: 0]
        offsets[id, default: [:]][direction] = offset + 10
        events.append(
            .message(
                ConversationMessage(
                    connection: id, direction: direction, protocol: protocols[id] ?? .resp, message: message, streamOffset: offset,
                    timestamp: clock, packetNumber: packet)))
    }

    mutating func request(_ number: Int, _ arguments: String...) {
        message(number, .clientToServer, .resp(.array(arguments.map { .bulk($0) })))
    }

    mutating func reply(_ number: Int, _ value: RESPValue) {
        message(number, .serverToClient, .resp(value))
    }

    mutating func close(_ number: Int) {
        tick()
        events.append(.closed(ConversationClosed(connection: TCPConnectionID(number), reason: .finished, timestamp: clock)))
    }

    mutating func problem(_ reason: String) {
        events.append(.problem(ConversationProblem(connection: nil, direction: nil, streamOffset: nil, packetNumber: nil, reason: reason)))
    }

    var source: ListEventSource { ListEventSource(events) }

    private mutating func tick() {
        clock += step
        packet += 1
    }
}
