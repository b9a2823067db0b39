/// Class `tx` (90): none of its methods take arguments.
public enum TxMethod: Hashable, Sendable {
    case select  // 10
    case selectOk  // 11
    case commit  // 20
    case commitOk  // 21
    case rollback  // 30
    case rollbackOk  // 31

    public static let classID: UInt16 = 90

    public var methodID: UInt16 {
        switch self {
        case .select: 10
        case .selectOk: 11
        case .commit: 20
        case .commitOk: 21
        case .rollback: 30
        case .rollbackOk: 31
        }
    }
}
