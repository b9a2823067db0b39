import Foundation

/// `retry.ConvertPolicy` (route/retry/retry.go): unset retries get Istio's default policy,
/// `attempts <= 0` disables retries, otherwise the default with the user's overrides.
enum RetryPolicyTranslation {
    static func translate(_ retries: VirtualService.HTTPRetry?, warnings: inout [String]) -> XDSRetryPolicy? {
        guard let retries else { return .istioDefault }
        guard retries.attempts > 0 else { return nil }
        var out = XDSRetryPolicy.istioDefault
        out.numRetries = retries.attempts
        if let retryOn = retries.retryOn, !retryOn.isEmpty {
            let (conditions, codes) = parseRetryOn(retryOn)
            out.retryOn = conditions
            out.retriableStatusCodes = codes
        }
        if let perTry = retries.perTryTimeout {
            if let milliseconds = GoDuration.milliseconds(perTry) {
                out.perTryTimeout = XDSDuration.text(milliseconds: milliseconds)
            } else {
                warnings.append("retries.perTryTimeout '\(perTry)' is not a duration; ignored")
            }
        }
        return out
    }

    /// Parts that are HTTP status codes Go knows go to `retriable_status_codes`; the rest stay
    /// in `retry_on`.
    static func parseRetryOn(_ text: String) -> (String, [Int]) {
        var conditions: [String] = []
        var codes: [Int] = []
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            if let code = Int(part), knownStatusCodes.contains(code) {
                codes.append(code)
            } else {
                conditions.append(part)
            }
        }
        return (conditions.joined(separator: ","), codes)
    }

    /// The codes Go's `http.StatusText` names (Pilot's test for "is a status code").
    static let knownStatusCodes: Set<Int> = Set(
        [100, 101, 102, 103] + Array(200...208) + [226] + Array(300...305) + [307, 308] + Array(400...418)
            + [421, 422, 423, 424, 425, 426, 428, 429, 431, 451] + Array(500...508) + [510, 511])
}
