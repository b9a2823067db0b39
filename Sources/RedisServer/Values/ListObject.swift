import DequeModule

/// A list. Redis 7.0 reports every list as `quicklist`; the RDB writer splits it into
/// listpack nodes as Redis would.
public final class ListObject {
    public var items: Deque<Bytes>

    public init(_ items: Deque<Bytes> = []) {
        self.items = items
    }

    public var count: Int { items.count }

    /// Redis's index rules: negative counts from the tail.
    public func resolve(_ index: Int) -> Int? {
        let i = index < 0 ? items.count + index : index
        return (i >= 0 && i < items.count) ? i : nil
    }
}
