import RESP

@testable import RedisServer

extension TestNode {
    /// Runs a command and returns what it fed the AOF and replicas, through the node's real
    /// propagation path: nothing when the dataset did not change, else its rewrite or the
    /// command as received (several effects wrapped in MULTI/EXEC).
    func propagated(_ args: String...) -> [[String]] {
        let log = recordPropagation()
        defer { node.propagationObserver = nil }
        run(args.map { Array($0.utf8) })
        return log.commands
    }

    /// Records what the node propagates to the AOF and replicas.
    func recordPropagation() -> PropagationLog {
        let log = PropagationLog()
        node.propagationObserver = { _, command in log.commands.append(command.map(\.string)) }
        return log
    }
}

final class PropagationLog {
    var commands: [[String]] = []
}
