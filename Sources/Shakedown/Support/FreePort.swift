import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Ports for servers the runner starts, chosen so nothing else takes them in the meantime.
public enum FreePort {
    public struct Exhausted: Error, CustomStringConvertible {
        public var description: String
    }

    /// A TCP port nobody listens on right now, below the kernel's ephemeral range together with
    /// its twin (port + 10000, the cluster bus or the mesh's app port). Ports from bind(0) come
    /// from the ephemeral range, so any outgoing connection could take one while a server is
    /// restarted on it; ports below the range are handed out only by explicit binds.
    public static func find() throws -> Int {
        let ephemeralStart = ephemeralRangeStart()
        let candidates = 10_000..<max(10_001, ephemeralStart - 10_000)
        for _ in 0..<200 {
            let port = Int.random(in: candidates)
            if isFree(port), isFree(port + 10_000) { return port }
        }
        throw Exhausted(description: "no free port below \(ephemeralStart) after 200 tries")
    }

    /// `count` different ports from `find()`.
    public static func find(count: Int) throws -> [Int] {
        var ports: [Int] = []
        while ports.count < count {
            let port = try find()
            if !ports.contains(port) { ports.append(port) }
        }
        return ports
    }

    private static func ephemeralRangeStart() -> Int {
        let text = (try? String(contentsOfFile: "/proc/sys/net/ipv4/ip_local_port_range", encoding: .utf8)) ?? ""
        return text.split(whereSeparator: \.isWhitespace).first.flatMap { Int($0) } ?? 32768
    }

    private static func isFree(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = INADDR_ANY
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}
