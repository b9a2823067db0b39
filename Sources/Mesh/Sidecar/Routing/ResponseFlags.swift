/// Envoy's response flags for what the proxy itself decided. Clients see them in the
/// `x-envoy-response-flags` header (our addition: Envoy only logs them) and `/stats` counts
/// them as `sidecar.response_flag.<FLAG>`.
public struct ResponseFlags: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let noHealthyUpstream = ResponseFlags(rawValue: 1 << 0)  // UH
    public static let upstreamRequestTimeout = ResponseFlags(rawValue: 1 << 1)  // UT
    public static let upstreamConnectionTermination = ResponseFlags(rawValue: 1 << 2)  // UC
    public static let upstreamConnectFailure = ResponseFlags(rawValue: 1 << 3)  // UF
    public static let noRoute = ResponseFlags(rawValue: 1 << 4)  // NR
    public static let delayInjected = ResponseFlags(rawValue: 1 << 5)  // DI
    public static let faultInjected = ResponseFlags(rawValue: 1 << 6)  // FI
    public static let upstreamRetryLimitExceeded = ResponseFlags(rawValue: 1 << 7)  // URX
    public static let downstreamProtocolError = ResponseFlags(rawValue: 1 << 8)  // DPE
    public static let noClusterFound = ResponseFlags(rawValue: 1 << 9)  // NC

    /// In the order Envoy prints them.
    static let codes: [(ResponseFlags, String)] = [
        (.noHealthyUpstream, "UH"), (.upstreamRequestTimeout, "UT"), (.upstreamConnectionTermination, "UC"),
        (.upstreamConnectFailure, "UF"), (.noRoute, "NR"), (.delayInjected, "DI"), (.faultInjected, "FI"),
        (.upstreamRetryLimitExceeded, "URX"), (.downstreamProtocolError, "DPE"), (.noClusterFound, "NC"),
    ]

    public var codes: [String] { Self.codes.filter { contains($0.0) }.map(\.1) }

    /// "UF,URX", or "-" when empty as Envoy's access log prints it.
    public var description: String { isEmpty ? "-" : codes.joined(separator: ",") }
}
