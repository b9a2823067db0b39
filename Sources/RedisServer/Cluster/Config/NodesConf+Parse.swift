extension NodesConf {
    /// Parses nodes.conf as `clusterLoadConfig` (Redis 7.0) does, tolerating what it
    /// tolerates:
    /// - blank lines (7.0 pads a shrunk file with `\n`) and, unlike Redis (which crashes on
    ///   them), lines of only whitespace; fields are separated by runs of whitespace (`\r`
    ///   included); quotes are not interpreted (Redis's `sdssplitargs` would; Redis never
    ///   writes any);
    /// - `vars` lines anywhere, names case-insensitive, unknown names skipped with a warning;
    /// - an address without `@cport` (bus port = port + 10000), an empty ip (`:0@0`),
    ///   IPv6 (the port follows the last `:`), `,hostname` after the bus port;
    /// - numbers read like C's `atoi`/`strtoull`: leading digits only, garbage reads as 0;
    ///   a range `a-b` with `a > b` adds nothing; a slot already owned by an earlier line
    ///   stays with it (`clusterAddSlot` refuses it);
    /// - the link-state field is not checked (`connected` sets `linkConnected`);
    /// - a node id seen again (its own line after being named as a master, or a repeated
    ///   line) updates the same record: address replaced, flags added, master kept when `-`.
    ///
    /// And refuses, with the line number, what Redis refuses: fewer than 8 fields, an invalid
    /// node id (own, master, or migrating/importing peer), no `:` in the address, an unknown
    /// flag, a second `myself`, a slot outside 0..<16384, a malformed `[...]` entry, a `vars`
    /// line with a name but no value; and a file with no `myself` node.
    ///
    /// Semantics are the loader's business: Redis then sets `currentEpoch` to at least the
    /// highest configEpoch, and loads a replica's configEpoch as 0.
    public static func parse(_ text: String, warning: (String) -> Void = { _ in }) throws(NodesConfError) -> NodesConf {
        var parser = NodesConfParser()
        var lineNumber = 0
        for line in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            try parser.parseLine(Substring(line), number: lineNumber, warning: warning)
        }
        guard parser.sawMyself else { throw NodesConfError(line: nil, reason: "no node is flagged myself") }
        let placeholders = parser.mentioned.filter { !parser.hasOwnLine.contains($0) }
        return NodesConf(
            nodes: (parser.order + placeholders).map { parser.records[$0]! }, currentEpoch: parser.currentEpoch,
            lastVoteEpoch: parser.lastVoteEpoch)
    }
}

/// The state of one `NodesConf.parse`.
struct NodesConfParser {
    var records: [ClusterNodeID: ClusterNodeRecord] = [:]
    /// Nodes with a line of their own, in file order.
    var order: [ClusterNodeID] = []
    var hasOwnLine: Set<ClusterNodeID> = []
    /// Nodes created because another line named them, in order of mention.
    var mentioned: [ClusterNodeID] = []
    var owned = SlotBitmap()
    var sawMyself = false
    var currentEpoch: UInt64 = 0
    var lastVoteEpoch: UInt64 = 0

