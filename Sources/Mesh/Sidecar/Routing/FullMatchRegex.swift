import Foundation

/// A route or header regex compiled once per configuration version. Envoy 1.10 matches with
/// `std::regex_match`, i.e. the whole string must match, so the pattern is anchored as
/// `\A(?:pattern)\z` (alternations like `a|ab` then behave as a full match would).
public final class FullMatchRegex: @unchecked Sendable {
    // @unchecked: NSRegularExpression is immutable once built and documented as thread-safe.
    public let pattern: String
    private let regex: NSRegularExpression

    public init(_ pattern: String) throws {
        self.pattern = pattern
        do {
            regex = try NSRegularExpression(pattern: "\\A(?:\(pattern))\\z")
        } catch {
            throw SidecarConfigError.badRegex(pattern: pattern, reason: "\(error)")
        }
    }

    public func matches(_ text: some StringProtocol) -> Bool {
        let string = String(text)
        return regex.firstMatch(in: string, range: NSRange(string.startIndex..., in: string)) != nil
    }
}

/// Why a configuration was refused as a whole (Envoy NACKs it and keeps the previous one).
public enum SidecarConfigError: Error, Equatable, CustomStringConvertible {
    case badRegex(pattern: String, reason: String)
    case badDuration(field: String, value: String)
    case badAddress(String)

    public var description: String {
        switch self {
        case .badRegex(let pattern, let reason): "invalid regex '\(pattern)': \(reason)"
        case .badDuration(let field, let value): "invalid duration '\(value)' in \(field)"
        case .badAddress(let address): "invalid address '\(address)'"
        }
    }
}
