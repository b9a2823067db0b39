/// What `envoy.fault` does to one request: wait, answer with a status, both or neither.
/// Pure: the caller supplies the two random draws in 0..<1.
public struct FaultDecision: Sendable, Equatable {
    public var delayMilliseconds: Int?
    public var abortStatus: Int?

    public static let none = FaultDecision()

    public init(delayMilliseconds: Int? = nil, abortStatus: Int? = nil) {
        self.delayMilliseconds = delayMilliseconds
        self.abortStatus = abortStatus
    }

    public init(fault: XDSFault?, delayDraw: Double, abortDraw: Double) {
        if let delay = fault?.delay, delayDraw < delay.percentage.fraction, let milliseconds = XDSDuration.milliseconds(delay.fixedDelay) {
            delayMilliseconds = milliseconds
        }
        if let abort = fault?.abort, abortDraw < abort.percentage.fraction {
            abortStatus = abort.httpStatus
        }
    }

    public var isFaulted: Bool { delayMilliseconds != nil || abortStatus != nil }
}
