/// One element of a listpack or ziplist: a 64-bit integer or a byte string (pointing into
/// the structure being read).
enum PackedElement {
    case int(Int64)
    case string(UnsafeRawBufferPointer)

    /// The element as Redis hands it to commands: integers as their decimal text.
    var bytes: Bytes {
        switch self {
        case .int(let v): return Bytes(v)
        case .string(let raw): return Bytes(raw)
        }
    }
}

/// A problem inside an encoded structure (listpack, ziplist, intset, zipmap), at a byte
/// position relative to the structure's start. The value decoder turns it into an
/// `RDBError` with a file offset.
struct StructureError: Error {
    var position: Int
    var reason: String

    init(_ position: Int, _ reason: String) {
        self.position = position
        self.reason = reason
    }
}
