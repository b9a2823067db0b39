import NIOCore
import RESP

@testable import RedisServer

extension TestNode {
    /// Runs a command the way `RedisNode.call` does and returns what it would feed the AOF
    /// and replicas: nothing when the dataset did not change, else its rewrite or the
    /// command as received. (The persistence layer is not needed to observe this.)
    func propagated(_ args: String...) -> [[String]] {
        let buffers = args.map { ByteBuffer(string: $0) }
        guard let spec = node.commands.lookup(buffers[0]) else { return [["unknown command"]] }
        let dirtyBefore = node.dirty
        var call = Call(node: node, client: client, args: buffers, spec: spec)
        do {
            try spec.handler!(&call)
        } catch {
            client.reply.error(error.message)
        }
        _ = drain()
        guard node.dirty != dirtyBefore else { return [] }
        guard let custom = call.propagation else { return [args] }
        return custom.map { $0.map(\.string) }
    }
}
