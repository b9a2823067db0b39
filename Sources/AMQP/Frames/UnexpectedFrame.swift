/// A frame out of the order a channel expects: RabbitMQ's `unexpected_frame`, 505, a
/// connection error. `text` is RabbitMQ's explanation (rabbit_command_assembler), without the
/// `UNEXPECTED_FRAME - ` prefix; `classID`/`methodID` name the method whose content was
/// awaited (0/0 when none), as connection.close reports them.
public struct UnexpectedFrame: Error, Hashable, Sendable {
    public var channel: UInt16
    public var text: String
    public var classID: UInt16
    public var methodID: UInt16

    public init(channel: UInt16, text: String, classID: UInt16 = 0, methodID: UInt16 = 0) {
        self.channel = channel
        self.text = text
        self.classID = classID
        self.methodID = methodID
    }
}
