import Capture

/// A divergence as a reader scans it in a terminal or a JUnit body: where, the request, then the
/// captured value as `-` lines and the replayed one as `+` lines, like a unified diff.
public enum ReplayDiff {
    public static func render(_ divergence: ReplayDivergence) -> String {
        var lines = [
            "\(divergence.connection) (\(divergence.client), \(divergence.protocol)), request \(divergence.requestIndex) "
                + "at packet \(divergence.packetNumber): \(divergence.field) differs",
            "  " + divergence.request,
        ]
        lines += divergence.expected.split(separator: "\n", omittingEmptySubsequences: false).map { "  - " + $0 }
        lines += divergence.actual.split(separator: "\n", omittingEmptySubsequences: false).map { "  + " + $0 }
        return lines.joined(separator: "\n")
    }
}
