/// A value in the keyspace. Collections are reference types mutated in place: background
/// saves run in a forked child (as in Redis), so no copy-on-write discipline is needed here.
public enum RedisValue {
    case string(Bytes)
    case list(ListObject)
    case hash(HashObject)
    case set(SetObject)
    case zset(SortedSetObject)

    /// The name TYPE prints.
    public var typeName: String {
        switch self {
        case .string: return "string"
        case .list: return "list"
        case .hash: return "hash"
        case .set: return "set"
        case .zset: return "zset"
        }
    }
}

/// The thresholds that decide compact encodings (`hash-max-listpack-entries` and friends).
public struct EncodingLimits: Sendable, Equatable {
    public var hashMaxListpackEntries = 512
    public var hashMaxListpackValue = 64
    public var zsetMaxListpackEntries = 128
    public var zsetMaxListpackValue = 64
    public var setMaxIntsetEntries = 512
    /// `list-max-listpack-size`: positive = entries per quicklist node, negative = size class
    /// (-1 4 KB ... -5 64 KB). Only the RDB writer's node split depends on it.
    public var listMaxListpackSize = -2
    public var listCompressDepth = 0

    public init() {}
}
