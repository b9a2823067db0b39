/// Class `confirm` (85): publisher confirms, RabbitMQ's extension.
public enum ConfirmMethod: Hashable, Sendable {
    case select(noWait: Bool = false)  // 10
    case selectOk  // 11

    public static let classID: UInt16 = 85

    public var methodID: UInt16 {
        switch self {
        case .select: 10
        case .selectOk: 11
        }
    }
}
