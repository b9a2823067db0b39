/// The frame after a content-bearing method: the class of that method, the total body size
/// and the message properties. `weight` must be 0; it is kept so that a broker can refuse
/// other values as RabbitMQ does.
public struct ContentHeader: Hashable, Sendable {
    public var classID: UInt16
    public var weight: UInt16
    public var bodySize: UInt64
    /// Decoded for class 60 (basic); other classes have no properties RabbitMQ knows, so
    /// theirs stay empty.
    public var properties: BasicProperties

    public init(classID: UInt16 = BasicMethod.classID, weight: UInt16 = 0, bodySize: UInt64, properties: BasicProperties = .init()) {
        self.classID = classID
        self.weight = weight
        self.bodySize = bodySize
        self.properties = properties
    }
}
