/// What a checker concluded, and why. `message` is one line for a JUnit failure attribute;
/// `details` are the lines that show it (what happened, when, which events), and `evidence`
/// the history indexes a reader should look at.
public struct CheckResult: Codable, Sendable {
    public var check: String
    public var validity: Validity
    public var message: String
    public var details: [String]
    public var evidence: [Int]
    /// Seconds the check took.
    public var time: Double

    public init(
        check: String, validity: Validity, message: String, details: [String] = [], evidence: [Int] = [],
        time: Double = 0
    ) {
        self.check = check
        self.validity = validity
        self.message = message
        self.details = details
        self.evidence = evidence
        self.time = time
    }
}
