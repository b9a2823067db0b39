import NIOCore
import NIOPosix
import RESP
import Testing

@testable import Shakedown

/// The harness's cluster client against scripted nodes: the outcomes the history depends on.
@Suite struct ClusterClientTests {
    let group = MultiThreadedEventLoopGroup.singleton

    @Test func movedAndAskAreFollowed() async throws {
        let b = try await ScriptedRedisNode { command in
            switch command.first {
            case "ASKING": return "+OK\r\n"
            case "GET": return "$1\r\n7\r\n"
            default: return "+OK\r\n"
            }
        }
        let bAddress = b.address
        let a = try await ScriptedRedisNode { command in
            switch command.first {
            case "CLUSTER": return nil  // never answers: the map stays empty, seeds are used
            case "GET" where command[1] == "asked": return "-ASK \(HashSlot.slot(for: "asked")) \(bAddress)\r\n"
            default: return "-MOVED \(HashSlot.slot(for: command[1])) \(bAddress)\r\n"
            }
        }
        let client = ClusterClient(seeds: [a.address], connector: LoopbackConnector(), group: group, timeout: .milliseconds(300))
        defer { client.close() }
        let moved = await client.execute(["GET", "moved"], key: "moved")
        #expect(moved.node == bAddress)
        guard case .reply(let value, _) = moved else { Issue.record("\(moved)"); return }
        #expect(value.string == "7")
        let asked = await client.execute(["GET", "asked"], key: "asked")
        guard case .reply(let askedValue, let node) = asked else { Issue.record("\(asked)"); return }
        #expect(askedValue.string == "7" && node == bAddress)
        // ASKING went to b right before the GET it redirected.
        let onB = b.commands.map { $0.first ?? "" }
        #expect(onB.suffix(2) == ["ASKING", "GET"])
        await a.close()
        await b.close()
    }

    @Test func silenceIsUnknownAndRefusalIsNotSent() async throws {
        let silent = try await ScriptedRedisNode { _ in nil }
        let client = ClusterClient(
            seeds: [silent.address], connector: LoopbackConnector(), group: group, timeout: .milliseconds(200))
        defer { client.close() }
        let outcome = await client.send(["SET", "k", "1"], to: silent.address)
        guard case .unknown(let reason, _) = outcome else { Issue.record("\(outcome)"); return }
        #expect(reason.contains("no reply"))
        let port = silent.port
        await silent.close()
        let refused = await client.send(["SET", "k", "1"], to: "127.0.0.1:\(port)")
        guard case .notSent = refused else { Issue.record("\(refused)"); return }
    }
}
