/// Byte access with typed throws. The standard library's `withUnsafeBytes` is `rethrows`,
/// which erases a typed error to `any Error`; these carry it through a `Result` instead.
extension Array where Element == UInt8 {
    func withBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try withUnsafeBytes { raw in Result { () throws(E) -> R in try body(raw) } }.get()
    }

    mutating func withMutableBytes<R, E: Error>(_ body: (UnsafeMutableRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try withUnsafeMutableBytes { raw in Result { () throws(E) -> R in try body(raw) } }.get()
    }
}

extension Bytes {
    func withBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try withUnsafeBytes { raw in Result { () throws(E) -> R in try body(raw) } }.get()
    }
}
