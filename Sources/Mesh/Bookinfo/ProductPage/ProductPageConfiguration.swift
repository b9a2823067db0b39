/// productpage's knobs: the upstream timeout (requests' `timeout=3.0`; tests shorten it) and
/// SERVICES_DOMAIN, appended to the upstream host names when set.
public struct ProductPageConfiguration: Sendable {
    public var upstreamTimeout: Duration
    public var servicesDomain: String

    public init(upstreamTimeout: Duration = .seconds(3), servicesDomain: String? = nil) {
        self.upstreamTimeout = upstreamTimeout
        self.servicesDomain = servicesDomain.map { "." + $0 } ?? ""
    }
}
