/// One kind of fault, as Toxiproxy's toxics are: its parameters as the suite writes them, and
/// one method that applies it. `FaultRegistry` maps the suite's name to the type, so adding a
/// fault is one new file and one registry line.
///
/// Contract: `init` validates everything it can against the topology (a fault that cannot
/// apply is a suite error with file and line, before anything starts); `apply` acts on the
/// system or the network, returns what it touched for the history, and throws only when the
/// fault could not be injected at all.
public protocol Fault: Sendable {
    static var name: String { get }
    init(parameters: Parameters, topology: Topology) throws
    func apply(_ context: NemesisContext) async throws -> FaultRecord
    /// How the fault reads in the scenario's fault-schedule property.
    var summary: String { get }
}

/// What a fault did: the nodes it touched and a detail for the history.
public struct FaultRecord: Sendable {
    public var nodes: [String]
    public var detail: String?

    public init(nodes: [String], detail: String? = nil) {
        self.nodes = nodes
        self.detail = detail
    }
}

/// A fault and when the schedule applies it.
public struct NemesisStep: Sendable {
    /// Time since the scenario began.
    public var at: Duration
    public var fault: any Fault
    public var location: SourceLocation

    public var summary: String { "at \(DurationText.format(at)) \(type(of: fault).name) \(fault.summary)" }
}

public enum FaultRegistry {
    public static let all: [any Fault.Type] = [
        KillFault.self, PauseFault.self, ResumeFault.self, RestartFault.self, SnapshotRDBFault.self,
        PartitionFault.self, HealFault.self, DropFault.self, DelayFault.self, ResetFault.self,
    ]

    public static func named(_ name: String) -> (any Fault.Type)? {
        all.first { $0.name == name }
    }
}
