import NIOCore

/// Installs what a listener runs on an accepted (or entry-handed) connection.
enum DownstreamPipeline {
    static func install(on channel: Channel, listener: ListenerRuntime, runtime: SidecarRuntime) throws {
        listener.connectionsTotal.add()
        switch listener.filter {
        case .http(let manager):
            try HTTPConnectionHandler.install(on: channel, runtime: runtime, listener: listener, manager: manager)
        case .tcp(let cluster, let statPrefix):
            try TCPProxy.install(on: channel, runtime: runtime, listener: listener, cluster: cluster, statPrefix: statPrefix)
        }
    }
}
