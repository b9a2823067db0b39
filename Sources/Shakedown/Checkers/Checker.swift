/// Decides whether one property held during a scenario.
///
/// Contract: a checker reads the history and the observations and nothing else — it never
/// talks to the system (the run is over when it is called), never mutates its input, and is
/// deterministic for a given input except where a time limit makes it give up, which it
/// reports as `unknown`, never as `valid`. A checker with nothing to judge (no operations, no
/// observations) says `unknown`: absence of evidence is not a pass.
public protocol Checker: Sendable {
    /// The name a suite uses for it (`slot-coverage`, `linearizable`, ...).
    static var name: String { get }
    /// Decodes the checker's parameters from its suite entry; unknown keys are errors.
    init(parameters: Parameters) throws
    func check(_ context: CheckContext) -> CheckResult
}

/// Everything a checker may look at once a scenario is over.
public struct CheckContext: Sendable {
    /// Operations and faults, in order.
    public var history: [HistoryEvent]
    /// What the runner saw of the cluster while the scenario ran and after it ended.
    public var cluster: ClusterObservations

    public init(history: [HistoryEvent], cluster: ClusterObservations = ClusterObservations()) {
        self.history = history
        self.cluster = cluster
    }
}
