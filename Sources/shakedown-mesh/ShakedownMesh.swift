import ArgumentParser

/// `shakedown-mesh ROLE ...`: one executable, one role per process, as the seed ran Consul,
/// Pilot, Envoy, Zipkin and the Bookinfo containers.
@main
struct ShakedownMesh: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shakedown-mesh",
        abstract: "The Istio-style mesh: registry, control plane, sidecar, tracing collector and Bookinfo apps.",
        subcommands: [RegistryCommand.self, ControlPlaneCommand.self, SidecarCommand.self, TracingCommand.self, AppCommand.self])
}
