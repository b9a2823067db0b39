import Foundation

/// A route's `retry_policy` read once per configuration: which failures are retried, how often,
/// with which per-try timeout, and whether a retry should prefer a host not tried yet.
public struct RetryPolicy: Sendable, Equatable {
    public var numRetries: Int
    public var perTryTimeoutMilliseconds: Int?
    public var onConnectFailure: Bool
    public var onReset: Bool
    public var on5xx: Bool
    public var onGatewayError: Bool
    public var retriableStatusCodes: Set<Int>
    public var avoidPreviousHosts: Bool
    public var hostSelectionMaxAttempts: Int

    public static let none = RetryPolicy(xds: nil)

    public init(xds: XDSRetryPolicy?) {
        let parts = Set((xds?.retryOn ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        numRetries = max(0, xds?.numRetries ?? 0)
        perTryTimeoutMilliseconds = xds?.perTryTimeout.flatMap(XDSDuration.milliseconds).flatMap { $0 > 0 ? $0 : nil }
        onConnectFailure = parts.contains("connect-failure")
        onReset = parts.contains("reset")
        on5xx = parts.contains("5xx")
        onGatewayError = parts.contains("gateway-error")
        retriableStatusCodes = parts.contains("retriable-status-codes") ? Set(xds?.retriableStatusCodes ?? []) : []
        avoidPreviousHosts = xds?.retryHostPredicate?.contains { $0.name == "envoy.retry_host_predicates.previous_hosts" } ?? false
        hostSelectionMaxAttempts = max(1, xds?.hostSelectionRetryMaxAttempts ?? 1)
    }

    /// Whether an attempt that got a response with `status` deserves another try.
    public func retries(status: Int) -> Bool {
        if on5xx && status >= 500 { return true }
        if onGatewayError && (status == 502 || status == 503 || status == 504) { return true }
        return retriableStatusCodes.contains(status)
    }

    /// Whether an attempt that failed without a response deserves another try.
    public func retries(failure: UpstreamFailure) -> Bool {
        switch failure {
        case .connectFailure: onConnectFailure || onReset || on5xx || onGatewayError
        case .reset: onReset || on5xx || onGatewayError
        // Envoy treats a per-try timeout as a 504 from the upstream.
        case .perTryTimeout: on5xx || onGatewayError || retriableStatusCodes.contains(504)
        }
    }

    /// Envoy's jittered back-off: base 25 ms, the n-th retry waits a random time below
    /// (2^n - 1) × 25 ms, capped at 250 ms.
    public static func backoffMilliseconds(retry: Int, random: UInt64) -> Int {
        let multiplier = (1 << min(max(retry, 1), 16)) - 1
        let ceiling = multiplier * 25
        return min(Int(random % UInt64(ceiling)), 250)
    }
}

/// Why an attempt ended without a response.
public enum UpstreamFailure: Error, Sendable, Equatable {
    case connectFailure
    case reset
    case perTryTimeout
}
