/// Delays as `tc` commands for one node's namespace: a prio qdisc on the node's device whose
/// default band passes traffic as is, and one band per delayed destination, holding a netem
/// qdisc and selected by a u32 filter on the destination address. Needs the kernel's netem
/// qdisc; `NetnsSupport` says whether it is there.
enum NetnsDelay {
    /// Delayed destinations per node: 16 prio bands, the first for everything else.
    static let maximumDestinations = 15

    /// Commands (each to run inside `node`'s namespace) that replace its delays with those of
    /// `faults`. The first removes what is there; it fails harmlessly when nothing is.
    static func commands(for node: String, faults: LinkFaults, layout: NetnsLayout) throws -> [[String]] {
        let device = NetnsLayout.device
        var commands = [["tc", "qdisc", "del", "dev", device, "root"]]
        let outgoing = faults.delays.filter { $0.key.from == node }.sorted { $0.key < $1.key }
        guard !outgoing.isEmpty else { return commands }
        guard outgoing.count <= maximumDestinations else {
            throw NetworkError.unsupported("netns delays at most \(maximumDestinations) links from one node")
        }
        commands.append(
            ["tc", "qdisc", "add", "dev", device, "root", "handle", "1:", "prio", "bands", "16", "priomap"]
                + Array(repeating: "0", count: 16))
        for (k, (link, delay)) in outgoing.enumerated() {
            guard let destination = layout.address(of: link.to) else { continue }
            let band = k + 2
            let micros = max(1, delay.nanoseconds / 1000)
            commands.append([
                "tc", "qdisc", "add", "dev", device, "parent", "1:\(band)", "handle", "\(band + 10):", "netem", "delay",
                "\(micros)us",
            ])
            commands.append([
                "tc", "filter", "add", "dev", device, "parent", "1:", "protocol", "ip", "prio", "1", "u32", "match", "ip",
                "dst", "\(destination)/32", "flowid", "1:\(band)",
            ])
        }
        return commands
    }
}