    mutating func parseLine(_ line: Substring, number: Int, warning: (String) -> Void) throws(NodesConfError) {
        func fail(_ reason: String) -> NodesConfError { NodesConfError(line: number, reason: reason) }
        let fields = line.utf8.split(whereSeparator: isCSpace).map { Substring($0) }
        guard let first = fields.first else { return }

        if first.lowercased() == "vars" {
            guard fields.count % 2 == 1 else { throw fail("vars line with a name but no value") }
            for i in stride(from: 1, to: fields.count, by: 2) {
                switch fields[i].lowercased() {
                case "currentepoch": currentEpoch = cUnsigned(fields[i + 1])
                case "lastvoteepoch": lastVoteEpoch = cUnsigned(fields[i + 1])
                default: warning("Skipping unknown cluster config variable '\(fields[i])'")
                }
            }
            return
        }

        guard fields.count >= 8 else { throw fail("\(fields.count) fields, a node line has at least 8") }
        guard let id = ClusterNodeID(first) else { throw fail("invalid node id '\(first)'") }
        var node = records[id] ?? ClusterNodeRecord(id: id)
        if hasOwnLine.insert(id).inserted { order.append(id) }

        // ip:port[@cport][,hostname]
        var address = fields[1]
        if let comma = address.firstIndex(of: ",") {
            node.hostname = String(address[address.index(after: comma)...])
            address = address[..<comma]
        } else {
            node.hostname = ""
        }
        guard let colon = address.lastIndex(of: ":") else { throw fail("address '\(fields[1])' has no ':'") }
        node.ip = String(address[..<colon])
        var portText = address[address.index(after: colon)...]
        var busPortText: Substring? = nil
        if let at = portText.firstIndex(of: "@") {
            busPortText = portText[portText.index(after: at)...]
            portText = portText[..<at]
        }
        node.port = cInteger(portText)
        node.busPort = busPortText.map { cInteger($0) } ?? node.port + 10000

        let flags: ClusterNodeFlags
        do {
            flags = try ClusterNodeFlags(nodesText: fields[2])
        } catch {
            throw fail("\(error)")
        }
        if flags.contains(.myself) {
            guard !sawMyself else { throw fail("a second node flagged myself") }
            sawMyself = true
        }
        node.flags.formUnion(flags)

        if fields[3].first != "-" {
            guard let master = ClusterNodeID(fields[3]) else { throw fail("invalid master id '\(fields[3])'") }
            node.masterID = master
            if master != id { define(master) }
        }

        let pingSent = cInteger(fields[4])
        let pongReceived = cInteger(fields[5])
        if pingSent != 0 { node.pingSent = Int64(pingSent) }
        if pongReceived != 0 { node.pongReceived = Int64(pongReceived) }
        node.configEpoch = cUnsigned(fields[6])
        node.linkConnected = fields[7] == "connected"

        for token in fields[8...] {
            if token.first == "[" {
                let (slot, peer, migrating) = try openSlot(token, fail: fail)
                if migrating { node.migrating[slot] = peer } else { node.importing[slot] = peer }
                if peer != id { define(peer) }
                continue
            }
            let start: Int
            let stop: Int
            if let dash = token.firstIndex(of: "-") {
                start = cInteger(token[..<dash])
                stop = cInteger(token[token.index(after: dash)...])
            } else {
                start = cInteger(token)
                stop = start
            }
            guard (0..<KeySlot.count).contains(start), (0..<KeySlot.count).contains(stop) else {
                throw fail("slot range '\(token)' outside 0-16383")
            }
            if start <= stop {
                for slot in start...stop where owned.insert(slot) { node.slots.insert(slot) }
            }
        }
        records[id] = node
    }

    /// `[<slot>->-<id>]` (migrating) or `[<slot>-<-<id>]` (importing). As in Redis, the
    /// direction is the character after the first `-`, anything but `>` meaning importing,
    /// and whatever follows `]` is ignored.
    func openSlot(_ token: Substring, fail: (String) -> NodesConfError) throws(NodesConfError)
        -> (slot: Int, peer: ClusterNodeID, migrating: Bool)
    {
        let chars = Array(token.utf8)
        guard let dash = chars.firstIndex(of: UInt8(ascii: "-")) else { throw fail("slot entry '\(token)' has no '-'") }
        let slot = cInteger(String(decoding: chars[1..<dash], as: UTF8.self))
        guard (0..<KeySlot.count).contains(slot) else { throw fail("slot entry '\(token)': slot outside 0-16383") }
        let idStart = dash + 3
        guard idStart <= chars.count, let close = chars[idStart...].firstIndex(of: UInt8(ascii: "]")),
            let peer = ClusterNodeID(String(decoding: chars[idStart..<close], as: UTF8.self))
        else { throw fail("slot entry '\(token)' has no valid node id") }
        return (slot, peer, chars[dash + 1] == UInt8(ascii: ">"))
    }

    /// Makes sure a node named by another line exists (empty until its own line, if any).
    mutating func define(_ id: ClusterNodeID) {
        if records[id] == nil {
            records[id] = ClusterNodeRecord(id: id)
            mentioned.append(id)
        }
    }
}

/// C's `isspace`: space, \t, \n, \v, \f, \r.
func isCSpace(_ byte: UInt8) -> Bool { byte == 32 || (9...13).contains(byte) }

/// C's `atoi`: optional sign, then the leading digits; 0 when there are none. Saturates
/// instead of overflowing.
func cInteger(_ text: some StringProtocol) -> Int {
    var utf8 = text.utf8[...]
    var negative = false
    if let sign = utf8.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
        negative = sign == UInt8(ascii: "-")
        utf8 = utf8.dropFirst()
    }
    var value = 0
    for byte in utf8 {
        guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { break }
        let (times, o1) = value.multipliedReportingOverflow(by: 10)
        let (sum, o2) = times.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
        if o1 || o2 { return negative ? Int.min : Int.max }
        value = sum
    }
    return negative ? -value : value
}

/// C's `strtoull(s, NULL, 10)`: the leading digits (a `-` negates modulo 2^64); 0 when
/// there are none; UInt64.max on overflow.
func cUnsigned(_ text: some StringProtocol) -> UInt64 {
    var utf8 = text.utf8[...]
    var negative = false
    if let sign = utf8.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
        negative = sign == UInt8(ascii: "-")
        utf8 = utf8.dropFirst()
    }
    var value: UInt64 = 0
    for byte in utf8 {
        guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { break }
        let (times, o1) = value.multipliedReportingOverflow(by: 10)
        let (sum, o2) = times.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
        if o1 || o2 { return UInt64.max }
        value = sum
    }
    return negative ? 0 &- value : value
}
