import Foundation

/// Why the network could not be built or a fault applied.
public enum NetworkError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A fault or request names a node the backend did not place.
    case unknownNode(String)
    /// A verb before `setUp`, or `setUp` twice.
    case wrongState(String)
    /// A request that makes no sense (a probability above 1, a node named twice...).
    case invalid(String)
    /// This backend, on this machine, cannot do it.
    case unsupported(String)
    /// A system tool (ip, iptables-restore, ss, tc) failed.
    case commandFailed(command: [String], status: Int32, output: String)
    /// The runner's client could not connect.
    case connectFailed(String)

    public var description: String {
        switch self {
        case .unknownNode(let node): "unknown node \(node)"
        case .wrongState(let text): text
        case .invalid(let text): text
        case .unsupported(let text): "unsupported: \(text)"
        case .commandFailed(let command, let status, let output):
            "`\(command.joined(separator: " "))` exited with \(status): \(output.trimmingCharacters(in: .whitespacesAndNewlines))"
        case .connectFailed(let text): text
        }
    }
}
