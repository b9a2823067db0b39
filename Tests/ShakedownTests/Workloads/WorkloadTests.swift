import RESP
import Testing
import Yams

@testable import Shakedown

@Suite struct WorkloadTests {
    static func spec(_ yaml: String) throws -> WorkloadSpec {
        try WorkloadSpec(parameters: Parameters(node: try Yams.compose(yaml: yaml)!, file: "t.yaml", path: "workload"))
    }

    @Test func registerRepliesBecomeHistoryOutcomes() throws {
        let workload = try Self.spec("{ kind: register, keys: 4 }").makeWorkload()
        let write = Operation(f: "write", key: "register:1", value: .int(9))
        #expect(workload.command(for: write) == ["SET", "register:1", "9"])
        #expect(workload.complete(write, reply: .simpleString("OK")).type == .ok)
        let down = workload.complete(write, reply: .error("CLUSTERDOWN The cluster is down"))
        #expect(down.type == .fail && down.error == "CLUSTERDOWN The cluster is down")
        let read = Operation(f: "read", key: "register:1")
        #expect(workload.complete(read, reply: .bulkString(nil)).value == .none)
        #expect(workload.complete(read, reply: .bulk("12")).value == .int(12))
        // A reply that does not fit is not a failure: we cannot tell what happened.
        #expect(workload.complete(read, reply: .bulk("twelve")).type == .info)
    }

    @Test func counterAndSetReplies() throws {
        let counter = try Self.spec("{ kind: counter }").makeWorkload()
        #expect(counter.complete(Operation(f: "incr", key: "c"), reply: .integer(3)).value == .int(3))
        let set = try Self.spec("{ kind: set }").makeWorkload()
        let final = set.complete(
            Operation(f: "final-read", key: "s"), reply: .array([.bulk("3"), .bulk("1")]))
        #expect(final.type == .ok && final.value == .ints([1, 3]))
        #expect(set.finalReads().count == 16)
    }

    /// The same seed gives the same operations: a failing run can be repeated.
    @Test func seedReproducesTheWorkload() throws {
        func operations(seed: UInt64) throws -> [String] {
            let workload = try Self.spec("{ kind: register, keys: 50 }").makeWorkload()
            var random = SeededRandom(seed: seed)
            return (0..<100).map { _ in
                let operation = workload.next(using: &random)
                return "\(operation.f) \(operation.key)"
            }
        }
        #expect(try operations(seed: 42) == operations(seed: 42))
        #expect(try operations(seed: 42) != operations(seed: 43))
    }

    @Test func badWorkloadSettingsAreSuiteErrors() {
        #expect(throws: SuiteError.self) { try Self.spec("{ kind: queue }") }
        #expect(throws: SuiteError.self) { try Self.spec("{ kind: register, rate: fast }") }
        #expect(throws: SuiteError.self) { try Self.spec("{ kind: register, clients: 0 }") }
    }
}
