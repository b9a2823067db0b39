import Foundation
import NIOCore
import NIOEmbedded
import RESP
import RedisServer

// In-process cost of the command path (parse -> dispatch -> handler -> reply), without
// sockets or NIO: how many ns per command our own code takes. Guides optimisation of the
// node's hot path; `make bench-redis` is the side-by-side figure that counts.
// Usage: swift run -c release shakedown-microbench [commands-per-batch] [batches] [COMMAND]

let perBatch = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1]) ?? 16 : 16
let batches = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2]) ?? 200_000 : 200_000
/// Optional third argument: run only this command (for profiling one path).
let only = CommandLine.arguments.count > 3 ? CommandLine.arguments[3].uppercased() : nil

let config = ServerConfig()
config.savePoints = []
let node = RedisNode(config: config, loop: EmbeddedEventLoop(), logSink: try RedisLogHandler.Sink(path: "/dev/null"))
let client = node.makeDetachedClient()

func request(_ args: [String], times: Int) -> ByteBuffer {
    var b = ByteBuffer()
    for _ in 0..<times { b.writeRESPCommand(args) }
    return b
}

func measure(_ name: String, _ args: [String]) {
    if let only, only != name { return }
    let batch = request(args, times: perBatch)
    // Warm up (and create the key for reads).
    for _ in 0..<1000 {
        client.feed(batch)
        client.reply.buffer.clear()
    }
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<batches {
        client.feed(batch)
        client.reply.buffer.clear()
    }
    let ns = Double(DispatchTime.now().uptimeNanoseconds - start) / Double(batches * perBatch)
    print("\(name.padding(toLength: 8, withPad: " ", startingAt: 0)) \(String(format: "%7.1f", ns)) ns/command")
}

print("batches of \(perBatch) pipelined commands, \(batches) batches")
measure("SET", ["SET", "key:000000000042", "xxx"])
measure("GET", ["GET", "key:000000000042"])
measure("INCR", ["INCR", "counter:__rand_int__"])
measure("LPUSH", ["LPUSH", "mylist", "xxx"])
measure("HSET", ["HSET", "myhash", "element:000000000042", "xxx"])
measure("ZADD", ["ZADD", "myzset", "0", "element:000000000042"])
measure("PING", ["PING"])
