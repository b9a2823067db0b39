/// A set: `intset` (sorted 64-bit integers, while every member is one and the set is
/// small) or `hashtable`.
public final class SetObject {
    public enum Storage {
        case intset([Int64])
        case table(HashTable<Bytes, Void>)
    }

    public internal(set) var storage: Storage

    public init() { storage = .intset([]) }

    public init(table: HashTable<Bytes, Void>) { storage = .table(table) }

    /// A new set with the right encoding for `members`.
    public convenience init<S: Sequence>(members: S, limits: EncodingLimits) where S.Element == Bytes {
        self.init()
        for m in members { add(m, limits: limits) }
    }

    public var encoding: String {
        if case .intset = storage { return "intset" }
        return "hashtable"
    }

    public var count: Int {
        switch storage {
        case .intset(let a): return a.count
        case .table(let t): return t.count
        }
    }

    public func contains(_ member: Bytes) -> Bool {
        switch storage {
        case .intset(let ints):
            guard let v = member.int64 else { return false }
            return Self.search(ints, v).found
        case .table(let t):
            return t.index(of: member) != nil
        }
    }

    static func search(_ a: [Int64], _ v: Int64) -> (found: Bool, index: Int) {
        var lo = 0
        var hi = a.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if a[mid] < v { lo = mid + 1 } else { hi = mid }
        }
        return (lo < a.count && a[lo] == v, lo)
    }

    @discardableResult
    public func add(_ member: Bytes, limits: EncodingLimits) -> Bool {
        if case .intset = storage, member.int64 == nil {
            convertToTable()
        }
        switch storage {
        case .intset(var ints):
            let v = member.int64!
            let (found, at) = Self.search(ints, v)
            if found { return false }
            storage = .intset([])  // drop the enum's reference so `ints` is unique
            ints.insert(v, at: at)
            storage = .intset(ints)
            if ints.count > limits.setMaxIntsetEntries { convertToTable() }
            return true
        case .table(var table):
            storage = .intset([])
            defer { storage = .table(table) }
            if table.index(of: member) != nil { return false }
            table.insertNew(member, ())
            return true
        }
    }

    @discardableResult
    public func remove(_ member: Bytes) -> Bool {
        switch storage {
        case .intset(var ints):
            guard let v = member.int64 else { return false }
            let (found, at) = Self.search(ints, v)
            guard found else { return false }
            storage = .intset([])
            ints.remove(at: at)
            storage = .intset(ints)
            return true
        case .table(var table):
            storage = .intset([])
            defer { storage = .table(table) }
            return table.removeValue(forKey: member) != nil
        }
    }

    public var members: [Bytes] {
        switch storage {
        case .intset(let ints): return ints.map { Bytes($0) }
        case .table(let t): return t.keys
        }
    }

    public func forEach(_ body: (Bytes) throws -> Void) rethrows {
        switch storage {
        case .intset(let ints): for v in ints { try body(Bytes(v)) }
        case .table(let t): try t.forEach { k, _ in try body(k) }
        }
    }

    public func randomMember<G: RandomNumberGenerator>(using g: inout G) -> Bytes? {
        switch storage {
        case .intset(let ints): return ints.randomElement(using: &g).map { Bytes($0) }
        case .table(let t): return t.randomIndex(using: &g).map { t.key(at: $0) }
        }
    }

    public func scan(cursor: UInt64, _ visit: (Bytes) -> Void) -> UInt64 {
        switch storage {
        case .intset(let ints):
            for v in ints { visit(Bytes(v)) }
            return 0
        case .table(let t):
            return t.scan(cursor: cursor) { k, _ in visit(k) }
        }
    }

    public func convertToTable() {
        guard case .intset(let ints) = storage else { return }
        var table = HashTable<Bytes, Void>(minimumCapacity: ints.count)
        for v in ints { table.insertNew(Bytes(v), ()) }
        storage = .table(table)
    }
}
