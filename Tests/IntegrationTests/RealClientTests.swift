import Foundation
import Testing

/// The real redis-cli and redis-benchmark, unchanged, against our node.
@Suite(.serialized) struct RealClientTests {
    func run(_ tool: String, _ arguments: [String], input: String? = nil) throws -> (status: Int32, output: String) {
        try ExternalTool.run(tool, arguments, input: input)
    }

    @Test func redisCliCommandsPipeModeAndRESP3() throws {
        let node = try ServerProcess.shakedown()
        defer { node.stop() }
        let p = ["-p", String(node.port)]
        #expect(try run("redis-cli", p + ["SET", "greeting", "hello world"]).output == "OK\n")
        #expect(try run("redis-cli", p + ["GET", "greeting"]).output == "hello world\n")
        #expect(try run("redis-cli", p + ["--no-raw", "LRANGE", "none", "0", "-1"]).output == "(empty array)\n")
        #expect(try run("redis-cli", p + ["-3", "HSET", "h", "f", "v"]).output == "1\n")
        #expect(try run("redis-cli", p + ["-3", "--no-raw", "HGETALL", "h"]).output == "1# \"f\" => \"v\"\n")
        let reference = try ServerProcess.reference()
        defer { reference.stop() }
        let theirs = try run("redis-cli", ["-p", String(reference.port), "NOSUCH", "x"]).output
        #expect(try run("redis-cli", p + ["NOSUCH", "x"]).output == theirs)
        #expect(theirs.hasPrefix("ERR unknown command 'NOSUCH', with args beginning with: 'x' "))
        // --pipe speaks raw protocol in bulk, as mass-insertion does.
        var mass = ""
        for i in 0..<1000 { mass += "*3\r\n$3\r\nSET\r\n$\(String(i).count + 4)\r\nkey:\(i)\r\n$1\r\n\(i % 10)\r\n" }
        let piped = try run("redis-cli", p + ["--pipe"], input: mass)
        #expect(piped.status == 0)
        #expect(piped.output.contains("errors: 0, replies: 1000"))
        #expect(try run("redis-cli", p + ["DBSIZE"]).output == "1002\n")
        // INFO lines end in \r\n, which redis-cli's own INFO parsing depends on.
        #expect(try run("redis-cli", p + ["--no-raw", "INFO", "server"]).output.contains("redis_version:7.0.15\r\n"))
    }

    /// Every test of redis-benchmark's default set, with no error (`make run` does the
    /// same with 100000 requests on a release build).
    @Test func redisBenchmarkDefaultSetRunsCleanly() throws {
        let node = try ServerProcess.shakedown()
        defer { node.stop() }
        let result = try run("redis-benchmark", ["-p", String(node.port), "-q", "-n", "2000", "-c", "10"])
        #expect(result.status == 0)
        let lines = result.output.replacingOccurrences(of: "\r", with: "\n").split(separator: "\n")
            .filter { $0.contains("requests per second") }
        let tests = Set(lines.map { String($0.prefix(while: { $0 != ":" })) })
        let expected: Set<String> = [
            "PING_INLINE", "PING_MBULK", "SET", "GET", "INCR", "LPUSH", "RPUSH", "LPOP", "RPOP", "SADD", "HSET",
            "SPOP", "ZADD", "ZPOPMIN", "LPUSH (needed to benchmark LRANGE)", "LRANGE_100 (first 100 elements)",
            "LRANGE_300 (first 300 elements)", "LRANGE_500 (first 500 elements)", "LRANGE_600 (first 600 elements)",
            "MSET (10 keys)",
        ]
        #expect(tests == expected, "missing: \(expected.subtracting(tests)), extra: \(tests.subtracting(expected))")
        #expect(!result.output.lowercased().contains("error"), "\(result.output)")
    }
}
