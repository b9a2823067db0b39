/// `linearizable`: every key's operations could have taken effect one at a time, each between
/// its invocation and its completion, in an order the model accepts (per-key register).
///
/// Suite settings: `model: register` (the only model so far), `time-limit: 30s` for the whole
/// search; when it passes, the keys not finished are named and the verdict is `unknown`.
public struct LinearizableChecker: Checker {
    public static let name = "linearizable"
    public static let models = [RegisterModel.name]

    /// The model's name; `register` is the only one so far (the initialisers refuse others).
    public var model: String
    public var timeLimit: Duration

    public init(model: String = RegisterModel.name, timeLimit: Duration = .seconds(30)) {
        self.model = model
        self.timeLimit = timeLimit
    }

    public init(parameters: Parameters) throws {
        model = try parameters.choice("model", among: Self.models) ?? RegisterModel.name
        timeLimit = try parameters.duration("time-limit") ?? .seconds(30)
        if timeLimit <= .zero {
            throw parameters.error("time-limit", "must be longer than 0", suggestion: "for example 30s")
        }
        try parameters.finish()
    }

    public func check(_ context: CheckContext) -> CheckResult {
        timed { LinearizabilityCheck(model: RegisterModel(), timeLimit: timeLimit).run(context.history, check: Self.name) }
    }
}
