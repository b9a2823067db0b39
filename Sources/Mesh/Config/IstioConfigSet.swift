/// One stored Istio object as discovery sees it: its name, namespace, the order it was created
/// in (Pilot sorts rules by creation time, then name) and its spec.
public struct IstioConfigEntry<Spec: Sendable & Equatable>: Sendable, Equatable {
    public var name: String
    public var namespace: String
    public var creationIndex: Int
    public var spec: Spec

    public init(name: String, namespace: String = "default", creationIndex: Int, spec: Spec) {
        self.name = name
        self.namespace = namespace
        self.creationIndex = creationIndex
        self.spec = spec
    }
}

/// Every routing rule in the control plane at one moment: the input to discovery beside the
/// registry's catalog.
public struct IstioConfigSet: Sendable, Equatable {
    public var virtualServices: [IstioConfigEntry<VirtualService>]
    public var destinationRules: [IstioConfigEntry<DestinationRule>]

    public init(
        virtualServices: [IstioConfigEntry<VirtualService>] = [], destinationRules: [IstioConfigEntry<DestinationRule>] = []
    ) {
        self.virtualServices = virtualServices
        self.destinationRules = destinationRules
    }
}
