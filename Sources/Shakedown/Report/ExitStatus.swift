/// `shakedown`'s exit codes, which CI gates on: 0 only when every check proved its property.
/// 64 and 70 are sysexits' EX_USAGE (bad command line or suite file) and EX_SOFTWARE.
public enum ExitStatus: Int32, Sendable {
    case valid = 0
    case invalid = 1
    /// None invalid, some unknown: a checker gave up, a system never became ready.
    case unknown = 2
    case usage = 64
    case internalError = 70

    public init(_ validity: Validity) {
        switch validity {
        case .valid: self = .valid
        case .invalid: self = .invalid
        case .unknown: self = .unknown
        }
    }

    public init(_ run: RunResult) {
        self.init(run.validity)
    }
}
