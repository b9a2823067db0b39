/// Suite names to checker types. A new checker is one new file and one line here.
public enum CheckerRegistry {
    public static let all: [any Checker.Type] = [
        LinearizableChecker.self,
        AcknowledgedWritesChecker.self,
        SlotCoverageChecker.self,
        FailoverChecker.self,
        StaleNodeChecker.self,
    ]

    public static func named(_ name: String) -> (any Checker.Type)? {
        all.first { $0.name == name }
    }

    /// Every name a suite may use, for "did you mean" suggestions.
    public static var names: [String] { all.map { $0.name } }
}
