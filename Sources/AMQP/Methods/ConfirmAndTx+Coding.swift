import NIOCore

extension ConfirmMethod {
    static func decode(methodID: UInt16, from r: inout WireReader) throws(WireError) -> ConfirmMethod? {
        switch methodID {
        case 10: .select(noWait: try r.readBits(1, "no-wait")[0])
        case 11: .selectOk
        default: nil
        }
    }

    func encodeArguments(into b: inout ByteBuffer) {
        if case .select(let noWait) = self { b.writeBits([noWait]) }
    }
}

extension TxMethod {
    static func decode(methodID: UInt16) -> TxMethod? {
        switch methodID {
        case 10: .select
        case 11: .selectOk
        case 20: .commit
        case 21: .commitOk
        case 30: .rollback
        case 31: .rollbackOk
        default: nil
        }
    }
}
