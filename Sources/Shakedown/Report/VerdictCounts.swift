/// How many scenarios and checks of a run ended valid, invalid or unknown: the last line of the
/// printed summary and `counts` in `summary.json`.
public struct VerdictCounts: Codable, Sendable, Equatable {
    public struct Tally: Codable, Sendable, Equatable {
        public var total = 0
        public var valid = 0
        public var invalid = 0
        public var unknown = 0

        public init() {}

        mutating func add(_ validity: Validity) {
            total += 1
            switch validity {
            case .valid: valid += 1
            case .invalid: invalid += 1
            case .unknown: unknown += 1
            }
        }
    }

    public var scenarios = Tally()
    public var checks = Tally()

    public init(_ run: RunResult) {
        for scenario in run.scenarios {
            scenarios.add(scenario.validity)
            for check in scenario.checks { checks.add(scenario.validity(of: check)) }
        }
    }
}

extension ScenarioResult {
    /// A check's verdict within its scenario: one that could not run or finish proves nothing,
    /// so its checks are unknown at best (an invalid one stays invalid, as for the scenario).
    public func validity(of check: CheckResult) -> Validity {
        error == nil ? check.validity : max(.unknown, check.validity)
    }
}
