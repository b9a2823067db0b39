/// Class `channel` (20).
public enum ChannelMethod: Hashable, Sendable {
    case open(outOfBand: String = "")  // 10
    case openOk(channelID: [UInt8] = [])  // 11
    case flow(active: Bool)  // 20
    case flowOk(active: Bool)  // 21
    case close(CloseReason)  // 40
    case closeOk  // 41

    public static let classID: UInt16 = 20

    public var methodID: UInt16 {
        switch self {
        case .open: 10
        case .openOk: 11
        case .flow: 20
        case .flowOk: 21
        case .close: 40
        case .closeOk: 41
        }
    }
}
