import Foundation
import Testing

@testable import RedisServer

/// The committed RDB fixtures (`Fixtures/rdb`, written by a real redis-server 7.0) and ways
/// to look at decoded values.
enum RDBFixture {
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/rdb")

    static func bytes(_ name: String) throws -> [UInt8] {
        let url = directory.appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw FixtureError("missing fixture \(url.path) (regenerate with Fixtures/rdb/make-fixtures.sh)")
        }
        return [UInt8](data)
    }

    struct FixtureError: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    /// A decoded file: databases (16) filled as the server would fill them.
    struct Loaded {
        var databases: [Database]
        var info: RDBFileInfo

        func entry(_ key: String, db: Int = 0) -> DBEntry? { databases[db].entry(Bytes(key)) }
        func value(_ key: String, db: Int = 0) -> RedisValue? { entry(key, db: db)?.value }
    }

    static func decode(
        _ bytes: [UInt8], limits: EncodingLimits = EncodingLimits(), now: Int64? = nil, databases: Int = 16
    ) throws -> Loaded {
        let dbs = (0..<databases).map { Database(id: $0) }
        let info = try bytes.withUnsafeBytes { raw in
            try RDBDecoder.decodeFile(raw, limits: limits, now: now, databases: databases) { db, key, entry in
                guard dbs[db].entry(key) == nil else { throw FixtureError("duplicate key \(key)") }
                dbs[db].add(key, entry)
            }
        }
        return Loaded(databases: dbs, info: info)
    }

    static func load(_ name: String, limits: EncodingLimits = EncodingLimits(), now: Int64? = nil) throws -> Loaded {
        try decode(try bytes(name), limits: limits, now: now)
    }

    /// The whole file re-encoded by us with the AUX values of the original, so that it can
    /// be compared byte for byte.
    static func reencode(_ loaded: Loaded, options: RDBWriteOptions) throws -> [UInt8] {
        let aux = ["redis-ver", "redis-bits", "ctime", "used-mem", "aof-base"].compactMap { name in
            loaded.info.aux[name].map { (name, $0) }
        }
        var out: [UInt8] = []
        try RDBEncoder.encodeFile(databases: loaded.databases, aux: aux, options: options) { out.append(contentsOf: $0) }
        return out
    }

    /// `dumps.txt`: key -> DUMP payload from Redis.
    static func dumps() throws -> [(key: String, payload: [UInt8])] {
        try lines("dumps.txt").map { fields in (fields[0], hexBytes(fields[1])) }
    }

    /// `digests.txt`: (file, db or "*", key or "*", hex digest).
    static func digests() throws -> [(file: String, db: String, key: String, digest: String)] {
        try lines("digests.txt").map { f in (f[0], f[1], f[2], f[3]) }
    }

    static func lines(_ name: String) throws -> [[String]] {
        let text = String(decoding: try bytes(name), as: UTF8.self)
        return text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    static func hexBytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var chars = hex.makeIterator()
        while let hi = chars.next(), let lo = chars.next() {
            out.append(UInt8(String([hi, lo]), radix: 16)!)
        }
        return out
    }
}

func hexString(_ bytes: [UInt8]) -> String {
    bytes.map { String(format: "%02x", $0) }.joined()
}

/// A value in a comparable form: its type, its OBJECT ENCODING and its contents (lists in
/// order, sets sorted, hashes by field, sorted sets in rank order).
struct ValueSnapshot: Equatable, CustomStringConvertible {
    var encoding: String
    var contents: [String]

    init(encoding: String, contents: [String]) {
        self.encoding = encoding
        self.contents = contents
    }

    init(_ value: RedisValue, rawString: Bool = false) {
        encoding = "\(value.typeName)/\(ObjectCommands.encoding(of: DBEntry(value: value, rawString: rawString)))"
        switch value {
        case .string(let s): contents = [Self.text(s)]
        case .list(let l): contents = l.items.map(Self.text)
        case .set(let s): contents = s.members.map(Self.text).sorted()
        case .hash(let h):
            var pairs: [String] = []
            h.forEach { f, v in pairs.append("\(Self.text(f))=\(Self.text(v))") }
            if case .table = h.storage { pairs.sort() }
            contents = pairs
        case .zset(let z):
            contents = z.ordered.all.map { "\(Self.text($0.member))@\($0.score)" }
        }
    }

    /// Printable text; other bytes as \xNN.
    static func text(_ b: Bytes) -> String {
        b.array.map { $0 >= 32 && $0 < 127 ? String(UnicodeScalar($0)) : String(format: "\\x%02x", $0) }.joined()
    }

    var description: String { "\(encoding) \(contents.prefix(12))\(contents.count > 12 ? "... (\(contents.count))" : "")" }
}

/// Runs `body` expecting an `RDBError`; returns it (or records a failure).
@discardableResult
func expectRDBError(
    _ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation
) -> RDBError? {
    do {
        try body()
        Issue.record("expected an RDB error, got success", sourceLocation: sourceLocation)
        return nil
    } catch let error as RDBError {
        return error
    } catch {
        Issue.record("expected an RDBError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
