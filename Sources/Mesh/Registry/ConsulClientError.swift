/// A Consul call that failed: the request (method and URL) and why — the status and Consul's
/// body, an unreachable agent, or an answer that is not what Consul sends.
public struct ConsulClientError: Error, Equatable, CustomStringConvertible {
    public var method: String
    public var url: String
    /// The HTTP status when the agent answered.
    public var status: Int?
    public var reason: String

    public init(method: String, url: String, status: Int? = nil, reason: String) {
        self.method = method
        self.url = url
        self.status = status
        self.reason = reason
    }

    public var description: String {
        "\(method) \(url): " + (status.map { "HTTP \($0): " } ?? "") + reason
    }
}
