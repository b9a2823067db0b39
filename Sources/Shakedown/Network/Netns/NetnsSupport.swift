import Foundation
import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#endif

/// Whether this machine can run the netns backend, found by trying: root, `ip`, a probe
/// namespace, and an iptables that works inside it (nft or legacy, whichever does). Also
/// whether the kernel has netem, which delays need.
public struct NetnsSupport: Sendable {
    /// `iptables-restore` or `iptables-legacy-restore`: the one that worked.
    public var iptablesRestore: String
    public var hasNetem: Bool

    /// Numbers namespaces made by this process (probes and networks).
    static let instances = NIOLockedValueBox(0)

    static func nextInstance() -> Int {
        instances.withLockedValue { n in
            n += 1
            return n
        }
    }

    /// The support found, or why there is none.
    public static func probe() async -> Result<NetnsSupport, NetworkError> {
        guard geteuid() == 0 else { return .failure(.unsupported("netns needs root")) }
        for tool in ["ip", "ss"] where ExternalCommand.locate(tool) == nil {
            return .failure(.unsupported("netns needs `\(tool)` (Debian package iproute2)"))
        }
        let name = "\(NetnsLayout.namePrefix)\(getpid())-probe\(nextInstance())"
        let result = await probe(inNamespace: name)
        _ = try? await ExternalCommand(["ip", "netns", "del", name]).check()
        return result
    }

    private static func probe(inNamespace name: String) async -> Result<NetnsSupport, NetworkError> {
        do {
            try await ExternalCommand(["ip", "netns", "add", name]).check()
            try await ExternalCommand(["ip", "-n", name, "link", "set", "lo", "up"]).check()
        } catch {
            return .failure(.unsupported("cannot create a network namespace: \(error)"))
        }
        let table = "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -s 10.77.0.254/32 -j DROP\nCOMMIT\n"
        var failures: [String] = []
        for candidate in ["iptables-restore", "iptables-legacy-restore"] where ExternalCommand.locate(candidate) != nil {
            do {
                try await ExternalCommand(["ip", "netns", "exec", name, candidate], input: table).check()
            } catch {
                failures.append("\(error)")
                continue
            }
            let netem = await ExternalCommand(
                ["ip", "netns", "exec", name, "tc", "qdisc", "add", "dev", "lo", "root", "netem", "delay", "1ms"]
            ).succeeds()
            return .success(NetnsSupport(iptablesRestore: candidate, hasNetem: netem))
        }
        let why = failures.isEmpty ? "iptables is not installed (Debian package iptables)" : failures.joined(separator: "; ")
        return .failure(.unsupported("iptables does not work inside a namespace: \(why)"))
    }
}

extension ExternalCommand {
    /// Whether the command runs and exits 0.
    func succeeds() async -> Bool {
        (try? await run().status) == 0
    }
}
