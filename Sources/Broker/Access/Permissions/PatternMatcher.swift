import Foundation
import NIOConcurrencyHelpers

/// Matches permission regexes the way rabbit_auth_backend_internal does with `re:run`: an
/// unanchored search (a pattern must carry its own `^…$`), the empty pattern meaning `^$`,
/// and a pattern that does not compile granting nothing. ICU's syntax (NSRegularExpression)
/// stands in for PCRE: classes, escapes, alternation, anchors, `\Q…\E`, lookaround and
/// possessive quantifiers read the same; PCRE's match limits are not reproduced.
///
/// Compiled patterns are cached: every publish checks one.
public final class PatternMatcher: Sendable {
    /// nil caches a pattern that failed to compile.
    private let cache = NIOLockedValueBox<[String: NSRegularExpression?]>([:])
    /// Patterns come from permissions and their topic expansions, so the cache stays small;
    /// the bound only guards against churn.
    private let limit = 4096

    public init() {}

    public func matches(pattern: String, subject: String) -> Bool {
        guard let regex = compiled(pattern.isEmpty ? "^$" : pattern) else { return false }
        let range = NSRange(subject.startIndex..., in: subject)
        return regex.firstMatch(in: subject, options: [], range: range) != nil
    }

    /// Whether RabbitMQ would accept the pattern when permissions are set (`re:compile`).
    public func compiles(_ pattern: String) -> Bool {
        compiled(pattern.isEmpty ? "^$" : pattern) != nil
    }

    private func compiled(_ pattern: String) -> NSRegularExpression? {
        if let hit = cache.withLockedValue({ $0[pattern] }) { return hit }
        let regex = try? NSRegularExpression(pattern: pattern)
        cache.withLockedValue { cache in
            if cache.count >= limit { cache.removeAll(keepingCapacity: true) }
            cache[pattern] = .some(regex)
        }
        return regex
    }
}
