import Capture
import NIOCore

/// Every event a conversation source gave, and the error that ended it.
struct ConversationLog {
    var events: [ConversationEvent] = []
    var error: CaptureError?
    /// Events delivered before the error was thrown.
    var eventsBeforeError = 0

    init(_ source: inout some ConversationEventSource) {
        do throws(CaptureError) {
            while let event = try source.next() { events.append(event) }
        } catch {
            self.error = error
            eventsBeforeError = events.count
        }
    }

    var messages: [ConversationMessage] {
        events.compactMap { if case .message(let message) = $0 { message } else { nil } }
    }
    var problems: [ConversationProblem] {
        events.compactMap { if case .problem(let problem) = $0 { problem } else { nil } }
    }
    var opened: [ConversationOpened] {
        events.compactMap { if case .opened(let opened) = $0 { opened } else { nil } }
    }
    var closed: [ConversationClosed] {
        events.compactMap { if case .closed(let closed) = $0 { closed } else { nil } }
    }

    func messages(_ connection: Int, _ direction: TCPStreamDirection) -> [ApplicationMessage] {
        messages.filter { $0.connection.number == connection && $0.direction == direction }.map(\.message)
    }
}
