import Foundation

/// The iptables rules that make `LinkFaults` inside one node's namespace: a link's traffic is
/// dropped where it arrives, in the INPUT chain of the receiving node, matched by the
/// sender's address. A cut drops everything; a loss probability drops packets at random
/// (`-m statistic --mode random`), which TCP sees as retransmissions. Rules are written as an
/// `iptables-restore` file: applying one replaces the filter table of that namespace, so
/// healing is applying an empty one.
enum NetnsRules {
    /// The filter table for `node`'s namespace.
    static func table(for node: String, faults: LinkFaults, layout: NetnsLayout) -> String {
        var lines = ["*filter", ":INPUT ACCEPT [0:0]", ":FORWARD ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]"]
        let incoming = faults.loss.filter { $0.key.to == node }.sorted { $0.key < $1.key }
        for (link, probability) in incoming {
            guard let source = layout.address(of: link.from) else { continue }
            var rule = "-A INPUT -s \(source)/32"
            if probability < 1 { rule += " -m statistic --mode random --probability \(probabilityText(probability))" }
            lines.append(rule + " -j DROP")
        }
        lines.append("COMMIT")
        return lines.joined(separator: "\n") + "\n"
    }

    /// iptables takes up to 11 decimals.
    static func probabilityText(_ p: Double) -> String {
        var text = String(format: "%.11f", p)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
