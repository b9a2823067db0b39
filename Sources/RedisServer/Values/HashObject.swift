/// A hash: `listpack` (fields in insertion order, linear lookups, while small) or
/// `hashtable`. Like Redis, it converts once and never back (except when reloaded).
public final class HashObject {
    public enum Storage {
        case listpack([(field: Bytes, value: Bytes)])
        case table(HashTable<Bytes, Bytes>)
    }

    public internal(set) var storage: Storage

    public init() { storage = .listpack([]) }

    public init(table: HashTable<Bytes, Bytes>) { storage = .table(table) }

    public var encoding: String {
        if case .listpack = storage { return "listpack" }
        return "hashtable"
    }

    public var count: Int {
        switch storage {
        case .listpack(let pairs): return pairs.count
        case .table(let t): return t.count
        }
    }

    public subscript(field: Bytes) -> Bytes? {
        switch storage {
        case .listpack(let pairs): return pairs.first(where: { $0.field == field })?.value
        case .table(let t): return t[field]
        }
    }

    /// Sets a field; returns true when it is new.
    @discardableResult
    public func set(_ field: Bytes, _ value: Bytes, limits: EncodingLimits) -> Bool {
        if case .listpack = storage,
            field.count > limits.hashMaxListpackValue || value.count > limits.hashMaxListpackValue
        {
            convertToTable()
        }
        switch storage {
        case .listpack(var pairs):
            storage = .listpack([])  // drop the enum's reference so `pairs` is unique
            let isNew: Bool
            if let i = pairs.firstIndex(where: { $0.field == field }) {
                pairs[i].value = value
                isNew = false
            } else {
                pairs.append((field, value))
                isNew = true
            }
            storage = .listpack(pairs)
            if pairs.count > limits.hashMaxListpackEntries { convertToTable() }
            return isNew
        case .table(var table):
            storage = .listpack([])
            let isNew = table.set(field, value)
            storage = .table(table)
            return isNew
        }
    }

    @discardableResult
    public func remove(_ field: Bytes) -> Bool {
        switch storage {
        case .listpack(var pairs):
            guard let i = pairs.firstIndex(where: { $0.field == field }) else { return false }
            storage = .listpack([])
            pairs.remove(at: i)
            storage = .listpack(pairs)
            return true
        case .table(var table):
            storage = .listpack([])
            defer { storage = .table(table) }
            return table.removeValue(forKey: field) != nil
        }
    }

    public func forEach(_ body: (Bytes, Bytes) throws -> Void) rethrows {
        switch storage {
        case .listpack(let pairs): for p in pairs { try body(p.field, p.value) }
        case .table(let t): try t.forEach(body)
        }
    }

    /// A uniformly random pair.
    public func randomPair<G: RandomNumberGenerator>(using g: inout G) -> (Bytes, Bytes)? {
        switch storage {
        case .listpack(let pairs):
            return pairs.randomElement(using: &g).map { ($0.field, $0.value) }
        case .table(let t):
            return t.randomIndex(using: &g).map { (t.key(at: $0), t.value(at: $0)) }
        }
    }

    /// HSCAN: a listpack is returned whole with cursor 0, as Redis does.
    public func scan(cursor: UInt64, _ visit: (Bytes, Bytes) -> Void) -> UInt64 {
        switch storage {
        case .listpack(let pairs):
            for p in pairs { visit(p.field, p.value) }
            return 0
        case .table(let t):
            return t.scan(cursor: cursor, visit)
        }
    }

    public func convertToTable() {
        guard case .listpack(let pairs) = storage else { return }
        var table = HashTable<Bytes, Bytes>(minimumCapacity: pairs.count)
        for p in pairs { table.set(p.field, p.value) }
        storage = .table(table)
    }
}
