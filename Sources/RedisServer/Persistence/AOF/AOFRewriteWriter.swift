import Foundation
import RESP

/// Writes a dataset as commands (SELECT, SET, RPUSH, SADD, ZADD, HMSET, PEXPIREAT), for an
/// AOF base when `aof-use-rdb-preamble no` — Redis's `rewriteAppendOnlyFileRio`, with at
/// most 64 items per command as Redis does.
enum AOFRewriteWriter {
    static let itemsPerCommand = 64

    static func write(_ databases: [Database], to sink: FileSink) throws {
        var out: [UInt8] = []
        func emit(_ command: [Bytes]) throws {
            AOFCommandEncoding.append(command, to: &out)
            if out.count > 64 * 1024 {
                try sink.write(out)
                out.removeAll(keepingCapacity: true)
            }
        }
        for db in databases where db.count > 0 {
            try emit(["SELECT", Bytes(Int64(db.id))])
            for i in 0..<db.table.count {
                let key = db.table.key(at: i)
                let entry = db.table.value(at: i)
                switch entry.value {
                case .string(let s):
                    try emit(["SET", key, s])
                case .list(let l):
                    try batched(Array(l.items), head: ["RPUSH", key], emit)
                case .set(let s):
                    try batched(s.members, head: ["SADD", key], emit)
                case .zset(let z):
                    try batched(z.ordered.all.flatMap { [Bytes(RedisDoubleFormat.g17($0.score)), $0.member] },
                        head: ["ZADD", key], pairs: true, emit)
                case .hash(let h):
                    var items: [Bytes] = []
                    h.forEach { f, v in items += [f, v] }
                    try batched(items, head: ["HMSET", key], pairs: true, emit)
                }
                if entry.expireAt >= 0 {
                    try emit(["PEXPIREAT", key, Bytes(entry.expireAt)])
                }
            }
        }
        try sink.write(out)
    }

    private static func batched(_ items: [Bytes], head: [Bytes], pairs: Bool = false, _ emit: ([Bytes]) throws -> Void)
        throws
    {
        let step = itemsPerCommand * (pairs ? 2 : 1)
        var i = 0
        while i < items.count {
            let end = min(i + step, items.count)
            try emit(head + items[i..<end])
            i = end
        }
    }
}

