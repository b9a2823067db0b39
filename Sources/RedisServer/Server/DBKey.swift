/// A key together with its database number.
struct DBKey: Hashable {
    var db: Int
    var key: Bytes
}
