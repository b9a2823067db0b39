import DequeModule

extension RedisValue {
    /// An independent copy (COPY, DEBUG RELOAD-free duplication): collections are reference
    /// types, so they are cloned.
    public func deepCopy() -> RedisValue {
        switch self {
        case .string: return self
        case .list(let l): return .list(ListObject(l.items))
        case .hash(let h):
            let copy = HashObject()
            copy.replaceStorage(h.storage)
            return .hash(copy)
        case .set(let s):
            let copy = SetObject()
            copy.replaceStorage(s.storage)
            return .set(copy)
        case .zset(let z):
            let copy = SortedSetObject()
            copy.ordered = z.ordered
            if z.index != nil { copy.convertToSkiplist() }
            return .zset(copy)
        }
    }
}

extension HashObject {
    func replaceStorage(_ storage: Storage) { self.storage = storage }
}

extension SetObject {
    func replaceStorage(_ storage: Storage) { self.storage = storage }
}
