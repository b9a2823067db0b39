/// A checker's verdict. Composition follows Jepsen: `invalid` beats `unknown` beats `valid`,
/// so a run is valid only when every check proved its property.
public enum Validity: String, Codable, Sendable, Comparable {
    case valid, unknown, invalid

    private var rank: Int {
        switch self {
        case .valid: 0
        case .unknown: 1
        case .invalid: 2
        }
    }

    public static func < (lhs: Validity, rhs: Validity) -> Bool { lhs.rank < rhs.rank }

    /// The combined verdict of several checks.
    public static func combine<S: Sequence>(_ verdicts: S) -> Validity where S.Element == Validity {
        verdicts.max() ?? .valid
    }
}
