import NIOCore
import RESP

/// A cluster-aware client of our own, as redis-py's RedisCluster or redis-cli -c behave: it
/// keeps a slot map from CLUSTER SLOTS, follows MOVED (updating the map) and ASK (with
/// ASKING), and keeps one connection per node.
///
/// One logical client (one history process) owns one instance and uses it from one task, so
/// its requests are sequential and the history's per-process order is the wire order.
public final class ClusterClient {
    public let seeds: [String]
    private let connector: any NetworkConnector
    private let group: any EventLoopGroup
    public let timeout: Duration
    private var slotOwner: [String?] = Array(repeating: nil, count: HashSlot.count)
    private var connections: [String: RESPConnection] = [:]
    private var mapIsStale = true
    /// Redirects followed for one request before giving up (a slot in flux).
    private let maxRedirects = 5

    public init(seeds: [String], connector: any NetworkConnector, group: any EventLoopGroup, timeout: Duration) {
        self.seeds = seeds
        self.connector = connector
        self.group = group
        self.timeout = timeout
    }

    /// Runs a keyed command on the node serving `key`'s slot, following redirects. A RESP
    /// error reply (CLUSTERDOWN, TRYAGAIN, ERR...) comes back as `.reply(.error(...))`:
    /// the command did not run.
    public func execute(_ arguments: [String], key: String) async -> ClientOutcome {
        if mapIsStale { await refreshSlots() }
        let slot = HashSlot.slot(for: key)
        var address = slotOwner[slot] ?? seeds[slot % seeds.count]
        var asking = false
        for _ in 0...maxRedirects {
            let outcome = asking
                ? await sendAsking(arguments, to: address)
                : await send(arguments, to: address)
            guard case .reply(let value, _) = outcome, let message = value.errorMessage else {
                if case .notSent = outcome { mapIsStale = true }
                return outcome
            }
            let words = message.split(separator: " ")
            if words.count == 3, words[0] == "MOVED" || words[0] == "ASK" {
                // A node that does not know its own address sends `:port`; the host is ours.
                var target = String(words[2])
                if target.hasPrefix(":") { target = Self.host(of: address) + target }
                if words[0] == "MOVED" {
                    slotOwner[slot] = target
                    mapIsStale = true
                    asking = false
                } else {
                    asking = true
                }
                address = target
                continue
            }
            return outcome
        }
        return .reply(.error("too many redirects for slot \(slot)"), node: address)
    }

    /// Sends a command to one node (no routing): for WAIT after a write, INFO, CLUSTER ....
    public func send(_ arguments: [String], to address: String) async -> ClientOutcome {
        let connection: RESPConnection
        do {
            connection = try await connect(address)
        } catch {
            return .notSent(error.description, node: address)
        }
        do {
            return .reply(try await connection.send(arguments, timeout: timeout), node: address)
        } catch {
            connection.close()
            connections[address] = nil
            return error.notSent ? .notSent(error.description, node: address) : .unknown(error.description, node: address)
        }
    }

    private func sendAsking(_ arguments: [String], to address: String) async -> ClientOutcome {
        let asking = await send(["ASKING"], to: address)
        guard case .reply(let value, _) = asking, value.errorMessage == nil else { return asking }
        return await send(arguments, to: address)
    }

    /// Reloads the slot map from the first node whose CLUSTER SLOTS covers every slot, or
    /// else the one that covers most (a node cut off or restarted alone knows less).
    public func refreshSlots() async {
        let candidates = Array(Set(slotOwner.compactMap { $0 } + seeds)).sorted()
        var best: [String?]?
        var bestCovered = -1
        for address in candidates {
            guard case .reply(let reply, _) = await send(["CLUSTER", "SLOTS"], to: address),
                let ranges = reply.elements
            else { continue }
            var owners: [String?] = Array(repeating: nil, count: HashSlot.count)
            for range in ranges {
                guard let fields = range.elements, fields.count >= 3, let low = fields[0].int, let high = fields[1].int,
                    let master = fields[2].elements, master.count >= 2, let host = master[0].string,
                    let port = master[1].int, low >= 0, high < HashSlot.count, low <= high
                else { continue }
                // An empty host is "the node you asked" (a node that has not learnt its address).
                let owner = host.isEmpty ? Self.host(of: address) + ":\(port)" : "\(host):\(port)"
                for slot in Int(low)...Int(high) { owners[slot] = owner }
            }
            let covered = owners.lazy.filter { $0 != nil }.count
            if covered > bestCovered {
                best = owners
                bestCovered = covered
            }
            if covered == HashSlot.count { break }
        }
        if let best {
            slotOwner = best
            mapIsStale = false
        }
    }

    private func connect(_ address: String) async throws(RESPClientError) -> RESPConnection {
        if let connection = connections[address], connection.isActive { return connection }
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]) else {
            throw .connectFailed(address: address, reason: "not host:port")
        }
        let connection = try await RESPConnection.connect(
            host: String(address[..<colon]), port: port, connector: connector, group: group, timeout: timeout)
        connections[address] = connection
        return connection
    }

    static func host(of address: String) -> String {
        address.lastIndex(of: ":").map { String(address[..<$0]) } ?? address
    }

    public func close() {
        for connection in connections.values { connection.close() }
        connections = [:]
    }
}

/// What became of a request, in the terms the history needs.
public enum ClientOutcome: Sendable {
    /// The node answered (possibly with an error reply, which means the command did not run).
    case reply(RESPValue, node: String)
    /// Certainly not executed: no connection could be made.
    case notSent(String, node: String)
    /// Sent, not answered: it may or may not have run.
    case unknown(String, node: String)

    public var node: String {
        switch self {
        case .reply(_, let node), .notSent(_, let node), .unknown(_, let node): node
        }
    }
}
